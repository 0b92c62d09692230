"""Counting a budget vote with the field's standard rules, as pabutools implements them.

The rules themselves are pabutools' (the reference implementation, exact fractions through
gmpy2). This module only chooses the rule's settings the way Pabulib defines them, breaks ties
by the order published before counting, and keeps the figures the results page explains:
per-voter share, the order of winners, and why each project won or lost.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from pabutools.election import (
    AbstractApprovalProfile,
    AbstractOrdinalProfile,
    Cost_Sat,
    Instance,
    Profile,
    Project,
)
from pabutools.election.satisfaction import AdditiveSatisfaction
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen
from pabutools.tiebreaking import TieBreakingRule

RULES = ("greedy", "greedy-no-skip", "mes", "mes-add1", "mes-add1-greedy", "phragmen")


class CountError(ValueError):
    """The vote cannot be counted with the rule asked for."""


@dataclass
class Step:
    """One project's fate, in the order the rule looked at it."""

    project: str
    won: bool
    score: Fraction
    cost: int
    remaining: Fraction
    reason: str  # "funded", "too_expensive", "below_threshold", "stopped", "not_enough_support"


@dataclass
class Count:
    rule: str
    budget: int
    voters: int
    selected: list[str]
    cost: int
    per_voter_share: Fraction | None = None
    per_voter_share_after: Fraction | None = None
    scores: dict[str, Fraction] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    greedy_selected: list[str] = field(default_factory=list)
    voters_with_a_winner: int = 0

    def as_json(self) -> dict[str, Any]:
        share = self.per_voter_share_after or self.per_voter_share
        return {"rule": self.rule, "selected": self.selected, "cost": self.cost,
                "budget": self.budget,
                "per_voter_share": None if share is None else float(share)}


def cost_of(project: Project) -> Fraction:
    return Fraction(str(project.cost))


def score_of(profile: Any, ballot: Any, project: Project) -> Fraction:
    """Return a ballot's points for a project: 1 for an approval, its points for cumulative or
    scoring ballots, and Borda points (first of k gets k) for ranked ballots."""
    if isinstance(profile, AbstractApprovalProfile):
        return Fraction(1 if project in ballot else 0)
    if isinstance(profile, AbstractOrdinalProfile):
        order = list(ballot)
        if project not in order:
            return Fraction(0)
        length = int(profile.legal_max_length or len(order))
        return Fraction(length - order.index(project))
    return Fraction(str(ballot.get(project, 0)))


def ballot_points(profile: Any, ballot: Any) -> dict[str, Fraction]:
    """A ballot's points for each project it names (see score_of)."""
    if isinstance(profile, AbstractApprovalProfile):
        return {p.name: Fraction(1) for p in ballot}
    if isinstance(profile, AbstractOrdinalProfile):
        order = list(ballot)
        length = int(profile.legal_max_length or len(order))
        return {p.name: Fraction(length - i) for i, p in enumerate(order)}
    return {p.name: Fraction(str(v)) for p, v in ballot.items()}


def score_times_cost(profile: Any) -> type[AdditiveSatisfaction]:
    """A satisfaction of points x cost, so that pabutools' greedy ranks by points alone
    (Pabulib's greedy) and MES uses cost utilities, as equalshares.net does."""

    class ScoreTimesCost(AdditiveSatisfaction):
        def __init__(self, instance: Instance, profile_: Any, ballot: Any) -> None:
            def func(_i: Any, _p: Any, b: Any, project: Project, _pre: Any) -> Fraction:
                return score_of(profile, b, project) * int(project.cost)
            super().__init__(instance, profile_, ballot, func)

    return ScoreTimesCost


def published_order(order: Sequence[str]) -> TieBreakingRule:
    """Break ties by the order drawn and published before counting (first wins)."""
    rank = {name: i for i, name in enumerate(order)}
    return TieBreakingRule(lambda _inst, _prof, project: rank.get(project.name, len(rank)))


