"""Meetings people can get to: invitations in each person's way, replies, who came."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coproduce.notices.models import Notice, State
from coproduce.notices.tests.test_outbox import closed_port
from coproduce.people.models import ConsentPurpose, Person, RecordedHow
from coproduce.projects.models import Invitation, Meeting, MeetingStatus, Project
from coproduce.projects.placement import placement_of

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"projects:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def project(org: Any) -> Project:
    return Project.objects.create(organisation=org, title="Outings calendar", purpose="Plan")


def member(org: Any, name: str, ways: list[str], consent: bool = True, **details: Any
           ) -> Person:
    person = Person.objects.create(organisation=org, name=name, contact_ways=ways, **details)
    person.record_consent(ConsentPurpose.CONTACT, consent, RecordedHow.PAPER,
                          datetime.date(2026, 1, 1))
    return person


def a_meeting(project: Project, days: int = 7) -> Meeting:
    start = NOW + datetime.timedelta(days=days)
    return Meeting.objects.create(project=project, title="Planning", starts_at=start,
                                  ends_at=start + datetime.timedelta(hours=2),
                                  place="Community hall", step_free=True, hearing_loop=True,
                                  public_transport="Bus 23 to the square",
                                  contact_name="Sue, 029 2000 0000")


def invited(org: Any, meeting: Meeting) -> dict[str, Person]:
    people = {
        "email": member(org, "Mair Email", ["email"], email="mair@mail.example",
                        preferred_language="cy"),
        "letter": member(org, "Dai Letter", ["post"], address="1 High St\nBarry CF62 1AA"),
        "call": member(org, "Glyn Call", ["phone"], phone="07700 900123"),
        "none": member(org, "Nia Refused", ["email"], consent=False, email="nia@mail.example"),
    }
    meeting.attendees.add(*people.values())
    return people


@time_machine.travel(NOW, tick=False)
def test_it_invites_each_person_their_way_and_says_who_is_not_reached(
        login: Any, coordinator: Any, org: Any, project: Project, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    meeting = a_meeting(project)
    people = invited(org, meeting)
    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("invite", org, project_id=project.pk,
                                   meeting_id=meeting.pk), follow=True)
    page = response.content.decode()
    assert "1 email queued; 1 letter to print; 1 call to make" in page
    assert "Cannot be reached: Nia Refused" in page
    states = {n.person.name: n.state for n in Notice.objects.select_related("person")}
    assert states == {"Mair Email": State.SENT, "Dai Letter": State.TO_PRINT,
                      "Glyn Call": State.TO_CALL, "Nia Refused": State.UNREACHABLE}
    [email] = mailoutbox
    assert email.to == ["mair@mail.example"] and email.attachments[0][0] == "meeting.ics"
    assert "Gwahoddiad" in email.subject  # in her language
    letter = Notice.objects.get(person=people["letter"]).body
    for needed in ("Community hall", "step-free", "hearing loop", "Bus 23", "Sue, 029 2000",
                   "/meetings/reply/"):
        assert needed in letter
    # Sending again reaches nobody twice.
    again = client.post(url("invite", org, project_id=project.pk, meeting_id=meeting.pk),
                        follow=True).content.decode()
    assert "3 were already invited" in again
    assert Notice.objects.count() == 5  # only the unreachable person is tried again


@time_machine.travel(NOW, tick=False)
def test_a_person_replies_by_link_once_and_support_reaches_the_checklist(
        client: Any, login: Any, coordinator: Any, org: Any, project: Project) -> None:
    meeting = a_meeting(project)
    invited(org, meeting)
    login(coordinator).post(url("invite", org, project_id=project.pk, meeting_id=meeting.pk))
    invitation = Invitation.objects.get(person__name="Dai Letter")
    link = url("rsvp", org, rsvp_token=invitation.token)
    assert "Say what support is needed" in client.post(link, {"reply": "needs_support"}
                                                       ).content.decode()
    page = client.post(link, {"reply": "needs_support", "support": "A lift to the hall"})
    assert "Thank you for replying" in page.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == "needs_support" and invitation.replied_by_link
    second = client.post(link, {"reply": "not_coming"}).content.decode()
    assert "already replied" in second
    assert Invitation.objects.get(pk=invitation.pk).reply == "needs_support"
    detail = login(coordinator).get(url("meeting", org, project_id=project.pk,
                                        meeting_id=meeting.pk)).content.decode()
    assert "A lift to the hall" in detail and "Support asked for in their reply" in detail
    other = url("rsvp", org, rsvp_token="not-a-token")
    assert client.get(other).status_code == 404


def test_a_link_used_after_the_meeting_changes_nothing(client: Any, org: Any,
                                                       project: Project) -> None:
    meeting = a_meeting(project, days=-1)
    person = member(org, "Late", ["email"], email="late@mail.example")
    invitation = Invitation.objects.create(meeting=meeting, person=person, token="t" * 20)
    page = client.post(url("rsvp", org, rsvp_token=invitation.token), {"reply": "coming"})
    assert "already taken place" in page.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).reply == "none"


def test_staff_record_a_reply_given_by_phone(login: Any, coordinator: Any, org: Any,
                                             project: Project) -> None:
    meeting = a_meeting(project, days=30)
    person = member(org, "Phoned", ["phone"], phone="07700 900999")
    meeting.attendees.add(person)
    invitation = Invitation.objects.create(meeting=meeting, person=person, token="p" * 20)
    login(coordinator).post(url("reply", org, project_id=project.pk, meeting_id=meeting.pk),
                            {"invitation": invitation.pk, f"i{invitation.pk}-reply": "coming"})
    invitation.refresh_from_db()
    assert invitation.reply == "coming" and not invitation.replied_by_link


def test_only_held_meetings_with_people_who_came_count_as_joint(
        login: Any, coordinator: Any, org: Any, project: Project) -> None:
    upcoming = a_meeting(project, days=30)
    past = Meeting.objects.create(
        project=project, title="Last week", status=MeetingStatus.UPCOMING,
        starts_at=timezone.now() - datetime.timedelta(days=7, hours=2),
        ends_at=timezone.now() - datetime.timedelta(days=7))
    person = member(org, "Came", ["email"], email="came@mail.example")
    for meeting in (upcoming, past):
        meeting.attendees.add(person)
        meeting.staff.add(coordinator)
        Invitation.objects.create(meeting=meeting, person=person, token=f"x{meeting.pk}" * 8)
    assert placement_of(project).indicators.joint_meeting_share is None  # nothing happened
    invitation = Invitation.objects.get(meeting=past)
    client = login(coordinator)
    page = client.get(url("attendance", org, project_id=project.pk, meeting_id=past.pk))
    assert page.status_code == 200
    client.post(url("attendance", org, project_id=project.pk, meeting_id=past.pk),
                {f"i{invitation.pk}": "came", "staff": [coordinator.pk]})
    past.refresh_from_db()
    assert past.status == MeetingStatus.HELD
    assert placement_of(project).indicators.joint_meeting_share == 1.0
    client.post(url("attendance", org, project_id=project.pk, meeting_id=past.pk),
                {f"i{invitation.pk}": "apologies", "staff": [coordinator.pk]})
    assert placement_of(project).indicators.joint_meeting_share == 0.0


def test_everyone_came_marks_the_unmarked_as_come_in_one_go(
        login: Any, coordinator: Any, org: Any, project: Project) -> None:
    past = Meeting.objects.create(
        project=project, title="Last week", starts_at=timezone.now() - datetime.timedelta(
            days=7, hours=2), ends_at=timezone.now() - datetime.timedelta(days=7))
    invitations = {}
    for name, reply in (("Came", "none"), ("Sorry", "not_coming"), ("Away", "coming")):
        person = member(org, name, ["email"], email=f"{name.lower()}@mail.example")
        past.attendees.add(person)
        invitations[name] = Invitation.objects.create(meeting=past, person=person, reply=reply,
                                                      token=f"{name}-token" * 4)
    client = login(coordinator)
    assert "Everyone invited came" in client.get(url(
        "attendance", org, project_id=project.pk, meeting_id=past.pk)).content.decode()
    client.post(url("attendance", org, project_id=project.pk, meeting_id=past.pk), {
        "everyone_came": "on", f"i{invitations['Away'].pk}": "absent",
        "staff": [coordinator.pk]})
    got = dict(Invitation.objects.filter(meeting=past).values_list("person__name",
                                                                   "attendance"))
    assert got == {"Came": "came", "Sorry": "apologies", "Away": "absent"}
    assert Meeting.objects.get(pk=past.pk).status == MeetingStatus.HELD


def test_attendance_waits_for_the_meeting(login: Any, coordinator: Any, org: Any,
                                          project: Project) -> None:
    meeting = Meeting.objects.create(
        project=project, title="Next month", starts_at=timezone.now() + datetime.timedelta(
            days=30), ends_at=timezone.now() + datetime.timedelta(days=30, hours=1))
    page = login(coordinator).post(url("attendance", org, project_id=project.pk,
                                       meeting_id=meeting.pk), {})
    assert "once the meeting has started" in page.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.UPCOMING


def test_a_peer_mentor_cannot_send_invitations(login: Any, peer_mentor: Any, org: Any,
                                               project: Project) -> None:
    meeting = a_meeting(project, days=30)
    response = login(peer_mentor).post(url("invite", org, project_id=project.pk,
                                           meeting_id=meeting.pk))
    assert response.status_code in {403, 404} and not Notice.objects.exists()


def test_reminders_go_once_in_each_persons_way(org: Any, project: Project,
                                                coordinator: Any, mailoutbox: Any,
                                                django_capture_on_commit_callbacks: Any) -> None:
    start = timezone.now() + datetime.timedelta(hours=20)
    meeting = Meeting.objects.create(project=project, title="Soon", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=1))
    person = member(org, "Dai Letter", ["post"], address="1 High St")
    Invitation.objects.create(meeting=meeting, person=person, token="r" * 20)
    meeting.staff.add(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-meeting-reminders")
        call_command("send-meeting-reminders")
    assert Notice.objects.get(person=person).state == State.TO_PRINT
    # Staff are reminded through the outbox too: the worker sends it, once.
    staff = Notice.objects.get(to_member=coordinator)
    assert staff.state == State.SENT and staff.to_email == coordinator.email
    [message] = mailoutbox
    assert message.to == [coordinator.email] and message.attachments[0][0] == "meeting.ics"


def test_a_reminder_the_mail_server_refuses_is_kept_for_retry_not_lost(
        org: Any, project: Project, coordinator: Any, settings: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    start = timezone.now() + datetime.timedelta(hours=20)
    meeting = Meeting.objects.create(project=project, title="Soon", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=1))
    meeting.staff.add(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-meeting-reminders")  # does not raise
    notice = Notice.objects.get(to_member=coordinator)
    assert notice.state == State.FAILED and "ConnectionRefusedError" in notice.reason


@time_machine.travel(NOW, tick=False)
def test_staff_invited_to_a_meeting_are_emailed_once_with_the_calendar(
        login: Any, coordinator: Any, admin_user: Any, org: Any, project: Project,
        mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    meeting = a_meeting(project, days=30)
    meeting.staff.add(admin_user)
    client = login(coordinator)
    pages = []
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            pages.append(client.post(url("invite", org, project_id=project.pk,
                                         meeting_id=meeting.pk), follow=True).content.decode())
    assert "1 member of staff emailed" in pages[0] and "staff emailed" not in pages[1]
    assert "Staff emailed: " in pages[1] and admin_user.email in pages[1]
    assert Notice.objects.filter(to_member=admin_user).count() == 1
    [message] = mailoutbox
    assert message.to == [admin_user.email] and "Community hall" in message.body
    assert message.attachments[0][0] == "meeting.ics" and "http" not in message.body
