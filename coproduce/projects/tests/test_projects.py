"""Projects: boundaries, phases, meetings with their checklist, decisions, and who sees what."""

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Membership
from coproduce.people.models import AccessNeed, ConsentPurpose, NeedKind, Person, RecordedHow
from coproduce.projects.checklist import checklist, warnings
from coproduce.projects.models import Boundary, Decision, Meeting, Phase, Project
from coproduce.voices.models import Interest, Voice


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"projects:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def project(org: Any) -> Project:
    return Project.objects.create(organisation=org, title="Welcome packs",
                                  purpose="Packs for new visitors, made with peer mentors")


def soon(days: int = 10, hour: int = 10) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(hour=hour, minute=0,
                                                                   second=0, microsecond=0)


def test_co_design_needs_a_boundary_or_everything_open(login: Any, coordinator: Any, org: Any,
                                                       project: Project) -> None:
    client = login(coordinator)
    refused = client.post(url("phase_add", org, project_id=project.pk), {"kind": "co_design"})
    assert "State at least one boundary" in refused.content.decode()
    assert not project.phases.exists()
    client.post(url("phase_add", org, project_id=project.pk), {"kind": "co_planning"})
    client.post(url("boundary_add", org, project_id=project.pk), {
        "topic": "Budget", "status": "fixed", "reason": "The grant is £500"})
    client.post(url("phase_add", org, project_id=project.pk), {"kind": "co_design"})
    assert set(project.phases.values_list("kind", flat=True)) == {"co_planning", "co_design"}


def test_boundaries_need_limits_and_reasons_and_keep_their_history(
    login: Any, coordinator: Any, org: Any, project: Project
) -> None:
    client = login(coordinator)
    bad = client.post(url("boundary_add", org, project_id=project.pk),
                      {"topic": "Events per month", "status": "limited"})
    page = bad.content.decode()
    assert "State the limits" in page and "Say why" in page
    client.post(url("boundary_add", org, project_id=project.pk), {
        "topic": "Events per month", "status": "limited", "limits": "At most 3",
        "reason": "Two staff"})
    boundary = Boundary.objects.get()
    client.post(url("boundary_edit", org, project_id=project.pk, boundary_id=boundary.pk), {
        "topic": "Events per month", "status": "open", "limits": "", "reason": ""})
    assert [c.status for c in boundary.history.all()] == ["limited", "open"]
    assert "At most 3" in client.get(url("print", org, project_id=project.pk)).content.decode()


def test_phase_dates_must_be_in_order(login: Any, coordinator: Any, org: Any,
                                      project: Project) -> None:
    response = login(coordinator).post(url("phase_add", org, project_id=project.pk), {
        "kind": "co_planning", "starts_on": "2025-05-01", "ends_on": "2025-04-01"})
    assert "on or after the start" in response.content.decode()
    assert not project.phases.exists()


def test_a_role_cannot_name_someone_from_another_organisation(
    login: Any, coordinator: Any, org: Any, project: Project, other_person: Any
) -> None:
    phase = Phase.objects.create(project=project, kind="co_planning")
    response = login(coordinator).post(url("role_add", org, project_id=project.pk,
                                           phase_id=phase.pk),
                                       {"side": "participant", "involvement": "decides",
                                        "person": other_person.pk})
    assert response.status_code == 200 and not phase.roles.exists()


def test_the_meeting_checklist_flags_an_unbooked_interpreter(project: Project, org: Any,
                                                             coordinator: Any) -> None:
    amira = Person.objects.create(organisation=org, name="Amira")
    AccessNeed.objects.create(person=amira, kind=NeedKind.INTERPRETER, detail="Arabic")
    AccessNeed.objects.create(person=amira, kind=NeedKind.LARGE_PRINT)
    start = soon()
    meeting = Meeting.objects.create(project=project, title="Planning", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=2),
                                     place="Community hall", step_free=True,
                                     papers_sent_on=timezone.localdate(),
                                     paper_formats=["large_print"])
    meeting.attendees.add(amira)
    items = {item.label: item.met for item in checklist(meeting)}
    assert items == {"Interpreter booked (Arabic)": False,
                     "Papers sent in large print at least 7 days before": True}
    problems = warnings(meeting)
    assert any("Interpreter booked (Arabic)" in w and "Amira" in w for w in problems)
    assert any("Only participants are invited" in w for w in problems)
    meeting.interpreter_booked = True
    meeting.save()
    meeting.staff.add(coordinator)
    assert warnings(meeting) == []