def count(instance: Instance, profile: Profile, rule: str, tie_order: Sequence[str] = (),
          min_support: int = 0) -> Count:
    """Count the vote with `rule`, from the ballots alone (never the file's own results)."""
    if rule not in RULES:
        raise CountError(_("Unknown rule '%(rule)s': use one of %(rules)s.")
                         % {"rule": rule, "rules": ", ".join(RULES)})
    if rule == "phragmen" and not isinstance(profile, AbstractApprovalProfile):
        raise CountError(_("Phragmén's method counts approval ballots only."))
    order = list(tie_order) or sorted(p.name for p in instance)
    tie = published_order(order)
    scores = {p.name: Fraction(0) for p in instance}
    points = [ballot_points(profile, b) for b in profile]
    for ballot in points:
        for name, value in ballot.items():
            scores[name] += value
    budget, voters = int(instance.budget_limit), len(profile)
    eligible = Instance([p for p in instance if scores[p.name] >= min_support],
                        budget_limit=instance.budget_limit)
    sat_class = (Cost_Sat if isinstance(profile, AbstractApprovalProfile)
                 else score_times_cost(profile))
    sat = profile.as_sat_profile(sat_class=sat_class)  # once, for every rule run below
    greedy = [p.name for p in greedy_utilitarian_welfare(eligible, profile, sat_profile=sat,
                                                          is_sat_additive=True,
                                                          tie_breaking=tie)]
    result = Count(rule=rule, budget=budget, voters=voters, selected=[], cost=0, scores=scores,
                   greedy_selected=greedy)
    if rule == "greedy":
        result.selected = greedy
    elif rule == "greedy-no-skip":
        result.selected = no_skip(eligible, scores, order)
    elif rule == "phragmen":
        result.selected = [p.name for p in sequential_phragmen(eligible, profile,
                                                               tie_breaking=tie)]
    else:
        result.selected, result.per_voter_share, result.per_voter_share_after = equal_shares(
            eligible, profile, sat, tie, completion=rule != "mes",
            top_up=rule == "mes-add1-greedy")
    costs = {p.name: int(p.cost) for p in instance}
    result.cost = sum(costs[name] for name in result.selected)
    result.steps = explain(instance, scores, result.selected, order, min_support, rule)
    winners = set(result.selected)
    result.voters_with_a_winner = sum(1 for ballot in points
                                      if any(ballot.get(name) for name in winners))
    return result


def no_skip(instance: Instance, scores: dict[str, Fraction], order: list[str]) -> list[str]:
    """Greedy that stops at the first project that does not fit (Pabulib's 'no skip')."""
    chosen, left = [], Fraction(instance.budget_limit)
    for project in ranked(instance, scores, order):
        if cost_of(project) > left:
            break
        chosen.append(project.name)
        left -= cost_of(project)
    return chosen


def ranked(instance: Instance, scores: dict[str, Fraction], order: list[str]) -> list[Project]:
    rank = {name: i for i, name in enumerate(order)}
    return sorted(instance, key=lambda p: (-scores[p.name], rank.get(p.name, len(rank))))


def equal_shares(instance: Instance, profile: Profile, sat: Any, tie: TieBreakingRule,
                 completion: bool, top_up: bool
                 ) -> tuple[list[str], Fraction, Fraction | None]:
    """MES; with completion, raise every voter's share by one unit while the outcome still
    fits the real budget ("add one", equalshares.net); then optionally top up greedily."""
    voters = len(profile)
    start = Fraction(int(instance.budget_limit), voters or 1)
    outcome = method_of_equal_shares(instance, profile, sat_profile=sat, tie_breaking=tie,
                                     voter_budget_increment=1 if completion else None,
                                     analytics=completion)
    chosen = list(outcome)
    share_after = None
    if completion and voters:
        share_after = Fraction(str(outcome.details.get_final_budget())) / voters
    if top_up:
        chosen = list(greedy_utilitarian_welfare(instance, profile, sat_profile=sat,
                                                 is_sat_additive=True, tie_breaking=tie,
                                                 initial_budget_allocation=chosen))
    return [p.name for p in chosen], start, share_after


def explain(instance: Instance, scores: dict[str, Fraction], selected: list[str],
            order: list[str], min_support: int, rule: str) -> list[Step]:
    """Walk the projects by points and say, for each, why it won or lost."""
    steps, left = [], Fraction(instance.budget_limit)
    winners = set(selected)
    for name in selected:
        project = next(p for p in instance if p.name == name)
        left -= cost_of(project)
        steps.append(Step(name, True, scores[name], int(project.cost), left, "funded"))
    for project in ranked(instance, scores, order):
        if project.name in winners:
            continue
        if scores[project.name] < min_support:
            reason = "below_threshold"
        elif cost_of(project) > left:
            reason = "too_expensive"
        elif rule == "greedy-no-skip":
            reason = "stopped"
        else:
            reason = "not_enough_support"
        steps.append(Step(project.name, False, scores[project.name], int(project.cost), left,
                          reason))
    return steps
