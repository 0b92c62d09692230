"""The ranking rules on a hand-worked example, where a conflict changes the awards.

Three scorers, three bids, one criterion (weight 100%, so a total is the score):

    scorer     P   Q         R      mean   population sd
    Ana        5   5         4      14/3   0.4714   (generous)
    Bryn       3   conflict  1      2      1        (strict; away from Q)
    Cerys      4   4         2      10/3   0.9428

Raw means: P = 12/3 = 4.0, Q = 9/2 = 4.5, R = 7/3. Q leads only because the strict scorer
is missing from it.
z-scores: Ana P +0.7071, Q +0.7071, R −1.4142; Bryn P +1, R −1; Cerys P +0.7071,
Q +0.7071, R −1.4142. z means: P = 0.8047, Q = 0.7071, R = −1.2761.
Costs P £6,000, Q £6,000, R £3,000, budget £10,000: by raw means Q is funded, P no longer
fits and is skipped, R is funded (Q, R); by z-scores P, then R (P, R).
"""

from decimal import Decimal

import pytest

from coproduce.commissioning.awards import award_order, plan_awards
from coproduce.commissioning.scoring import Mark, rank

SCORES = {("Ana", "P"): 5, ("Ana", "Q"): 5, ("Ana", "R"): 4, ("Bryn", "P"): 3,
          ("Bryn", "R"): 1, ("Cerys", "P"): 4, ("Cerys", "Q"): 4, ("Cerys", "R"): 2}
COSTS = {"P": Decimal("6000"), "Q": Decimal("6000"), "R": Decimal("3000")}
CONFLICTS = [("Q", "Bryn")]
MARKS = [Mark(bid=bid, scorer=who, criterion="Need", weight=1.0, score=score)
         for (who, bid), score in SCORES.items()]


def test_it_ranks_by_raw_means_with_the_conflict_left_out_not_zero() -> None:
    ranking = rank(MARKS, COSTS, CONFLICTS, method="raw")
    assert [r.bid for r in ranking.bids] == ["Q", "P", "R"]
    q = ranking.bids[0]
    assert q.raw_mean == pytest.approx(4.5)
    assert q.conflicts == ["Bryn"] and "Bryn" not in q.scores


def test_it_ranks_by_each_scorers_z_scores() -> None:
    ranking = rank(MARKS, COSTS, CONFLICTS, method="z")
    assert [r.bid for r in ranking.bids] == ["P", "Q", "R"]
    by_bid = {r.bid: r for r in ranking.bids}
    assert by_bid["P"].z_mean == pytest.approx((0.70711 + 1 + 0.70711) / 3, abs=1e-4)
    assert by_bid["Q"].z_mean == pytest.approx(0.70711, abs=1e-4)
    assert by_bid["R"].z_mean == pytest.approx(-1.27614, abs=1e-4)
    assert by_bid["P"].raw_mean == pytest.approx(4.0)  # the raw mean is always there too


def test_the_conflict_changes_the_awards_between_raw_and_normalised() -> None:
    budget = Decimal("10000")
    raw = plan_awards(award_order(rank(MARKS, COSTS, CONFLICTS, method="raw").bids), budget)
    fair = plan_awards(award_order(rank(MARKS, COSTS, CONFLICTS, method="z").bids), budget)
    assert list(raw.amounts) == ["Q", "R"] and raw.spent == Decimal("9000")
    assert list(fair.amounts) == ["P", "R"] and fair.spent == Decimal("9000")
    assert "skipped, and the next bid is considered" in fair.steps[1]


def test_it_gives_z_zero_to_a_scorer_who_scored_one_bid_or_never_varies() -> None:
    marks = [Mark("A", "Dee", "Need", 1.0, 5), Mark("A", "Eli", "Need", 1.0, 3),
             Mark("B", "Eli", "Need", 1.0, 3)]
    ranking = rank(marks, {"A": Decimal(1), "B": Decimal(1)}, [], method="z")
    assert all(z == 0 for r in ranking.bids for z in r.z.values())


def test_it_breaks_ties_by_lower_cost_then_reference_and_says_so() -> None:
    marks = [Mark(bid, "Ana", "Need", 1.0, 4) for bid in ("B2", "B1", "B3")]
    costs = {"B1": Decimal("500"), "B2": Decimal("400"), "B3": Decimal("500")}
    ranking = rank(marks, costs, [], method="raw")
    assert [r.bid for r in ranking.bids] == ["B2", "B1", "B3"]
    assert any("the cheaper bid goes first" in line for line in ranking.explanation)


def test_it_weights_each_criterion_and_flags_outliers_and_short_bids() -> None:
    marks = [Mark("A", who, crit, weight, score) for who, crit, weight, score in [
        ("Ana", "Need", 0.6, 5), ("Ana", "Value", 0.4, 1),
        ("Bryn", "Need", 0.6, 5), ("Bryn", "Value", 0.4, 4),
        ("Cerys", "Need", 0.6, 4), ("Cerys", "Value", 0.4, 4)]]
    ranking = rank(marks, {"A": Decimal(1), "B": Decimal(1)}, [], method="raw", min_scores=3)
    a, b = ranking.bids
    assert a.scores["Ana"] == pytest.approx(0.6 * 5 + 0.4 * 1)
    assert a.outliers and "Ana gave 1" in a.outliers[0]
    assert not a.short and b.short and b.raw_mean is None


def test_it_says_plainly_when_the_budget_is_smaller_than_any_bid() -> None:
    plan = plan_awards([("A", Decimal("900")), ("B", Decimal("700"))], Decimal("500"))
    assert plan.amounts == {}
    assert "No grants can be awarded" in plan.steps[-1]
