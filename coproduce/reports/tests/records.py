"""A small record to report on: people in groups, voices, a project with a joint meeting and
decisions, hours given, and one person who agreed to be quoted."""

import datetime
from typing import Any

from django.utils import timezone

from coproduce.people.models import ConsentPurpose, Group, Person, RecordedHow
from coproduce.projects.models import (
    Attendance,
    Decision,
    Invitation,
    Meeting,
    MeetingStatus,
    Phase,
    Project,
    Role,
)
from coproduce.reciprocity.models import Contribution, HoursStatus
from coproduce.voices.models import Voice

DAY = datetime.date(2026, 3, 10)
QUOTE = "The new bus times mean I can get to the group"


def record(organisation: Any, people: int = 12, small_group: int = 3) -> dict[str, Any]:
    carers = Group.objects.create(organisation=organisation, name="Carers", name_cy="Gofalwyr")
    young = Group.objects.create(organisation=organisation, name="Young people")
    everyone = [Person.objects.create(organisation=organisation, name=f"Person {n}",
                                      date_joined=datetime.date(2025, 1, 1))
                for n in range(people)]
    for person in everyone[:people - small_group]:
        person.groups.add(carers)
    for person in everyone[people - small_group:]:
        person.groups.add(young)
    quoted = everyone[0]
    quoted.record_consent(ConsentPurpose.QUOTE, True, RecordedHow.PAPER, DAY)
    for n, person in enumerate(everyone):
        channel = "phone" if n < 6 else "web" if n < 9 else "email"
        Voice.objects.create(organisation=organisation, text=QUOTE if n == 0 else f"Idea {n}",
                             channel=channel, heard_on=DAY, person=person)
    project = Project.objects.create(organisation=organisation, title="Bus times",
                                     purpose="Better buses")
    design = Phase.objects.create(project=project, kind="co_design")
    Phase.objects.create(project=project, kind="co_performing")
    Role.objects.create(phase=design, side="participant", involvement="decides",
                        person=everyone[1])
    start = timezone.make_aware(datetime.datetime(2026, 3, 12, 18))
    meeting = Meeting.objects.create(project=project, title="Planning", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=2),
                                     status=MeetingStatus.HELD)
    Invitation.objects.create(meeting=meeting, person=everyone[1], token=f"t-{organisation.pk}",
                              attendance=Attendance.CAME)
    for n in range(6):
        Decision.objects.create(project=project, meeting=meeting, text=f"Decision {n}",
                                decided_on=DAY, proposed_by="participant", method="consensus")
    for person in everyone[:6]:
        Contribution.objects.create(organisation=organisation, side="participant",
                                    person=person, on=DAY, minutes=120, activity="meeting",
                                    project=project, status=HoursStatus.CONFIRMED)
    return {"people": everyone, "quoted": quoted, "project": project, "meeting": meeting,
            "carers": carers, "young": young}
