"""The governance summary builds only the four sections trustees read, and holds back small
counts; building part of the report gives the same figures as building all of it."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.projects.models import Project
from coproduce.reports.builder import GOVERNANCE, SECTIONS, build, default_period
from coproduce.voices.models import Outcome, Voice

from .records import DAY, record


@pytest.fixture(autouse=True)
def frozen_today() -> Any:
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False):
        yield


def test_it_builds_only_the_sections_named_with_the_same_figures(org: Any) -> None:
    record(org)
    start, end = default_period()
    whole = build(org, start, end)
    part = build(org, start, end, sections=GOVERNANCE)
    assert [s.key for s in whole.sections] == list(SECTIONS)
    assert [s.key for s in part.sections] == ["participation", "outcomes", "cost", "assessment"]
    for section in part.sections:
        assert section.figures == whole.section(section.key).figures  # type: ignore[union-attr]
        assert section.notes == whole.section(section.key).notes  # type: ignore[union-attr]
    assert part.section("activity") is None and part.section("quotes") is None


def test_it_says_empty_from_the_sections_it_built(org: Any) -> None:
    start, end = default_period()
    project = Project.objects.create(organisation=org, title="Only decisions", purpose="x")
    project.decisions.create(text="Meet on Tuesdays", decided_on=DAY, proposed_by="staff",
                             method="consensus")
    # A decision is in the activity section, which the summary does not build or show.
    assert not build(org, start, end).empty
    assert build(org, start, end, sections=GOVERNANCE).empty
    Voice.objects.create(organisation=org, text="More buses", channel="phone", heard_on=DAY)
    assert not build(org, start, end, sections=GOVERNANCE).empty


def test_it_refuses_a_section_it_does_not_know(org: Any) -> None:
    start, end = default_period()
    with pytest.raises(ValueError, match="No report section gossip"):
        build(org, start, end, sections=["outcomes", "gossip"])


def test_the_summary_needs_fewer_queries_than_the_whole_report_and_stays_flat(
        org: Any, other_org: Any, viewer: Any, login: Any,
        django_assert_max_num_queries: Any) -> None:
    start, end = default_period()
    record(org, people=6, small_group=1)
    with CaptureQueriesContext(connection) as small:
        build(org, start, end, sections=GOVERNANCE)
    cache.clear()  # the equity lens is cached: compare like with like
    with CaptureQueriesContext(connection) as whole:
        build(org, start, end)
    assert len(small.captured_queries) < len(whole.captured_queries)
    record(other_org, people=60, small_group=20)
    for n in range(3):
        Project.objects.create(organisation=other_org, title=f"More {n}", purpose="More")
    with django_assert_max_num_queries(len(small.captured_queries)):
        build(other_org, start, end, sections=GOVERNANCE)
    assert login(viewer).get(reverse("reports:governance", args=[org.slug])).status_code == 200


def test_the_summary_holds_back_counts_of_one_to_four(org: Any, viewer: Any,
                                                     login: Any) -> None:
    record(org)
    for n in range(3):
        Outcome.objects.create(organisation=org, kind="done", text=f"Done {n}",
                               happened_on=DAY)
    page = login(viewer).get(reverse("reports:governance", args=[org.slug])).content.decode()
    row = page[page.index(">Outcomes delivered<"):][:200]
    assert "fewer than 5" in row and ">3<" not in row


def test_the_summary_says_when_nothing_happened(org: Any, viewer: Any, login: Any) -> None:
    page = login(viewer).get(reverse("reports:governance", args=[org.slug])).content.decode()
    assert "Nothing was recorded in this period" in page
