"""The results page: scores, the gap, the weakest areas, earlier rounds and small numbers."""

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from coproduce.assessments.frameworks import catalogue
from coproduce.assessments.models import Round
from coproduce.assessments.results import round_results

from .factories import FRAMEWORK, answer, area_values, make_round

SCORES_STAFF = {"enabling-factors": 5, "skills": 4, "processes": 4}
SCORES_LIVED = {"enabling-factors": 2, "skills": 3, "processes": 4}


def results_url(org: Any, round_: Any) -> str:
    return reverse("assessments:round_results",
                   kwargs={"org_slug": org.slug, "round_id": round_.pk})


def fill(round_: Any, role: str, count: int, scores: dict[str, int] | int) -> None:
    for _ in range(count):
        answer(round_, role, scores if isinstance(scores, int) else area_values(round_, scores))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_round_with_no_answers_says_so_clearly(login: Any, coordinator: Any, org: Any) -> None:
    round_ = make_round(org)
    response = login(coordinator).get(results_url(org, round_))
    page = response.content.decode()
    assert response.status_code == 200
    assert "No one has answered yet, so there are no results to show" in page
    assert "<svg" not in page


def test_it_shows_the_gap_largest_first_and_tips_for_the_weakest_area(
    login: Any, viewer: Any, org: Any
) -> None:
    round_ = make_round(org)
    fill(round_, "staff", 5, SCORES_STAFF)
    fill(round_, "lived_experience", 5, SCORES_LIVED)
    response = login(viewer).get(results_url(org, round_))  # viewers see aggregates
    assert response.status_code == 200
    page = response.content.decode()
    gaps = page[page.index('id="gaps"'):page.index("The weakest areas")]
    assert [name for name in ("Enabling factors", "Skills", "Processes") if name in gaps] == [
        "Enabling factors", "Skills", "Processes"]
    assert gaps.index("Enabling factors") < gaps.index("Skills") < gaps.index("Processes")
    assert "staff score 3.0 higher" in text_of(gaps)
    assert "no difference" in text_of(gaps)
    weakest = page[page.index("The weakest areas"):page.index("Scores by area")]
    enabling = round_.questions.area("enabling-factors")
    assert weakest.index("Enabling factors") < weakest.index("Skills")
    assert escape(str(enabling.starters[0])) in weakest
    assert escape(str(enabling.tips[0])) in weakest
    assert "Plan an action" not in page  # viewers may not plan actions


def test_the_default_rule_hides_groups_of_four(login: Any, coordinator: Any, org: Any) -> None:
    round_ = make_round(org)
    fill(round_, "staff", 5, SCORES_STAFF)
    fill(round_, "lived_experience", 4, SCORES_LIVED)
    page = login(coordinator).get(results_url(org, round_)).content.decode()
    assert "The gap is shown once at least 5 staff and 5 people with lived experience" in page
    assert "hidden: fewer than 5 people" in page
    results = round_results(round_)
    assert results.gaps == [] and results.respondents == 9
    lived = results.roles[3]
    assert (lived.role, lived.count, lived.visible) == ("lived_experience", 4, False)
    assert ">4<" not in text_of(page[page.index("Who answered"):page.index("Scores by group")])
    # Overall scores still show, with a warning, when fewer than five have answered.
    small = make_round(org, title="Tiny round")
    answer(small, "staff", 3)
    page = login(coordinator).get(results_url(org, small)).content.decode()
    assert "Fewer than 5 people have answered, so treat these scores with care" in page
    assert "1 person has answered" in page


def test_the_threshold_comes_from_the_setting(settings: Any, org: Any) -> None:
    round_ = make_round(org)
    fill(round_, "staff", 2, SCORES_STAFF)
    fill(round_, "lived_experience", 2, SCORES_LIVED)
    assert round_results(round_).gaps == []
    settings.COPRODUCE_SMALL_NUMBER = 2
    assert [row.area.key for row in round_results(round_).gaps] == [
        "enabling-factors", "skills", "processes"]


def test_it_shows_each_statement_with_the_spread_of_answers(login: Any, coordinator: Any,
                                                            org: Any) -> None:
    round_ = make_round(org)
    item = round_.questions.items[0]
    for value in (1, 5, 5, None):
        answer(round_, "staff", {item.key: value})
    results = round_results(round_)
    spread = results.areas[0].items[0][1]
    assert (spread.mean, spread.count, spread.dont_know) == (pytest.approx(11 / 3), 3, 1)
    assert spread.counts == {1: 1, 2: 0, 3: 0, 4: 0, 5: 2}
    page = login(coordinator).get(results_url(org, round_)).content.decode()
    assert 'role="img"' in page and "<title id=" in page  # the charts
    assert "Figures in the radar chart" in page and "Figures in the bar chart" in page


def test_it_compares_with_earlier_rounds_of_the_same_framework(
    login: Any, coordinator: Any, org: Any, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC))
    spring = make_round(org, title="Spring 2025")
    fill(spring, "staff", 2, 2)
    make_round(org, title="Other framework", framework="five-steps")
    time_machine.move_to(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC))
    later = make_round(org, title="Spring 2026")
    fill(later, "staff", 2, 4)
    results = round_results(later)
    assert [round_.title for round_ in results.earlier_rounds] == ["Spring 2025"]
    assert results.areas[0].earlier == [2.0] and results.areas[0].change == 2.0
    page = login(coordinator).get(results_url(org, later)).content.decode()
    comparison = text_of(page[page.index('id="comparison"'):])
    assert "Spring 2025" in comparison and "+2.0" in comparison
    assert "Other framework" not in comparison
    assert [round_.title for round_ in spring.earlier_rounds()] == []


def test_the_results_page_makes_the_same_queries_however_many_answered(
    login: Any, coordinator: Any, org: Any, django_assert_max_num_queries: Any
) -> None:
    earlier = make_round(org, title="Earlier")
    fill(earlier, "staff", 3, 3)
    round_ = make_round(org)
    fill(round_, "staff", 5, SCORES_STAFF)
    fill(round_, "lived_experience", 5, SCORES_LIVED)
    client = login(coordinator)
    with CaptureQueriesContext(connection) as few:
        assert client.get(results_url(org, round_)).status_code == 200
    fill(round_, "staff", 20, SCORES_STAFF)
    fill(round_, "trustee", 10, 3)
    with CaptureQueriesContext(connection) as many:
        client.get(results_url(org, round_))
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(12):
        client.get(results_url(org, round_))


def test_a_round_keeps_the_framework_it_was_asked_with(org: Any) -> None:
    round_ = make_round(org)
    shipped = catalogue("assessment")[FRAMEWORK]
    name = shipped["name"]
    try:
        shipped["name"] = "Changed in a later version"  # as if the file had been edited
        assert Round.objects.get(pk=round_.pk).questions.name.en == name
        assert round_.framework_version == 1
    finally:
        shipped["name"] = name