def test_meetings_refuse_an_end_before_the_start_and_a_past_upcoming_date(
    login: Any, coordinator: Any, org: Any, project: Project
) -> None:
    client = login(coordinator)
    start = soon()
    backwards = client.post(url("meeting_add", org, project_id=project.pk), {
        "title": "Planning", "status": "upcoming",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")})
    assert "must end after it starts" in backwards.content.decode()
    past = client.post(url("meeting_add", org, project_id=project.pk), {
        "title": "Planning", "status": "upcoming", "starts_at": "2020-01-01T10:00",
        "ends_at": "2020-01-01T12:00"})
    assert "cannot be upcoming" in past.content.decode()
    assert not Meeting.objects.exists()




def test_the_large_print_agenda_is_a_pdf(login: Any, coordinator: Any, org: Any,
                                         project: Project) -> None:
    start = soon()
    meeting = Meeting.objects.create(project=project, title="Planning", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=1),
                                     agenda="1. Welcome")
    response = login(coordinator).get(url("agenda", org, project_id=project.pk,
                                          meeting_id=meeting.pk))
    assert response.content.startswith(b"%PDF")


def test_a_decision_closes_the_voices_it_answers(login: Any, coordinator: Any, org: Any,
                                                 project: Project, person: Any,
                                                 django_capture_on_commit_callbacks: Any) -> None:
    voice = Voice.objects.create(organisation=org, text="Welcome packs for newcomers",
                                 channel="conversation", heard_on=datetime.date(2025, 1, 1),
                                 person=person)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(url("decision_add", org, project_id=project.pk), {
            "text": "Peer mentors will hand out welcome packs from June.",
            "decided_on": "2025-05-01", "proposed_by": "participant", "method": "vote",
            "votes_for": 9, "votes_against": 1, "voices": [voice.pk], "close_voices": "on"})
    assert response.status_code == 302
    voice.refresh_from_db()
    assert voice.status == "done" and voice.outcome.startswith("Peer mentors will")
    assert voice.outcomes.count() == 1 and voice.outcomes.get().sent_at is None
    assert Decision.objects.get().voices.get() == voice


def test_a_decision_makes_one_outcome_waiting_for_send_and_names_its_proposer(
    login: Any, coordinator: Any, org: Any, project: Project, person: Any, mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    voices = [Voice.objects.create(organisation=org, text=f"Seaside trip {n}", channel="phone",
                                   heard_on=datetime.date(2025, 1, 1), person=person)
              for n in range(3)]
    project.voices.add(*voices)
    client = login(coordinator)
    form = client.get(url("decision_add", org, project_id=project.pk)).content.decode()
    assert re.search(r'<input[^>]*name="close_voices"[^>]*checked', form)  # ticked at first
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("decision_add", org, project_id=project.pk), {
            "text": "The first trip to Barry Island is booked for June.",
            "decided_on": "2025-05-01", "proposed_by": "participant", "proposer": person.pk,
            "method": "consensus", "voices": [v.pk for v in voices], "close_voices": "on"})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.proposer == person and decision.outcome is not None
    assert decision.outcome.voices.count() == 3 and decision.outcome.sent_at is None
    assert not mailoutbox  # nothing leaves before Send
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Outcome waiting to be sent" in page
    assert reverse("voices:outcome", args=[org.slug, decision.outcome_id]) in page
    assert f"proposed by {person.name}" in page
    story = client.get(reverse("people:detail", args=[org.slug, person.pk])).content.decode()
    assert "Proposed a decision in" in story


def test_a_decision_cannot_name_another_organisations_person_as_proposer(
    login: Any, coordinator: Any, org: Any, project: Project, other_person: Any
) -> None:
    response = login(coordinator).post(url("decision_add", org, project_id=project.pk), {
        "text": "x", "decided_on": "2025-05-01", "proposed_by": "participant",
        "proposer": other_person.pk, "method": "consensus"})
    assert response.status_code == 200 and not Decision.objects.exists()


def test_a_decision_cannot_answer_another_organisations_voice(
    login: Any, coordinator: Any, org: Any, other_org: Any, project: Project
) -> None:
    theirs = Voice.objects.create(organisation=other_org, text="Theirs", channel="phone",
                                  heard_on=datetime.date(2025, 1, 1))
    response = login(coordinator).post(url("decision_add", org, project_id=project.pk), {
        "text": "x", "decided_on": "2025-05-01", "proposed_by": "staff", "method": "consensus",
        "voices": [theirs.pk]})
    assert response.status_code == 200 and not Decision.objects.exists()
    theirs.refresh_from_db()
    assert theirs.status == "new"


def test_a_vote_needs_its_counts(login: Any, coordinator: Any, org: Any,
                                 project: Project) -> None:
    response = login(coordinator).post(url("decision_add", org, project_id=project.pk), {
        "text": "x", "decided_on": "2025-05-01", "proposed_by": "staff", "method": "vote"})
    assert "Give the vote counts" in response.content.decode()


def test_a_back_burner_idea_becomes_a_project_with_its_people(login: Any, coordinator: Any,
                                                              org: Any) -> None:
    raiser = Person.objects.create(organisation=org, name="Raiser", email="r@mail.example")
    raiser.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER, timezone.localdate())
    keen = Person.objects.create(organisation=org, name="Keen", phone="07700 900444")
    keen.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER, timezone.localdate())
    shy = Person.objects.create(organisation=org, name="Shy", email="s@mail.example")
    voice = Voice.objects.create(organisation=org, text="A women-only sports club",
                                 channel="event", heard_on=datetime.date(2019, 5, 1),
                                 person=raiser, status="back_burner")
    Interest.objects.create(voice=voice, person=keen, may_recontact=True)
    Interest.objects.create(voice=voice, person=shy, may_recontact=True)
    response = login(coordinator).post(reverse("projects:from_voice", kwargs={
        "org_slug": org.slug, "voice_id": voice.pk}), {"title": "Women's sports club",
                                                       "purpose": "A club run by its members"})
    project = Project.objects.get()
    assert response["Location"] == project.get_absolute_url()
    contacts = {c.person.name: c.routes for c in project.contacts.all()}
    assert contacts == {"Raiser": ["email: r@mail.example"], "Keen": ["phone: 07700 900444"]}
    voice.refresh_from_db()
    assert voice.status == "in_progress" and list(project.voices.all()) == [voice]


