"""Demo decisions: the project's decision names the member who proposed it (it shows on their
timeline), and the upcoming meeting has a member who needs a BSL interpreter, not yet booked,
so the dashboard says so."""

from typing import Any

from coproduce.people.models import AccessNeed, NeedKind
from coproduce.projects.models import Decision, MeetingStatus


def make_decision_record(organisation: Any) -> None:
    """Once per organisation with a project."""
    project = organisation.projects.order_by("pk").first()
    meeting = project.meetings.filter(status=MeetingStatus.UPCOMING).order_by(
        "starts_at").first() if project else None
    if meeting is None:
        return
    people = list(meeting.attendees.order_by("pk")[:2])
    decision = Decision.objects.filter(project=project, proposer__isnull=True).first()
    if decision is not None and people:
        Decision.objects.filter(pk=decision.pk).update(proposer=people[0],
                                                       proposed_by="participant")
    if len(people) > 1 and not AccessNeed.objects.filter(person=people[1],
                                                         kind=NeedKind.BSL).exists():
        AccessNeed.objects.create(person=people[1], kind=NeedKind.BSL)
