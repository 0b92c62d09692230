"""Ranking a round from its score sheets, the moderation meeting's changes, and awards.

Awards go down the ranking while the remaining budget allows: a bid that no longer fits is
skipped, not stopped at, and the next one is considered. Each step is said in plain words.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.projects.phases import PhaseKind

from .models import (
    Award,
    Bid,
    BidStatus,
    Declaration,
    Interest,
    Move,
    Round,
    RoundStatus,
    Score,
)
from .scoring import BidResult, Mark, Ranking, rank


def money(amount: Decimal) -> str:
    return f"£{amount:,.2f}".removesuffix(".00")


@dataclass
class AwardPlan:
    budget: Decimal
    amounts: dict[str, Decimal] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)

    @property
    def spent(self) -> Decimal:
        return sum(self.amounts.values(), Decimal("0"))


def plan_awards(order: list[tuple[str, Decimal]], budget: Decimal,
                partial: dict[str, Decimal] | None = None) -> AwardPlan:
    """Fund bids in `order` ((reference, amount asked)) while the budget allows."""
    partial = partial or {}
    plan = AwardPlan(budget=budget)
    remaining = budget
    for place, (bid, asked) in enumerate(order, start=1):
        amount = partial.get(bid, asked)
        if amount <= 0:
            plan.steps.append(_("%(place)s. %(bid)s: not funded, as the panel decided.")
                              % {"place": place, "bid": bid})
        elif amount <= remaining:
            remaining -= amount
            plan.amounts[bid] = amount
            plan.steps.append(_("%(place)s. %(bid)s asks for %(asked)s: funded with "
                                "%(amount)s, leaving %(left)s.")
                              % {"place": place, "bid": bid, "asked": money(asked),
                                 "amount": money(amount), "left": money(remaining)})
        else:
            plan.steps.append(_("%(place)s. %(bid)s asks for %(amount)s but only %(left)s is "
                                "left: skipped, and the next bid is considered.")
                              % {"place": place, "bid": bid, "amount": money(amount),
                                 "left": money(remaining)})
    if order and not plan.amounts and min(cost for _bid, cost in order) > budget:
        plan.steps.append(_("No bid fits within the budget of %(budget)s: the smallest asks "
                            "for %(smallest)s. No grants can be awarded.")
                          % {"budget": money(budget),
                             "smallest": money(min(cost for _bid, cost in order))})
    return plan


def scorer_labels(round: Round) -> dict[int, str]:
    """Each panel place's name; two panel members of the same name are told apart."""
    names = dict(round.panel.values_list("pk", "person__name"))
    taken = [name for name in names.values()]
    return {pk: name if taken.count(name) == 1 else f"{name} ({pk})"
            for pk, name in names.items()}


def round_marks(round: Round) -> tuple[list[Mark], dict[str, Decimal], list[tuple[str, str]]]:
    """Read a round's current score sheets into the ranking's plain terms (plain rows, so
    thousands of scores cost one query and no model objects)."""
    bids = round.bids.filter(status=BidStatus.SUBMITTED, eligible=True)
    label = scorer_labels(round)
    rows = Score.objects.filter(sheet__bid__in=bids, sheet__current=True).values_list(
        "sheet__bid__reference", "sheet__panellist_id", "criterion__name",
        "criterion__weight", "score")
    marks = [Mark(bid=bid, scorer=label[scorer], criterion=criterion, weight=weight / 100,
                  score=score) for bid, scorer, criterion, weight, score in rows]
    conflicts = [(bid, label[scorer]) for bid, scorer in
                 Declaration.objects.filter(bid__in=bids, kind=Interest.CONFLICT)
                 .values_list("bid__reference", "panellist_id")]
    return marks, dict(bids.values_list("reference", "amount")), conflicts


def moderated(ranking: Ranking, moves: list[Move]) -> list[BidResult]:
    """Apply the moderation meeting's moves, in the order they were made."""
    order = list(ranking.bids)
    for move in moves:
        found = [r for r in order if r.bid == move.bid.reference]
        if found:
            order.remove(found[0])
            order.insert(max(0, min(move.to_position, len(order) + 1) - 1), found[0])
    return order