def test_a_themed_back_burner_idea_becomes_one_project_with_all_its_voices_and_people(
        login: Any, coordinator: Any, org: Any) -> None:
    from coproduce.themes.models import Placement, Theme

    theme = Theme.objects.create(organisation=org, key="sport", label="Women's sport")
    people, voices = [], []
    for index, consent in enumerate([True, True, False]):
        person = Person.objects.create(organisation=org, name=f"Member {index}",
                                       email=f"m{index}@mail.example")
        person.record_consent(ConsentPurpose.CONTACT, consent, RecordedHow.PAPER,
                              timezone.localdate())
        voice = Voice.objects.create(organisation=org, text=f"Women's football {index}",
                                     channel="event", heard_on=datetime.date(2025, 5, index + 1),
                                     person=person, status="back_burner")
        Placement.objects.create(voice=voice, theme=theme)
        people.append(person)
        voices.append(voice)
    keen = Person.objects.create(organisation=org, name="Keen", phone="07700 900444")
    keen.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER, timezone.localdate())
    Interest.objects.create(voice=voices[2], person=keen, may_recontact=True)
    client = login(coordinator)
    assert reverse("projects:from_voice", args=[org.slug, voices[0].pk]) in client.get(
        reverse("voices:back_burner", args=[org.slug])).content.decode()
    page = client.get(reverse("projects:from_voice", args=[org.slug, voices[1].pk]))
    assert "all 3 voices of this idea" in page.content.decode()
    assert "has not agreed to be contacted" in page.content.decode()
    client.post(reverse("projects:from_voice", args=[org.slug, voices[1].pk]),
                {"title": "Women's football", "purpose": "A team run by its members"})
    project = Project.objects.get()
    assert set(project.voices.all()) == set(voices)
    assert {c.person.name for c in project.contacts.all()} == {"Member 0", "Member 1", "Keen"}
    assert set(Voice.objects.values_list("status", flat=True)) == {"in_progress"}


