"""Every meeting of the next fortnight is checked for accessibility not yet arranged, in a
number of queries that does not grow with the number of meetings."""

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.community.models import Check, CommunityRole, RoleHolder
from coproduce.people.models import AccessNeed, NeedKind, Person
from coproduce.projects.models import Meeting, Project, Reply
from coproduce.reports.dashboard import unmet_access

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def meetings(org: Any, count: int, first_day: int = 1) -> list[Meeting]:
    """`count` meetings, a few hours apart, each with a participant who needs BSL (booked),
    a host whose check lapsed and someone who asked for support (arranged)."""
    project = Project.objects.create(organisation=org, title=f"Outings {count}", purpose="Plan")
    signer = Person.objects.create(organisation=org, name=f"Signer {count}")
    AccessNeed.objects.create(person=signer, kind=NeedKind.BSL)
    made = []
    for number in range(count):
        start = NOW + datetime.timedelta(days=first_day, hours=4 * number)
        meeting = Meeting.objects.create(project=project, title=f"Meeting {number + 1}",
                                         starts_at=start, bsl_booked=True,
                                         ends_at=start + datetime.timedelta(hours=1))
        meeting.attendees.add(signer)
        made.append(meeting)
    return made


@time_machine.travel(NOW, tick=False)
def test_it_shows_the_missing_interpreter_of_the_eleventh_meeting(org: Any) -> None:
    eleventh = meetings(org, 12)[10]
    visitor = Person.objects.create(organisation=org, name="Dafydd Jones")
    AccessNeed.objects.create(person=visitor, kind=NeedKind.INTERPRETER, detail="Polish")
    eleventh.attendees.add(visitor)
    unmet = unmet_access(org)
    assert [(meeting.title, missing) for meeting, missing in unmet] == [
        ("Meeting 11", ["Interpreter booked (Polish)"])]


@time_machine.travel(NOW, tick=False)
def test_it_checks_meetings_up_to_fourteen_days_ahead_and_no_further(org: Any) -> None:
    soon, late = meetings(org, 1, first_day=13)[0], meetings(org, 1, first_day=15)[0]
    for meeting in (soon, late):
        Meeting.objects.filter(pk=meeting.pk).update(bsl_booked=False)
    assert [meeting.pk for meeting, _missing in unmet_access(org)] == [soon.pk]


@time_machine.travel(NOW, tick=False)
def test_it_leaves_out_another_organisations_meetings(org: Any, other_org: Any) -> None:
    theirs = meetings(other_org, 2)
    Meeting.objects.filter(pk__in=[m.pk for m in theirs]).update(bsl_booked=False)
    assert unmet_access(org) == []
    assert len(unmet_access(other_org)) == 2


def with_everything(org: Any, made: list[Meeting], suffix: str) -> None:
    """A lapsed host and an arranged request for support at every meeting."""
    role = CommunityRole.objects.create(organisation=org, name=f"Host {suffix}",
                                        check_level="basic", hosts_meetings=True)
    host = Person.objects.create(organisation=org, name=f"Host {suffix}")
    RoleHolder.objects.create(role=role, person=host, since=datetime.date(2024, 1, 1))
    Check.objects.create(person=host, level="basic", checked_on=datetime.date(2023, 1, 1),
                         expires_on=datetime.date(2026, 1, 1))
    asker = Person.objects.create(organisation=org, name=f"Asker {suffix}")
    for meeting in made:
        meeting.attendees.add(host, asker)
        meeting.invitations.create(person=asker, token=f"{suffix}-{meeting.pk}",
                                   reply=Reply.NEEDS_SUPPORT, support="A quiet room",
                                   support_arranged=True)


@time_machine.travel(NOW, tick=False)
def test_it_makes_as_many_queries_for_thirty_meetings_as_for_three(org: Any,
                                                                   other_org: Any) -> None:
    counts = {}
    for organisation, count in ((org, 3), (other_org, 30)):
        made = meetings(organisation, count)
        with_everything(organisation, made, str(count))
        with CaptureQueriesContext(connection) as queries:
            unmet = unmet_access(organisation)
        counts[count] = len(queries)
        assert len(unmet) == count  # each host's lapsed check is found
        assert all(missing == ["A current Basic DBS check for the Host " + str(count)]
                   for _meeting, missing in unmet)
    assert counts[3] == counts[30]
