"""The dashboard says what to do today: meetings with accessibility not yet arranged, themes
rising (open voices only), and overdue actions."""

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from coproduce.assessments.models import PlannedAction
from coproduce.assessments.tests.factories import make_round
from coproduce.people.models import AccessNeed, NeedKind, Person
from coproduce.projects.models import Meeting, Project
from coproduce.themes.models import Placement, Theme
from coproduce.voices.models import Status, Voice

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


def dashboard(client: Any, org: Any) -> str:
    return str(client.get(reverse("reports:dashboard", args=[org.slug])).content.decode())


def themed(org: Any, theme: Theme, days_ago: list[int], status: str = Status.NEW) -> None:
    for index, days in enumerate(days_ago):
        voice = Voice.objects.create(organisation=org, text=f"{theme.label} {index}",
                                     channel="phone", status=status,
                                     heard_on=TODAY - datetime.timedelta(days=days))
        Placement.objects.create(voice=voice, theme=theme)


@time_machine.travel(NOW, tick=False)
def test_it_names_a_meeting_whose_interpreter_is_not_booked(login: Any, coordinator: Any,
                                                            org: Any) -> None:
    project = Project.objects.create(organisation=org, title="Outings", purpose="Plan")
    start = NOW + datetime.timedelta(days=5)
    meeting = Meeting.objects.create(project=project, title="Trip planning", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=1))
    person = Person.objects.create(organisation=org, name="Eira Signer")
    AccessNeed.objects.create(person=person, kind=NeedKind.BSL)
    meeting.attendees.add(person)
    page = dashboard(login(coordinator), org)
    assert "Trip planning on 7 Mar: accessibility not yet arranged" in page
    assert "British Sign Language interpreter booked" in page
    Meeting.objects.filter(pk=meeting.pk).update(bsl_booked=True)
    assert "accessibility not yet arranged" not in dashboard(login(coordinator), org)


@time_machine.travel(NOW, tick=False)
def test_it_shows_a_theme_rising_only_while_its_voices_are_open(login: Any, coordinator: Any,
                                                                org: Any) -> None:
    trips = Theme.objects.create(organisation=org, key="trips", label="Seaside trips")
    themed(org, trips, [1, 2, 3, 4, 40])
    steady = Theme.objects.create(organisation=org, key="bingo", label="Bingo")
    themed(org, steady, [1, 2, 3, 35, 36, 37])
    page = dashboard(login(coordinator), org)
    assert "Theme rising: “Seaside trips”, 4 open voices in the last 30 days (up from 1)" in page
    assert "“Bingo”" not in page
    Voice.objects.filter(placement__theme=trips).update(status=Status.DONE)
    assert "Theme rising" not in dashboard(login(coordinator), org)


@time_machine.travel(NOW, tick=False)
def test_it_counts_overdue_actions_for_staff_only(login: Any, coordinator: Any, viewer: Any,
                                                  org: Any) -> None:
    round_ = make_round(org)
    for due in (TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=9)):
        PlannedAction.objects.create(organisation=org, round=round_, area_key="skills",
                                     title="Train the panel", owner="Jo", due_on=due)
    assert "1 action is overdue" in dashboard(login(coordinator), org)
    assert "action is overdue" not in dashboard(login(viewer), org)


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_makes_as_many_queries_for_many_themes_and_voices_as_for_few(
        login: Any, coordinator: Any, org: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("reports:dashboard", args=[org.slug]))
        return len(captured)

    themed(org, Theme.objects.create(organisation=org, key="t0", label="Theme 0"), [1, 2, 3])
    few = queries()
    for n in range(1, 8):
        themed(org, Theme.objects.create(organisation=org, key=f"t{n}", label=f"Theme {n}"),
               [1, 2, 3, 4, 5, 40])
    assert queries() == few
