"""Read a project's record into the facts the typology needs."""

from .models import MeetingStatus, Project, Role
from .phases import FAMILY, PhaseKind
from .typology import MeetingFact, Placement, RoleFact, place


def placement_of(project: Project) -> Placement:
    roles = [
        RoleFact(family=FAMILY[PhaseKind(role.phase.kind)], side=role.side,
                 involvement=role.involvement, phase=role.phase.get_kind_display(),
                 who=str(role.person_id or role.description))
        for role in Role.objects.filter(phase__project=project).select_related("phase")
    ]
    meetings = [
        MeetingFact(has_staff=meeting.staff.exists(), has_participants=meeting.attendees.exists())
        for meeting in project.meetings.exclude(status=MeetingStatus.CANCELLED)
    ]
    proposers = list(project.decisions.values_list("proposed_by", flat=True))
    boundaries = list(project.boundaries.values_list("status", flat=True))
    return place(roles, proposers, meetings, boundaries)