def test_an_idea_of_another_organisation_cannot_become_a_project(
        login: Any, coordinator: Any, org: Any, other_org: Any) -> None:
    theirs = Voice.objects.create(organisation=other_org, text="Theirs", channel="phone",
                                  heard_on=datetime.date(2025, 1, 1), status="back_burner")
    response = login(coordinator).post(reverse("projects:from_voice", args=[org.slug, theirs.pk]),
                                       {"title": "x", "purpose": "y"})
    assert response.status_code == 404 and not Project.objects.exists()


def test_a_peer_mentor_sees_only_their_own_projects(login: Any, peer_mentor: Any, org: Any,
                                                    project: Project, person: Any) -> None:
    other = Project.objects.create(organisation=org, title="Grant criteria", purpose="x")
    client = login(peer_mentor)
    assert client.get(url("detail", org, project_id=project.pk)).status_code == 404
    Membership.objects.filter(user=peer_mentor).update(person=person)
    phase = Phase.objects.create(project=project, kind="peer_support")
    phase.roles.create(side="participant", involvement="delivers", person=person)
    listing = client.get(url("list", org)).content.decode()
    assert "Welcome packs" in listing and "Grant criteria" not in listing
    assert client.get(url("detail", org, project_id=project.pk)).status_code == 200
    assert client.get(url("detail", org, project_id=other.pk)).status_code == 404
    assert client.get(url("edit", org, project_id=project.pk)).status_code == 403
    assert client.get(reverse("people:list", kwargs={"org_slug": org.slug})).status_code == 403


def test_viewers_do_not_see_project_pages(login: Any, viewer: Any, org: Any,
                                          project: Project) -> None:
    assert login(viewer).get(url("list", org)).status_code == 403


def test_a_form_posted_twice_saves_once(login: Any, coordinator: Any, org: Any,
                                        project: Project) -> None:
    client = login(coordinator)
    data = {"text": "Meet monthly", "decided_on": "2025-05-01", "proposed_by": "participant",
            "method": "consensus", "form_token": "same-page"}
    client.post(url("decision_add", org, project_id=project.pk), data)
    again = client.post(url("decision_add", org, project_id=project.pk), data, follow=True)
    assert "already saved" in again.content.decode()
    assert Decision.objects.count() == 1
    boundary = {"topic": "Budget", "status": "open", "form_token": "boundary-page"}
    client.post(url("boundary_add", org, project_id=project.pk), boundary)
    client.post(url("boundary_add", org, project_id=project.pk), boundary)
    assert Boundary.objects.count() == 1


def test_reminders_go_once_for_meetings_starting_soon(org: Any, project: Project,
                                                      coordinator: Any, mailoutbox: Any,
                                                      django_capture_on_commit_callbacks: Any
                                                      ) -> None:
    from django.core.management import call_command

    start = timezone.now() + datetime.timedelta(hours=20)
    soon_meeting = Meeting.objects.create(project=project, title="Soon", starts_at=start,
                                          ends_at=start + datetime.timedelta(hours=1))
    later = Meeting.objects.create(project=project, title="Later", starts_at=soon(days=20),
                                   ends_at=soon(days=20, hour=12))
    for meeting in (soon_meeting, later):
        meeting.staff.add(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-meeting-reminders")
        call_command("send-meeting-reminders")
    assert [m.subject for m in mailoutbox] == ["Reminder: Welcome packs – Soon"]
