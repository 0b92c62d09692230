"""What people can offer, taking a break, and finding people for a role or activity."""

import datetime
import secrets
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.community.matching import find
from coproduce.community.models import Check, Offer
from coproduce.notices.models import Notice
from coproduce.people.models import ConsentPurpose, Person, RecordedHow
from coproduce.projects.invitations import invite
from coproduce.projects.models import Invitation, Meeting, Project
from coproduce.voices.equity import lens

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"community:{name}", kwargs={"org_slug": org.slug, **kwargs})


def volunteer(org: Any, name: str, skills: str = "", days: list[str] | None = None,
              max_asks: int | None = None) -> Person:
    person = Person.objects.create(organisation=org, name=name, email=f"{name[:3]}@x.example",
                                   contact_ways=["email"])
    person.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER,
                          datetime.date(2025, 1, 1))
    Offer.objects.create(person=person, skills=skills, days=days or [], max_asks=max_asks)
    return person


def invited(person: Person, times: int, org: Any) -> None:
    project = Project.objects.create(organisation=org, title=f"P {secrets.token_hex(2)}",
                                     purpose="p")
    for index in range(times):
        start = timezone.now() + datetime.timedelta(days=index + 1)
        meeting = Meeting.objects.create(project=project, title=f"M{index}", starts_at=start,
                                         ends_at=start + datetime.timedelta(hours=1))
        notice = Notice.objects.create(organisation=org, person=person, purpose="invitation",
                                       method="email", state="sent", subject="s", body="b")
        Invitation.objects.create(meeting=meeting, person=person, notice=notice,
                                  token=secrets.token_urlsafe(8))


@time_machine.travel(TODAY, tick=False)
def test_it_saves_what_a_person_can_offer(login: Any, coordinator: Any, org: Any,
                                          person: Any) -> None:
    response = login(coordinator).post(url("offer", org, person_id=person.pk), {
        "skills": "Driving, cooking", "interests": "Gardening", "days": ["mon", "thu"],
        "times": ["morning"], "max_asks": "2", "asks_per": "month"})
    assert response.status_code == 302
    offer = Offer.objects.get(person=person)
    assert offer.skill_list() == ["driving", "cooking"] and offer.days == ["mon", "thu"]
    page = login(coordinator).get(url("person", org, person_id=person.pk)).content.decode()
    assert "Monday, Thursday; Mornings" in page and "No more than 2 times a month" in page


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_a_break_that_ends_in_the_past(login: Any, coordinator: Any, org: Any,
                                                  person: Any) -> None:
    response = login(coordinator).post(url("take_break", org, person_id=person.pk),
                                       {"until": "2026-05-01"})
    assert response.status_code == 200
    assert "The return date must be in the future." in response.content.decode()
    person.refresh_from_db()
    assert person.break_until is None


@time_machine.travel(TODAY, tick=False)
def test_it_keeps_people_on_a_break_out_of_invitations_until_they_return(
        login: Any, coordinator: Any, org: Any) -> None:
    resting, other = volunteer(org, "Rhian Break"), volunteer(org, "Dai Available")
    login(coordinator).post(url("take_break", org, person_id=resting.pk),
                            {"until": "2026-07-01"})
    resting.refresh_from_db()
    assert resting.break_until == datetime.date(2026, 7, 1)
    project = Project.objects.create(organisation=org, title="Outings", purpose="p")
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = Meeting.objects.create(project=project, title="Plan", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=1))
    sent = invite(meeting, [resting, other], coordinator, "http://testserver")
    assert sent.on_break == [resting] and sent.email == [other]
    assert not Invitation.objects.filter(person=resting, notice__isnull=False).exists()
    with time_machine.travel(datetime.datetime(2026, 7, 2, 9, tzinfo=datetime.UTC)):
        resting.refresh_from_db()
        assert invite(meeting, [resting], coordinator, "http://testserver").email == [resting]


