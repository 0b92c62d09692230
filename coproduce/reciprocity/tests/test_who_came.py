"""Recording everyone's time at a meeting ticks who came, once attendance is recorded."""

import datetime
from typing import Any

from django.utils import timezone

from coproduce.people.models import Person
from coproduce.projects.models import Attendance, Invitation, Meeting, Project
from coproduce.reciprocity.hours import who_came


def test_it_ticks_who_came_once_attendance_is_recorded(org: Any, coordinator: Any) -> None:
    project = Project.objects.create(organisation=org, title="Garden", purpose="Grow")
    start = timezone.now() - datetime.timedelta(days=1)
    meeting = Meeting.objects.create(project=project, title="Planning", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=2))
    came, stayed_away = (Person.objects.create(organisation=org, name=name)
                         for name in ("Came", "Stayed away"))
    meeting.attendees.add(came, stayed_away)
    meeting.staff.add(coordinator)
    assert set(who_came(meeting)[0]) == {came, stayed_away}  # nothing recorded: the invited
    for person, attendance in ((came, Attendance.CAME), (stayed_away, Attendance.APOLOGIES)):
        Invitation.objects.create(meeting=meeting, person=person, token=f"t-{person.pk}",
                                  attendance=attendance)
    people, staff = who_came(meeting)
    assert list(people) == [came] and list(staff) == [coordinator]
