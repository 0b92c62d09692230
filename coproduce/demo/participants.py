"""Demo participants who act: a peer mentor and a panel member in every organisation, each
linked to their People record, taking part in the project, invited to its next meeting and to
a self-assessment, with voices the peer logged, proposals of theirs and hours of their own."""

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from coproduce.assessments.frameworks import framework_data
from coproduce.assessments.models import Invitation as AssessmentLink
from coproduce.assessments.models import Round
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from coproduce.projects.invitations import ensure_invitations
from coproduce.projects.models import MeetingStatus, ProposalKind
from coproduce.projects.proposals import decide, propose
from coproduce.reciprocity.hours import Giver, record_hours
from coproduce.voices.capture import VoiceIn, record_voice

from .commissioning import SLUG as GRANTS_SLUG
from .commissioning import people_for_panel

HEARD = [  # what peer mentors heard, in the members' words
    ("Could new people get a welcome pack with a map and who to ask for?", "idea"),
    ("The showers are often cold in the mornings.", "concern"),
    ("Thank you for the breakfast club, it gets me out of the house.", "compliment"),
]
FRAMEWORK = "gmcvo-critical-success-factors"


def make_participants(organisation: Any, coordinator: Any, password: str,
                      ensure_login: Callable[[Any, str, str, str], Any]) -> list[Any]:
    """Make (or refresh) the two logins; add what makes their pages meaningful once."""
    project = organisation.projects.order_by("pk").first()
    if project is None:
        return []
    people = list(Person.objects.filter(organisation=organisation).order_by("pk")[:12])
    peer_person = people[0]
    panel_person = (people_for_panel(organisation)[0] if organisation.slug == GRANTS_SLUG
                    else people[1])
    logins = [ensure_login(organisation, "peer", Role.PEER_MENTOR, password)]
    if organisation.slug != GRANTS_SLUG:  # the grants demo already made its panel login
        logins.append(ensure_login(organisation, "panel", Role.PANEL_MEMBER, password))
    peer = link(organisation, "peer", peer_person)
    panel = link(organisation, "panel", panel_person)
    if project.proposals.exists():
        return logins
    take_part(project, peer_person, panel_person)
    log_heard(organisation, peer, people[2:5])
    ask_to_assess(organisation, coordinator, [peer_person, panel_person])
    make_proposals(project, coordinator, peer_person, peer, panel_person, panel)
    today = timezone.localdate()
    for weeks, person, activity in ((1, peer_person, "mentoring"), (2, peer_person, "mentoring"),
                                    (1, panel_person, "meeting")):
        record_hours(organisation, Giver(person=person), today - datetime.timedelta(
            days=7 * weeks), 120, activity, coordinator, project=project, confirmed=True)
    return logins


def link(organisation: Any, prefix: str, person: Person) -> Any:
    membership = Membership.objects.select_related("user").get(
        organisation=organisation, user__email=f"{prefix}@{organisation.slug}.example")
    membership.link_person(person)
    return membership.user


def take_part(project: Any, peer_person: Person, panel_person: Person) -> None:
    phase = project.phases.order_by("pk").first()
    if phase is not None:
        phase.roles.create(side="participant", involvement="delivers", person=peer_person,
                           description="Peer mentor")
        phase.roles.create(side="participant", involvement="decides", person=panel_person,
                           description="Panel member")
    for meeting in project.meetings.filter(status=MeetingStatus.UPCOMING,
                                           starts_at__gt=timezone.now()):
        meeting.attendees.add(peer_person, panel_person)
        ensure_invitations(meeting)


def log_heard(organisation: Any, peer: Any, members: list[Person]) -> None:
    heard_on = timezone.localdate() - datetime.timedelta(days=3)
    for (text, kind), member in zip(HEARD, members, strict=False):
        record_voice(organisation, VoiceIn(text=text, kind=kind, channel="conversation",
                                           heard_on=heard_on, person=member, on_behalf=True,
                                           by_peer=True), peer, add_people=False)


def ask_to_assess(organisation: Any, coordinator: Any, people: list[Person]) -> None:
    round_ = Round(organisation=organisation, title="How well do we co-produce? (this year)",
                   roles=["staff", "volunteer", "lived_experience"], created_by=coordinator,
                   closes_on=timezone.localdate() + datetime.timedelta(days=30))
    round_.use_framework(FRAMEWORK, framework_data(FRAMEWORK))
    round_.save()
    for person in people:
        AssessmentLink.issue(round_, "lived_experience", 30, by=coordinator, person=person)


def make_proposals(project: Any, coordinator: Any, peer_person: Person, peer: Any,
                   panel_person: Person, panel: Any) -> None:
    meeting = project.meetings.filter(status=MeetingStatus.UPCOMING,
                                      starts_at__gt=timezone.now()).order_by("starts_at").first()
    if meeting is not None:
        propose(project, peer_person, peer, ProposalKind.AGENDA_ITEM,
                "How peer mentors welcome new people in their first week", meeting)
    agreed = propose(project, panel_person, panel, ProposalKind.DECISION,
                     "Share the notes of every meeting in easy read within a week")
    decide(agreed, True, coordinator, method="consensus")
    propose(project, panel_person, panel, ProposalKind.DECISION,
            "Hold one meeting in three in the evening, for people who work")