def round_ranking(round: Round, method: str = "z") -> tuple[Ranking, list[BidResult]]:
    """Return the ranking by the rules, and the order after the moderation meeting's moves."""
    marks, costs, conflicts = round_marks(round)
    ranking = rank(marks, costs, conflicts, method=method, min_scores=round.min_scores)
    return ranking, moderated(ranking, list(round.moves.select_related("bid")))


def award_order(order: list[BidResult]) -> list[tuple[str, Decimal]]:
    """The bids that may be funded, in order: those with at least one score."""
    return [(result.bid, result.cost) for result in order if result.raw_mean is not None]


@transaction.atomic
def move_bid(round: Round, bid: Bid, to_position: int, reason: str, by: Any,
             proposed_by: str, method: str) -> Move:
    """Record the panel's change to the ranking, with its reason, in the decision log."""
    if round.status != RoundStatus.MODERATION:
        raise ValidationError(_("The ranking can be changed only in the moderation meeting."))
    if not reason.strip():
        raise ValidationError(_("Say why the bid is moved."))
    decision = round.fund.project.record_decision(
        _("Moderation of “%(round)s”: %(bid)s moved to place %(place)s, because: %(reason)s")
        % {"round": round.title, "bid": bid.reference, "place": to_position, "reason": reason},
        proposed_by=proposed_by, method=method, by=by, meeting=round.meeting)
    return Move.objects.create(round=round, bid=bid, to_position=to_position, reason=reason,
                               decision=decision)


@transaction.atomic
def award_round(round: Round, amounts: dict[str, Decimal], by: Any, proposed_by: str,
                method: str, votes: tuple[int | None, int | None, int | None] = (None,) * 3,
                note: str = "") -> list[Award]:
    """Award the grants: refused if they come to more than the budget, or a bid gets more
    than it asked for."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.MODERATION:
        raise ValidationError(_("Grants can be awarded only in the moderation meeting, once "
                                "scoring has closed."))
    bids = {bid.reference: bid for bid in round.bids.filter(status=BidStatus.SUBMITTED,
                                                            eligible=True)}
    amounts = {ref: amount for ref, amount in amounts.items() if amount > 0}
    if unknown := [ref for ref in amounts if ref not in bids]:
        raise ValidationError(_("These bids cannot be funded: %(refs)s.")
                              % {"refs": ", ".join(unknown)})
    if over := [ref for ref, amount in amounts.items() if amount > bids[ref].amount]:
        raise ValidationError(_("A grant cannot be more than was asked for: %(refs)s.")
                              % {"refs": ", ".join(over)})
    total = sum(amounts.values(), Decimal("0"))
    if total > round.budget:
        raise ValidationError(_("These awards come to %(total)s, more than the budget of "
                                "%(budget)s. Nothing has been awarded.")
                              % {"total": money(total), "budget": money(round.budget)})
    project = round.fund.project
    listed = ", ".join(f"{ref} {money(amount)}" for ref, amount in sorted(amounts.items()))
    decision = project.record_decision(
        _("Grants awarded in “%(round)s”: %(list)s (%(total)s of %(budget)s). %(note)s")
        % {"round": round.title, "list": listed or _("none"), "total": money(total),
           "budget": money(round.budget), "note": note},
        proposed_by=proposed_by, method=method, by=by, meeting=round.meeting, votes=votes)
    project.take_part(PhaseKind.CO_FINANCING, "participant", "decides",
                      _("Grant panel: awards"))
    today = timezone.localdate()
    awards = [Award.objects.create(bid=bids[ref], amount=amount, awarded_on=today,
                                   partial=amount < bids[ref].amount, decision=decision)
              for ref, amount in sorted(amounts.items())]
    round.status = RoundStatus.AWARDED
    round.save(update_fields=["status"])
    return awards
