"""Scores, spread, the small-number rule and the staff/lived-experience gap (plain Python)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.assessments.scoring import (
    Rating,
    area_scores,
    gaps,
    item_scores,
    respondents,
    role_area_scores,
    shown,
    spread,
    weakest,
)

AREAS = ["power", "time", "access"]


def ratings_for(response: int, role: str, answers: dict[str, list[int | None]]
                ) -> list[Rating]:
    return [Rating(response, role, area, f"{area}-{index}", value)
            for area, values in answers.items() for index, value in enumerate(values)]


def group(role: str, start: int, count: int, answers: dict[str, list[int | None]]
          ) -> list[Rating]:
    return [rating for response in range(start, start + count)
            for rating in ratings_for(response, role, answers)]


def test_it_summarises_a_spread_with_a_count_for_each_point() -> None:
    result = spread([1, 4, 4, 5], scale=[1, 2, 3, 4, 5])
    assert (result.count, result.mean, result.lowest, result.highest) == (4, 3.5, 1, 5)
    assert result.counts == {1: 1, 2: 0, 3: 0, 4: 2, 5: 1}
    empty = spread([], scale=[1, 2])
    assert empty.mean is None and empty.count == 0 and empty.counts == {1: 0, 2: 0}


def test_it_scores_an_area_so_that_each_respondent_counts_once() -> None:
    # One person answers two statements with 5; another answers one statement with 1.
    ratings = ratings_for(1, "staff", {"power": [5, 5]}) + ratings_for(
        2, "staff", {"power": [1, None]})
    score = area_scores(ratings, AREAS)
    assert score["power"].mean == 3.0  # (5 + 1) / 2, not (5 + 5 + 1) / 3
    assert score["power"].count == 2
    assert (score["power"].lowest, score["power"].highest) == (1, 5)
    assert score["time"].mean is None


def test_it_leaves_dont_know_out_of_item_scores_and_counts_it() -> None:
    ratings = [Rating(1, "staff", "power", "p1", 4), Rating(2, "staff", "power", "p1", None),
               Rating(3, "staff", "power", "p1", 2)]
    score = item_scores(ratings, ["p1", "p2"], [1, 2, 3, 4, 5])
    assert score["p1"].mean == 3.0 and score["p1"].count == 2 and score["p1"].dont_know == 1
    assert score["p1"].counts == {1: 0, 2: 1, 3: 0, 4: 1, 5: 0}
    assert score["p2"].mean is None


def test_the_small_number_rule_shows_groups_of_five_and_hides_groups_of_four() -> None:
    assert not shown(4, 5) and shown(5, 5) and not shown(0, 5)
    ratings = group("staff", 0, 5, {"power": [4]}) + group(
        "lived_experience", 100, 4, {"power": [2]})
    power = role_area_scores(ratings, ["power"], ["staff", "lived_experience"], 5)["power"]
    assert (power[0].count, power[0].mean) == (5, 4.0)
    assert (power[1].count, power[1].mean) == (4, None)  # counted, but not shown


def test_it_works_out_the_gap_per_area_largest_first_either_way() -> None:
    ratings = (
        group("staff", 0, 5, {"power": [5], "time": [3], "access": [2]})
        + group("lived_experience", 100, 5, {"power": [2], "time": [3], "access": [4]})
        + group("trustee", 200, 6, {"power": [1], "time": [1], "access": [1]})
    )
    found = gaps(ratings, AREAS, threshold=5)
    assert [gap.area for gap in found] == ["power", "access", "time"]
    assert [gap.difference for gap in found] == [3.0, -2.0, 0.0]
    assert found[0].staff == 5.0 and found[0].lived_experience == 2.0
    assert found[0].staff_count == 5 and found[0].lived_experience_count == 5


def test_it_shows_no_gap_when_either_side_has_fewer_than_five() -> None:
    ratings = group("staff", 0, 9, {"power": [5]}) + group(
        "lived_experience", 100, 4, {"power": [1]})
    assert gaps(ratings, AREAS, threshold=5) == []
    assert [gap.area for gap in gaps(ratings, AREAS, threshold=4)] == ["power"]


def test_a_gap_counts_only_people_who_answered_in_that_area() -> None:
    # Five people with lived experience answered "power", but only three answered "time".
    ratings = group("staff", 0, 5, {"power": [4], "time": [4]}) + group(
        "lived_experience", 100, 3, {"power": [2], "time": [2]}) + group(
        "lived_experience", 200, 2, {"power": [2], "time": [None]})
    assert [gap.area for gap in gaps(ratings, AREAS, threshold=5)] == ["power"]


def test_it_finds_the_weakest_areas_in_order() -> None:
    ratings = group("staff", 0, 1, {"power": [4], "time": [2], "access": [3]})
    assert weakest(area_scores(ratings, AREAS), 2) == ["time", "access"]
    assert weakest(area_scores([], AREAS)) == []


def test_it_counts_respondents_overall_and_by_role() -> None:
    ratings = group("staff", 0, 3, {"power": [4, 5]}) + group("trustee", 10, 2, {"power": [1]})
    assert respondents(ratings) == 5
    assert respondents(ratings, "staff") == 3


@given(st.lists(st.tuples(st.sampled_from(["staff", "lived_experience"]),
                          st.lists(st.integers(1, 5) | st.none(), min_size=1, max_size=4)),
                min_size=1, max_size=30))
def test_area_scores_stay_on_the_scale_and_gaps_are_sorted(
    people: list[tuple[str, list[int | None]]]
) -> None:
    ratings = [rating for number, (role, values) in enumerate(people)
               for rating in ratings_for(number, role, {"power": values, "time": values[:1]})]
    for score in area_scores(ratings, AREAS).values():
        assert score.mean is None or 1 <= score.mean <= 5
    # Sizes within rounding noise of each other are ordered by area, as the page shows them.
    sizes = [round(gap.size, 9) for gap in gaps(ratings, AREAS, threshold=1)]
    assert sizes == sorted(sizes, reverse=True)


@pytest.mark.parametrize("threshold", [1, 5])
def test_a_gap_is_staff_minus_lived_experience(threshold: int) -> None:
    ratings = group("staff", 0, 5, {"time": [2]}) + group("lived_experience", 50, 5, {"time": [5]})
    (gap,) = gaps(ratings, AREAS, threshold)
    assert gap.difference == pytest.approx(-3.0) and gap.size == pytest.approx(3.0)
