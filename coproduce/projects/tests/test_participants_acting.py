"""Participants act in their projects while signed in: they see what each project needs from
them in plain words, reply to their own meeting invitations, and propose agenda items and
decisions that staff then decide."""

import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.assessments.models import Invitation as AssessmentLink
from coproduce.assessments.tests.factories import make_round
from coproduce.conftest import make_member, make_person
from coproduce.organisations.models import Membership, Role
from coproduce.projects.models import (
    Decision,
    Invitation,
    Meeting,
    Project,
    Proposal,
    ProposalState,
    Reply,
)

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=datetime.UTC)


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"projects:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def panel(org: Any, person: Any) -> User:
    user = make_member(org, "panel@harbour.example", Role.PANEL_MEMBER)
    Membership.objects.filter(user=user).update(person=person)
    return user


@pytest.fixture
def project(org: Any, person: Any) -> Project:
    with time_machine.travel(NOW):
        project = Project.objects.create(organisation=org, title="Welcome packs",
                                         purpose="Packs for new people at the centre")
        project.take_part("co_design", "participant", "decides", person=person)
        meeting = Meeting.objects.create(project=project, title="Design meeting",
                                         starts_at=timezone.now() + datetime.timedelta(days=5),
                                         ends_at=timezone.now() + datetime.timedelta(days=5,
                                                                                     hours=2))
        meeting.attendees.add(person)
        Invitation.objects.create(meeting=meeting, person=person, token="t-1")
    return project


@time_machine.travel(NOW)
def test_it_shows_what_the_project_needs_in_plain_words(login: Any, panel: Any, org: Any,
                                                        project: Project) -> None:
    client = login(panel)
    page = client.get(url("detail", org, project_id=project.pk)).content.decode()
    assert "Help decide how the service will work, with staff, as an equal." in page
    assert "Needham" not in page and "Bovaird" not in page and "Transformational" not in page
    assert "Co-design" not in page and "How the service will work" in page
    listing = client.get(url("list", org)).content.decode()
    assert "Co-design" not in listing and "What it needs from you" in listing
    part = client.get(url("your_part", org)).content.decode()
    assert "Welcome packs" in part and "Design meeting" in part
    assert "Help decide how the service will work" in part
    assert reverse("reciprocity:mine", kwargs={"org_slug": org.slug}) in part


@time_machine.travel(NOW)
def test_a_participant_replies_to_their_meeting_while_signed_in(
        login: Any, panel: Any, org: Any, project: Project) -> None:
    meeting = project.meetings.get()
    client = login(panel)
    reply = url("your_reply", org, project_id=project.pk, meeting_id=meeting.pk)
    response = client.post(reply, {"reply": "needs_support", "support": ""})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert Invitation.objects.get().reply == Reply.NONE
    assert client.post(reply, {"reply": "needs_support", "support": "A lift"}).status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.reply == Reply.NEEDS_SUPPORT and invitation.support == "A lift"
    client.post(reply, {"reply": "coming"})  # a reply can change until the meeting
    assert Invitation.objects.get().reply == Reply.COMING


def test_replies_close_when_the_meeting_has_started(login: Any, panel: Any, org: Any,
                                                    project: Project) -> None:
    meeting = project.meetings.get()
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=5)):
        response = login(panel).post(url("your_reply", org, project_id=project.pk,
                                         meeting_id=meeting.pk), {"reply": "coming"})
    assert "already taken place" in response.content.decode()
    assert Invitation.objects.get().reply == Reply.NONE


@time_machine.travel(NOW)
def test_someone_not_invited_cannot_reply_or_see_the_project(
        login: Any, org: Any, project: Project, peer_mentor: Any) -> None:
    stranger = make_person(org, "Gwen Davies")
    Membership.objects.filter(user=peer_mentor).update(person=stranger)
    meeting = project.meetings.get()
    client = login(peer_mentor)
    assert client.post(url("your_reply", org, project_id=project.pk, meeting_id=meeting.pk),
                       {"reply": "coming"}).status_code == 404
    assert client.get(url("propose", org, project_id=project.pk)).status_code == 404
    assert Invitation.objects.get().reply == Reply.NONE


@time_machine.travel(NOW)
def test_an_unlinked_login_is_told_to_ask_staff(login: Any, org: Any, peer_mentor: Any,
                                                 project: Project) -> None:
    page = login(peer_mentor).get(url("your_part", org)).content.decode()
    assert "not yet linked" in page


