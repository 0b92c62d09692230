"""Roles list what they require; giving a role shows what is missing; expiries remind."""

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import Action, AuditEvent
from coproduce.community.models import Agreement, Check, CourseTaken, RoleHolder, SupportSession
from coproduce.projects.checklist import checklist
from coproduce.projects.models import Meeting, Project

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"community:{name}", kwargs={"org_slug": org.slug, **kwargs})


def agree(org: Any, person: Any, role: Any) -> Agreement:
    return Agreement.objects.create(organisation=org, person=person, role=role, what="Drive",
                                    time_asked="Weekly", support="Supervision",
                                    contact="Jo", review_on=datetime.date(2027, 1, 1),
                                    agreed_on=datetime.date(2026, 1, 1))


@time_machine.travel(TODAY, tick=False)
def test_it_shows_what_is_missing_when_a_role_is_given(login: Any, coordinator: Any, org: Any,
                                                       person: Any, driver_role: Any) -> None:
    response = login(coordinator).post(url("role", org, role_id=driver_role.pk), {
        "person": person.pk, "since": "2026-06-01"}, follow=True)
    page = response.content.decode()
    assert RoleHolder.objects.filter(role=driver_role, person=person).exists()
    assert "Training: Safeguarding" in page
    assert "A current Enhanced DBS check" in page
    assert "A signed role agreement" in page


@time_machine.travel(TODAY, tick=False)
def test_it_shows_a_person_ready_once_every_requirement_is_met(
        login: Any, coordinator: Any, org: Any, person: Any, driver_role: Any,
        course: Any) -> None:
    CourseTaken.objects.create(person=person, course=course, taken_on=datetime.date(2026, 1, 5),
                               expires_on=datetime.date(2028, 1, 5))
    Check.objects.create(person=person, level="enhanced_barred",
                         checked_on=datetime.date(2025, 3, 1),
                         expires_on=datetime.date(2028, 3, 1))
    agree(org, person, driver_role)
    response = login(coordinator).post(url("role", org, role_id=driver_role.pk), {
        "person": person.pk, "since": "2026-06-01"}, follow=True)
    page = response.content.decode()
    assert "Not yet met" not in page and "Ready" in page


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_a_check_that_expires_before_its_date(login: Any, coordinator: Any,
                                                         org: Any, person: Any) -> None:
    response = login(coordinator).post(url("check_add", org, person_id=person.pk), {
        "level": "enhanced", "checked_on": "2026-05-01", "expires_on": "2026-04-01",
        "certificate_number": "001234567890"})
    assert response.status_code == 200
    assert "The recheck date must be after the date of the certificate." in (
        response.content.decode())
    assert not Check.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_it_keeps_the_certificate_number_encrypted_and_audits_its_viewing(
        login: Any, coordinator: Any, org: Any, person: Any) -> None:
    client = login(coordinator)
    client.post(url("check_add", org, person_id=person.pk), {
        "level": "enhanced", "checked_on": "2026-05-01", "expires_on": "2029-05-01",
        "certificate_number": "0012 3456 7890"})
    check = Check.objects.get()
    assert check.verified_by == coordinator and check.certificate_number == "001234567890"
    with connection.cursor() as cursor:
        cursor.execute("SELECT certificate_number FROM community_check")
        assert "001234567890" not in cursor.fetchone()[0]
    assert "001234567890" not in client.get(url("person", org, person_id=person.pk)
                                            ).content.decode()
    assert not AuditEvent.objects.filter(action=Action.SENSITIVE_VIEWED).exists()
    page = client.get(url("certificate", org, check_id=check.pk)).content.decode()
    assert "001234567890" in page
    assert AuditEvent.objects.filter(action=Action.SENSITIVE_VIEWED, user=coordinator,
                                     target=f"person {person.pk}").exists()


def test_it_keeps_supervision_notes_from_peer_mentors(login: Any, coordinator: Any,
                                                      peer_mentor: Any, org: Any,
                                                      person: Any) -> None:
    SupportSession.objects.create(person=person, kind="debrief", on=datetime.date(2026, 1, 2),
                                  with_whom="Jo", notes="Found the shift hard going")
    assert "Found the shift hard going" in login(coordinator).get(
        url("person", org, person_id=person.pk)).content.decode()
    mentor = login(peer_mentor)
    assert mentor.get(url("person", org, person_id=person.pk)).status_code == 403
    assert mentor.post(url("session_add", org, person_id=person.pk), {
        "kind": "debrief", "on": "2026-01-02", "with_whom": "Me"}).status_code == 403
    assert SupportSession.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_it_reminds_on_the_dashboard_thirty_days_ahead(login: Any, coordinator: Any, org: Any,
                                                       person: Any, course: Any) -> None:
    Check.objects.create(person=person, level="standard", checked_on=datetime.date(2023, 6, 20),
                         expires_on=datetime.date(2026, 6, 20))
    CourseTaken.objects.create(person=person, course=course, taken_on=datetime.date(2024, 8, 1),
                               expires_on=datetime.date(2026, 8, 1))  # 61 days: not yet
    page = login(coordinator).get(reverse("reports:dashboard", args=[org.slug])
                                  ).content.decode()
    assert "Sian Roberts: Standard DBS check expires on 20 Jun" in page
    assert "Safeguarding expires" not in page


