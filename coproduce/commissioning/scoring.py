"""The ranking rules, in plain Python: the web pages and `coproduce rank-bids` both use them.

For each scorer and bid the weighted total is the sum of weight × score. Some scorers are
lenient and some harsh, and a conflict of interest takes a scorer away from a bid, so the
fair ranking uses each scorer's z-scores: z = (total − that scorer's mean over the bids they
scored) ÷ that scorer's population standard deviation, and z = 0 for every bid of a scorer
whose totals do not vary or who scored fewer than two bids. A bid's score is the mean of its
available z-scores; the raw mean of weighted totals is always shown beside it. Ties go to the
lower cost, then the bid reference. A conflict makes a score absent, never zero.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

METHODS = ("z", "raw")
OUTLIER_GAP = 2  # points on the 1–5 scale between one score and the others' middle score
TIE = 1e-9


@dataclass(frozen=True)
class Mark:
    """One scorer's score for one bid on one criterion (weight as a share or a percentage)."""

    bid: str
    scorer: str
    criterion: str
    weight: float
    score: int


@dataclass
class BidResult:
    bid: str
    cost: Decimal
    raw_mean: float | None = None
    z_mean: float | None = None
    scores: dict[str, float] = field(default_factory=dict)  # scorer -> weighted total
    z: dict[str, float] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    outliers: list[str] = field(default_factory=list)  # plain sentences
    short: bool = False
    position: int = 0
    tied_with: list[str] = field(default_factory=list)

    def value(self, method: str) -> float | None:
        return self.z_mean if method == "z" else self.raw_mean


@dataclass
class Ranking:
    method: str
    bids: list[BidResult]
    explanation: list[str]


def weighted_totals(marks: Iterable[Mark]) -> dict[tuple[str, str], float]:
    """Return {(bid, scorer): sum of weight × score}."""
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for mark in marks:
        totals[(mark.bid, mark.scorer)] += mark.weight * mark.score
    return dict(totals)


def z_scores(totals: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """Standardise each scorer's totals over the bids they scored."""
    by_scorer: dict[str, dict[str, float]] = defaultdict(dict)
    for (bid, scorer), total in totals.items():
        by_scorer[scorer][bid] = total
    result = {}
    for scorer, bids in by_scorer.items():
        values = list(bids.values())
        spread = statistics.pstdev(values) if len(values) >= 2 else 0.0
        mean = statistics.fmean(values)
        for bid, total in bids.items():
            result[(bid, scorer)] = (total - mean) / spread if spread > TIE else 0.0
    return result


def outliers(marks: Iterable[Mark]) -> dict[str, list[str]]:
    """Flag a score far (2+ points) from the middle of the others on that bid and criterion."""
    cells: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for mark in marks:
        cells[(mark.bid, mark.criterion)][mark.scorer] = mark.score
    flagged: dict[str, list[str]] = defaultdict(list)
    for (bid, criterion), scores in sorted(cells.items()):
        if len(scores) < 3:
            continue
        for scorer, score in sorted(scores.items()):
            others = statistics.median(s for who, s in scores.items() if who != scorer)
            if abs(score - others) >= OUTLIER_GAP:
                flagged[bid].append(
                    _("%(scorer)s gave %(score)s for “%(criterion)s”; the others' middle "
                      "score was %(others)s.")
                    % {"scorer": scorer, "score": score, "criterion": criterion,
                       "others": f"{others:g}"})
    return dict(flagged)


def rank(marks: list[Mark], costs: dict[str, Decimal], conflicts: Iterable[tuple[str, str]],
         method: str = "z", min_scores: int = 1) -> Ranking:
    """Rank every bid in `costs` by `method` ("z" or "raw"), best first, with the reasons."""
    if method not in METHODS:
        raise ValueError(method)
    totals = weighted_totals(marks)
    zs = z_scores(totals)
    results = {bid: BidResult(bid=bid, cost=cost) for bid, cost in costs.items()}
    for (bid, scorer), total in sorted(totals.items()):
        results[bid].scores[scorer] = total
        results[bid].z[scorer] = zs[(bid, scorer)]
    for bid, scorer in sorted(set(conflicts)):
        results[bid].conflicts.append(scorer)
    for bid, sentences in outliers(marks).items():
        results[bid].outliers = sentences
    for result in results.values():
        if result.scores:
            result.raw_mean = statistics.fmean(result.scores.values())
            result.z_mean = statistics.fmean(result.z.values())
        result.short = len(result.scores) < min_scores
    ordered = sorted(results.values(), key=lambda r: order_key(r, method))
    for position, result in enumerate(ordered, start=1):
        result.position = position
        value = result.value(method)
        result.tied_with = [other.bid for other in ordered if other is not result
                            and value is not None and other.value(method) is not None
                            and abs(other.value(method) - value) < TIE]  # type: ignore[operator]
    return Ranking(method=method, bids=ordered, explanation=explain(ordered, method))


def order_key(result: BidResult, method: str) -> tuple[int, float, Decimal, str]:
    value = result.value(method)
    return (value is None, -(value or 0.0), result.cost, result.bid)


def explain(ordered: list[BidResult], method: str) -> list[str]:
    """Say in plain words how the ranking was made and every tie broken."""
    lines = [_("Each scorer's total for a bid is the sum of each criterion's weight times "
               "their score.")]
    if method == "z":
        lines.append(_("Some people score generously and some strictly. So each scorer's "
                       "totals are compared with their own average: a bid they rated above "
                       "their average gets a positive number, below it a negative one. A "
                       "bid's place comes from the average of these numbers."))
    else:
        lines.append(_("A bid's place comes from the average of its scorers' totals."))
    lines.append(_("A scorer with a conflict of interest does not score that bid: their score "
                   "is left out, not counted as zero."))
    reported: set[str] = set()
    for result in ordered:
        if result.tied_with and result.bid not in reported:
            group = [result.bid, *result.tied_with]
            reported.update(group)
            lines.append(_("%(bids)s have the same score: the cheaper bid goes first, then "
                           "the lower reference.") % {"bids": ", ".join(group)})
        if result.value(method) is None:
            lines.append(_("%(bid)s has no scores yet, so it is placed last.")
                         % {"bid": result.bid})
    return lines