@time_machine.travel(NOW)
def test_a_participant_proposes_and_staff_decide(login: Any, panel: Any, coordinator: Any,
                                                 org: Any, project: Project) -> None:
    meeting = project.meetings.get()
    client = login(panel)
    propose = url("propose", org, project_id=project.pk)
    assert client.post(propose, {"kind": "agenda_item", "text": "Maps in the packs"}
                       ).status_code == 200  # no meeting chosen
    assert client.post(propose, {"kind": "decision", "text": ""}).status_code == 200
    assert not Proposal.objects.exists()
    client.post(propose, {"kind": "agenda_item", "text": "Maps in the packs",
                          "meeting": meeting.pk})
    client.post(propose, {"kind": "decision", "text": "Packs in Welsh and English"})
    item, decision = Proposal.objects.order_by("id")
    assert item.state == decision.state == ProposalState.PROPOSED and item.person_id
    # a participant may not decide
    decide = url("proposal_decide", org, project_id=project.pk, project_proposal_id=item.pk)
    assert client.post(decide, {f"p{item.pk}-agree": "yes"}).status_code == 403
    staff = login(coordinator)
    assert "Maps in the packs" in staff.get(url("detail", org, project_id=project.pk)
                                            ).content.decode()
    staff.post(decide, {f"p{item.pk}-agree": "yes", f"p{item.pk}-method": "staff"})
    meeting.refresh_from_db()
    assert "Maps in the packs" in meeting.agenda
    decline = url("proposal_decide", org, project_id=project.pk,
                  project_proposal_id=decision.pk)
    staff.post(decline, {f"p{decision.pk}-agree": "no", f"p{decision.pk}-method": "staff"})
    decision.refresh_from_db()
    assert decision.state == ProposalState.PROPOSED  # a refusal needs a reason
    staff.post(decline, {f"p{decision.pk}-agree": "yes", f"p{decision.pk}-method": "consensus"})
    decision.refresh_from_db()
    assert decision.state == ProposalState.ACCEPTED
    logged = Decision.objects.get()
    assert logged.proposed_by == "participant" and logged.method == "consensus"
    # decided once only
    staff.post(decline, {f"p{decision.pk}-agree": "no", f"p{decision.pk}-answer": "No"})
    assert Decision.objects.count() == 1
    assert Proposal.objects.get(pk=decision.pk).state == ProposalState.ACCEPTED
    part = client.get(url("your_part", org)).content.decode()
    assert "Agreed" in part


@time_machine.travel(NOW)
def test_staff_of_another_organisation_cannot_decide(login: Any, panel: Any, outsider: Any,
                                                    org: Any, project: Project) -> None:
    login(panel).post(url("propose", org, project_id=project.pk),
                      {"kind": "decision", "text": "Packs in Welsh"})
    proposal = Proposal.objects.get()
    response = login(outsider).post(url("proposal_decide", org, project_id=project.pk,
                                        project_proposal_id=proposal.pk),
                                    {f"p{proposal.pk}-agree": "yes"})
    assert response.status_code == 404
    assert Proposal.objects.get().state == ProposalState.PROPOSED


def part_queries(client: Any, org: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url("your_part", org)).status_code == 200
    return len(captured)


@time_machine.travel(NOW)
def test_your_part_takes_the_same_queries_however_much_there_is(
        login: Any, panel: Any, org: Any, person: Any, project: Project) -> None:
    client = login(panel)

    def add(n: int) -> None:
        for i in range(n):
            start = timezone.now() + datetime.timedelta(days=10 + i)
            meeting = Meeting.objects.create(project=project, title=f"More {i}",
                                             starts_at=start,
                                             ends_at=start + datetime.timedelta(hours=1))
            Invitation.objects.create(meeting=meeting, person=person, token=f"more-{n}-{i}")
            Proposal.objects.create(project=project, kind="decision", text=f"P{i}",
                                    person=person)
            AssessmentLink.issue(make_round(org, title=f"R{n}-{i}"), "volunteer", 9,
                                 person=person)
            other = Project.objects.create(organisation=org, title=f"Other {n}-{i}",
                                           purpose="x")
            other.take_part("co_planning", "participant", "advises", person=person)

    add(1)
    few = part_queries(client, org)
    add(6)
    assert part_queries(client, org) == few