@time_machine.travel(TODAY, tick=False)
def test_it_keeps_people_on_a_break_off_the_not_heard_from_list(org: Any) -> None:
    resting, quiet = volunteer(org, "Rhian Break"), volunteer(org, "Dai Quiet")
    resting.take_break(datetime.date(2026, 9, 1), timezone.localdate())
    names = [p.name for p in lens(org, datetime.date(2026, 1, 1), datetime.date(2026, 6, 1)
                                  ).not_heard_people]
    assert "Dai Quiet" in names and "Rhian Break" not in names
    resting.end_break()
    names = [p.name for p in lens(org, datetime.date(2026, 1, 1), datetime.date(2026, 6, 1)
                                  ).not_heard_people]
    assert "Rhian Break" in names and quiet.name in names


@time_machine.travel(TODAY, tick=False)
def test_it_puts_those_who_offer_the_skill_and_are_free_first_and_flags_the_overasked(
        org: Any, driver_role: Any) -> None:
    volunteer(org, "Ann Cook", skills="cooking", days=["tue"])
    volunteer(org, "Bryn Weekend", skills="driving", days=["sat"])
    busy = volunteer(org, "Ceri Busy", skills="minibus driver", days=["tue"], max_asks=2)
    volunteer(org, "Dewi Driver", skills="Driving", days=["tue"])
    invited(busy, 2, org)
    search = find(org, timezone.localdate(), role=driver_role, day="tue")
    names = [c.person.name for c in search.candidates]
    assert names == ["Dewi Driver", "Ceri Busy", "Bryn Weekend", "Ann Cook"]
    flagged = {c.person.name: c.asked_enough for c in search.candidates}
    assert flagged["Ceri Busy"] and not flagged["Dewi Driver"]


@time_machine.travel(TODAY, tick=False)
def test_it_finds_people_in_the_same_number_of_queries_however_many(org: Any,
                                                                    driver_role: Any) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            find(org, timezone.localdate(), role=driver_role, day="tue")
        return len(captured)

    for index in range(3):
        volunteer(org, f"Person {index}", skills="driving", days=["tue"])
    few = queries()
    for index in range(3, 30):
        person = volunteer(org, f"Person {index}", skills="driving", days=["tue"])
        Check.objects.create(person=person, level="enhanced",
                             checked_on=datetime.date(2025, 1, 1),
                             expires_on=datetime.date(2028, 1, 1))
    assert queries() == few


@time_machine.travel(TODAY, tick=False)
def test_it_shows_the_search_to_staff_but_not_to_peer_mentors(
        login: Any, coordinator: Any, peer_mentor: Any, org: Any, driver_role: Any) -> None:
    volunteer(org, "Dewi Driver", skills="driving", days=["tue"])
    page = login(coordinator).get(url("find", org), {"role": driver_role.pk, "day": "tue"}
                                  ).content.decode()
    assert "Dewi Driver" in page and "A current Enhanced DBS check" in page
    assert login(peer_mentor).get(url("find", org)).status_code == 403


def test_it_encrypts_lived_experience_and_shows_it_only_to_those_who_may_see_it(
        login: Any, coordinator: Any, org: Any, person: Any) -> None:
    from coproduce.conftest import make_member

    Offer.objects.create(person=person, skills="cooking", lived_experience="Lived in a hostel")
    with connection.cursor() as cursor:
        cursor.execute("SELECT lived_experience FROM community_offer")
        assert "hostel" not in cursor.fetchone()[0]
    assert "Lived in a hostel" in login(coordinator).get(
        url("person", org, person_id=person.pk)).content.decode()
    plain = make_member(org, "plain@harbour.example", "coordinator", sensitive=False)
    client = login(plain)
    assert "Lived in a hostel" not in client.get(url("person", org, person_id=person.pk)
                                                 ).content.decode()
    assert "Lived in a hostel" not in client.get(url("offer", org, person_id=person.pk)
                                                 ).content.decode()
    client.post(url("offer", org, person_id=person.pk), {"skills": "baking",
                                                         "asks_per": "month"})
    offer = Offer.objects.get(person=person)
    assert offer.skills == "baking" and offer.lived_experience == "Lived in a hostel"