@time_machine.travel(TODAY, tick=False)
def test_it_stops_reminding_once_a_check_is_renewed(login: Any, coordinator: Any, org: Any,
                                                   person: Any) -> None:
    Check.objects.create(person=person, level="standard", checked_on=datetime.date(2023, 6, 20),
                         expires_on=datetime.date(2026, 6, 20))
    Check.objects.create(person=person, level="standard", checked_on=datetime.date(2026, 5, 20),
                         expires_on=datetime.date(2029, 5, 20))
    page = login(coordinator).get(reverse("reports:dashboard", args=[org.slug])
                                  ).content.decode()
    assert "DBS check expires" not in page


@time_machine.travel(TODAY, tick=False)
def test_it_shows_a_lapsed_check_on_the_checklist_of_a_meeting_the_host_is_invited_to(
        login: Any, coordinator: Any, org: Any, person: Any, driver_role: Any) -> None:
    RoleHolder.objects.create(role=driver_role, person=person, since=datetime.date(2024, 1, 1))
    Check.objects.create(person=person, level="enhanced", checked_on=datetime.date(2023, 6, 1),
                         expires_on=datetime.date(2026, 6, 10))  # lapses before the meeting
    project = Project.objects.create(organisation=org, title="Seaside trip", purpose="Trip")
    start = timezone.now() + datetime.timedelta(days=14)
    meeting = Meeting.objects.create(project=project, title="Planning", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=1))
    meeting.attendees.add(person)
    items = [item for item in checklist(meeting) if "DBS" in item.label]
    assert len(items) == 1 and not items[0].met and items[0].who == ["Sian Roberts"]
    page = login(coordinator).get(reverse("projects:meeting", kwargs={
        "org_slug": org.slug, "project_id": project.pk, "meeting_id": meeting.pk})
    ).content.decode()
    assert "A current Enhanced DBS check for the Volunteer driver" in page
    Check.objects.create(person=person, level="enhanced", checked_on=datetime.date(2026, 5, 1),
                         expires_on=datetime.date(2029, 5, 1))
    assert not [item for item in checklist(meeting) if "DBS" in item.label]


def test_it_refuses_the_community_record_of_another_organisations_person(
        login: Any, coordinator: Any, org: Any, other_person: Any) -> None:
    client = login(coordinator)
    assert client.get(url("person", org, person_id=other_person.pk)).status_code == 404
    assert client.post(url("check_add", org, person_id=other_person.pk), {
        "level": "basic", "checked_on": "2026-01-01", "expires_on": "2027-01-01"}
    ).status_code == 404
    assert not Check.objects.exists()


def test_it_opens_anyones_record_found_with_the_picker(login: Any, coordinator: Any, org: Any,
                                                       person: Any, other_person: Any) -> None:
    client = login(coordinator)
    page = client.get(url("open_record", org), {"person_query": "Sian", "_picker_find": "1"}
                      ).content.decode()
    assert "Sian Roberts" in page
    response = client.get(url("open_record", org), {"person": person.pk})
    assert response.status_code == 302 and response.url == url("person", org,
                                                                person_id=person.pk)
    refused = client.get(url("open_record", org), {"person": other_person.pk})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_it_warns_when_a_stage_that_requires_training_has_none_current(
        login: Any, coordinator: Any, org: Any, person: Any, course: Any) -> None:
    from coproduce.people.models import JourneyStage

    mentor = JourneyStage.objects.get(organisation=org, requires_training=True)
    person.move_to_stage(mentor, datetime.date(2026, 1, 1))
    client = login(coordinator)
    warning = "which requires training, and have no current training recorded"
    assert warning in client.get(url("person", org, person_id=person.pk)).content.decode()
    CourseTaken.objects.create(person=person, course=course, taken_on=datetime.date(2026, 1, 2))
    assert warning not in client.get(url("person", org, person_id=person.pk)).content.decode()


def test_it_removes_entries_made_by_mistake_and_audits_a_removed_check(
        login: Any, coordinator: Any, peer_mentor: Any, org: Any, person: Any,
        course: Any) -> None:
    check = Check.objects.create(person=person, level="basic",
                                 checked_on=datetime.date(2026, 1, 1),
                                 expires_on=datetime.date(2027, 1, 1))
    taken = CourseTaken.objects.create(person=person, course=course,
                                       taken_on=datetime.date(2026, 1, 1))
    session = SupportSession.objects.create(person=person, kind="debrief",
                                            on=datetime.date(2026, 1, 1), with_whom="Jo")
    assert login(peer_mentor).post(url("check_remove", org, check_id=check.pk)
                                   ).status_code == 403
    client = login(coordinator)
    assert client.get(url("check_remove", org, check_id=check.pk)).status_code == 405
    client.post(url("check_remove", org, check_id=check.pk))
    client.post(url("course_taken_remove", org, taken_id=taken.pk))
    client.post(url("session_remove", org, session_id=session.pk))
    assert not (Check.objects.exists() or CourseTaken.objects.exists()
                or SupportSession.objects.exists())
    assert AuditEvent.objects.filter(action=Action.SENSITIVE_CHANGED,
                                     target=f"person {person.pk}").exists()
