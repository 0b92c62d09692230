"""One demo project per reference case, with phases, boundaries, a meeting and a decision."""

import datetime
from typing import Any

from django.utils import timezone

from coproduce.people.models import Person
from coproduce.projects.models import Boundary, Decision, Meeting, Phase, Project

# title, purpose, [(phase, [(side, involvement, description)])], [(topic, status, limits, why)],
# meeting title, decision (text, proposed by, method)
PROJECTS: dict[str, Any] = {
    "harbour-day-centre": (
        "Peer mentoring and welcome packs",
        "Peer mentors, who once used the centre, welcome new visitors with a pack they designed.",
        [("co_design", [("participant", "decides", "Peer mentors"),
                        ("staff", "decides", "Volunteer coordinator")]),
         ("peer_support", [("participant", "delivers", "Peer mentors"),
                           ("staff", "advises", "Volunteer coordinator")])],
        [("What goes in the welcome pack", "limited", "Up to £10 a pack",
          "The grant covers 100 packs"),
         ("Safeguarding training before mentoring", "fixed", "",
          "Required for anyone supporting others")],
        "Mentors' planning meeting",
        ("Mentors will meet every new visitor on their first day.", "participant", "consensus"),
    ),
    "unity-community-network": (
        "Women-only sports club",
        "A sports club for women, asked for years ago, now run by the women who wanted it.",
        [("co_planning", [("participant", "decides", "Women who asked for the club"),
                          ("staff", "advises", "Development worker")]),
         ("co_managing", [("participant", "delivers", "Volunteer organisers")])],
        [("Which sports", "open", "", ""),
         ("Women-only sessions", "fixed", "", "This is what the women asked for")],
        "First organisers' meeting",
        ("Badminton and swimming on Tuesday evenings.", "participant", "vote"),
    ),
    "evergreen-circle": (
        "Annual events calendar",
        "Members choose next year's outings and events; member volunteers host them.",
        [("co_prioritising", [("participant", "decides", "Members' events group"),
                              ("staff", "decides", "Coordinator")]),
         ("co_performing", [("participant", "delivers", "Member hosts"),
                            ("staff", "delivers", "Coordinator")])],
        [("Events per month", "limited", "At most three", "One coordinator and a minibus"),
         ("Spread across the borough", "fixed", "", "Members live in every ward")],
        "Calendar planning meeting",
        ("Add two seaside trips in the summer.", "participant", "vote"),
    ),
    "rainbow-cancer-voices": (
        "Training for health services",
        "The group shares its experience and co-delivers training to health organisations.",
        [("co_design", [("participant", "decides", "Group members"),
                        ("staff", "advises", "Programme lead")]),
         ("co_performing", [("participant", "delivers", "Member trainers"),
                            ("staff", "delivers", "Programme lead")]),
         ("co_assessment", [("participant", "decides", "Group members")])],
        [("What personal stories are told", "open", "", ""),
         ("Confidentiality in sessions", "fixed", "", "The group's safe-space agreement")],
        "Training design session",
        ("Open every session with a member's own story.", "participant", "consensus"),
    ),
    "northgate-homes": (
        "Community fund criteria",
        "The residents' panel redesigns the community grant criteria, then scores the bids.",
        [("co_financing", [("participant", "decides", "Residents' panel"),
                           ("staff", "advises", "Community investment officer")]),
         ("co_assessment", [("participant", "decides", "Residents' panel")])],
        [("Total fund", "fixed", "", "Set by the board at £20,000"),
         ("The criteria and their weights", "open", "", "")],
        "Panel criteria workshop",
        ("Give extra weight to projects led by young people.", "participant", "vote"),
    ),
}


def make_project(organisation: Any, coordinator: Any) -> None:
    """Create the case's project once."""
    if organisation.slug not in PROJECTS or organisation.projects.exists():
        return
    title, purpose, phases, boundaries, meeting_title, decision = PROJECTS[organisation.slug]
    project = Project.objects.create(organisation=organisation, title=title, purpose=purpose,
                                     status="active")
    for topic, status, limits, reason in boundaries:
        Boundary(project=project, topic=topic, status=status, limits=limits,
                 reason=reason).record(None)
    people = list(Person.objects.filter(organisation=organisation).order_by("pk")[:6])
    for kind, roles in phases:
        phase = Phase.objects.create(project=project, kind=kind)
        for side, involvement, description in roles:
            phase.roles.create(side=side, involvement=involvement, description=description)
    start = (timezone.now() + datetime.timedelta(days=10)).replace(hour=10, minute=0, second=0,
                                                                  microsecond=0)
    meeting = Meeting.objects.create(project=project, title=meeting_title, starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=2),
                                     place="Community hall", step_free=True,
                                     agenda="1. Welcome\n2. What we heard\n3. Decisions")
    meeting.attendees.set(people)
    meeting.staff.add(coordinator)
    text, proposer, method = decision
    Decision.objects.create(project=project, text=text, decided_on=timezone.localdate(),
                            proposed_by=proposer, method=method,
                            votes_for=8 if method == "vote" else None,
                            votes_against=1 if method == "vote" else None)
