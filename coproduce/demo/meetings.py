"""Demo meetings people can get to: a meeting that was held, with who came, and invitations
for the next one sent in each person's way, with some replies."""

import datetime
import secrets
from typing import Any

from django.utils import timezone

from coproduce.projects.invitations import invite, record_attendance, record_reply
from coproduce.projects.models import Attendance, Invitation, Meeting, MeetingStatus, Reply


def make_meeting_record(organisation: Any, coordinator: Any) -> None:
    """Once per organisation: last month's meeting, held; this month's, invited."""
    project = organisation.projects.order_by("pk").first()
    if project is None or project.meetings.filter(status=MeetingStatus.HELD).exists():
        return
    upcoming = project.meetings.order_by("starts_at").first()
    people = list(upcoming.attendees.all()) if upcoming else []
    start = (timezone.now() - datetime.timedelta(days=30)).replace(hour=14, minute=0, second=0,
                                                                  microsecond=0)
    held = Meeting.objects.create(project=project, title="Last month's get-together",
                                  starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                                  place="Community hall", step_free=True, hearing_loop=True,
                                  public_transport="Buses stop outside",
                                  contact_name="The coordinator, 029 2000 0000")
    held.attendees.set(people)
    held.staff.add(coordinator)
    Invitation.objects.bulk_create(Invitation(meeting=held, person=person,
                                              token=secrets.token_urlsafe(32))
                                   for person in people)
    came: dict[int, str] = {invitation.pk: Attendance.CAME if index % 5 else Attendance.APOLOGIES
            for index, invitation in enumerate(held.invitations.all())}
    record_attendance(held, came, [coordinator])
    if upcoming is None:
        return
    Meeting.objects.filter(pk=upcoming.pk).update(contact_name="The coordinator, 029 2000 0000",
                                                  public_transport="Buses stop outside")
    upcoming.refresh_from_db()
    invite(upcoming, people, coordinator, "http://127.0.0.1:8000")
    replies = [Reply.COMING, Reply.NEEDS_SUPPORT, Reply.NOT_COMING]
    for invitation, reply in zip(upcoming.invitations.order_by("pk"), replies, strict=False):
        record_reply(invitation, reply, "A lift from home" if reply == Reply.NEEDS_SUPPORT
                     else "")
