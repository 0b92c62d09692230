"""A participant's part in their projects, in plain words rather than the typology's labels.

"Your part" gathers, for the person a login is linked to: what each of their projects needs
from them, the meetings they are invited to (with their reply), what they proposed and what
became of it, and what higher apps ask of them (assessments and surveys to answer), which
those apps add by registering a function here (projects may not import them).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.people.models import Person

from .forms import DecideProposalForm
from .models import (
    Invitation,
    Involvement,
    MeetingStatus,
    Project,
    Proposal,
    ProposalState,
    Role,
)
from .phases import PhaseKind

# What each phase is about, as a participant would say it.
ABOUT = {
    PhaseKind.CO_PLANNING: gettext_lazy("what is needed and the plan"),
    PhaseKind.CO_PRIORITISING: gettext_lazy("what comes first"),
    PhaseKind.CO_FINANCING: gettext_lazy("how the money is spent"),
    PhaseKind.CO_DESIGN: gettext_lazy("how the service will work"),
    PhaseKind.CO_MANAGING: gettext_lazy("running the service"),
    PhaseKind.CO_PERFORMING: gettext_lazy("delivering the service"),
    PhaseKind.PEER_SUPPORT: gettext_lazy("supporting other people who use the service"),
    PhaseKind.CO_ASSESSMENT: gettext_lazy("how well it worked and what should change"),
}


def need(role: Role) -> str:
    """What the project needs from the person in one role, in plain words."""
    about = ABOUT[PhaseKind(role.phase.kind)]
    sentence = {
        Involvement.DECIDES: _("Help decide %(about)s, with staff, as an equal."),
        Involvement.DELIVERS: _("Take a hands-on part in %(about)s."),
        Involvement.ADVISES: _("Give your views on %(about)s: staff will take them into "
                               "account."),
        Involvement.INFORMED: _("Nothing is asked of you about %(about)s: we will keep you "
                                "informed."),
    }[Involvement(role.involvement)] % {"about": about}
    return f"{role.description}: {sentence}" if role.description else sentence


@dataclass(frozen=True)
class ToDo:
    """Something a higher app asks of the person (an assessment or survey to answer)."""

    title: str
    state: str
    url: str
    done: bool = False


Collect = Callable[[Any, Person], list[ToDo]]  # (membership, person)
_collectors: list[Collect] = []


def on_your_part(collect: Collect) -> None:
    """Call `collect(membership, person)` for more things to show on "Your part"."""
    if collect not in _collectors:
        _collectors.append(collect)


def to_do(membership: Any, person: Person) -> list[ToDo]:
    return [item for collect in _collectors for item in collect(membership, person)]


def projects_of(person: Person) -> "QuerySet[Project]":
    return Project.objects.filter(organisation_id=person.organisation_id).filter(
        Q(phases__roles__person=person) | Q(meetings__attendees=person)
        | Q(meetings__invitations__person=person)).distinct()


def your_projects(person: Person) -> list[dict[str, Any]]:
    """Each project the person takes part in, with what it needs from them."""
    roles = Role.objects.filter(person=person).select_related("phase")
    needs: dict[int, list[str]] = {}
    for role in roles:
        needs.setdefault(role.phase.project_id, []).append(need(role))
    return [{"project": project, "needs": needs.get(project.pk, [])}
            for project in projects_of(person).exclude(status="finished")]


def your_meetings(person: Person) -> "QuerySet[Invitation]":
    """The person's invitations to meetings still to come, soonest first."""
    return (Invitation.objects.filter(person=person, meeting__status=MeetingStatus.UPCOMING,
                                      meeting__starts_at__gt=timezone.now())
            .select_related("meeting__project").order_by("meeting__starts_at"))


def your_proposals(person: Person) -> "QuerySet[Proposal]":
    return Proposal.objects.filter(person=person).select_related("project", "meeting")[:50]


def part_in(project: Project, person: Person | None, is_staff: bool) -> dict[str, Any]:
    """For the project page: staff get the proposals to decide; a participant, in plain
    words, what the project needs from them and what they proposed."""
    if is_staff:
        waiting = project.proposals.filter(state=ProposalState.PROPOSED).select_related(
            "person", "meeting")
        return {"to_decide": [(p, DecideProposalForm(prefix=f"p{p.pk}")) for p in waiting]}
    roles = Role.objects.filter(phase__project=project, person=person).select_related("phase")
    return {"needs": [need(role) for role in roles] if person else [],
            "my_proposals": project.proposals.filter(person=person) if person else []}
