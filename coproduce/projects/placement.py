"""Read a project's record into the facts the typology needs."""

from django.db.models import Count, Q

from .models import Attendance, MeetingStatus, Project, Role
from .phases import FAMILY, PhaseKind
from .typology import MeetingFact, Placement, RoleFact, place


def placement_of(project: Project) -> Placement:
    roles = [
        RoleFact(family=FAMILY[PhaseKind(role.phase.kind)], side=role.side,
                 involvement=role.involvement, phase=role.phase.get_kind_display(),
                 who=str(role.person_id or role.description))
        for role in Role.objects.filter(phase__project=project).select_related("phase")
    ]
    # Only meetings that happened count, and only who came to them (not who was invited).
    held = project.meetings.filter(status=MeetingStatus.HELD).annotate(
        staff_came=Count("staff_attended", distinct=True),
        participants_came=Count("invitations", filter=Q(invitations__attendance=Attendance.CAME),
                                distinct=True))
    meetings = [MeetingFact(has_staff=m.staff_came > 0, has_participants=m.participants_came > 0)
                for m in held]
    proposers = list(project.decisions.values_list("proposed_by", flat=True))
    boundaries = list(project.boundaries.values_list("status", flat=True))
    return place(roles, proposers, meetings, boundaries)
