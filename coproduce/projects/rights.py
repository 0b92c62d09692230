"""What Projects holds about one person, for their export and their erasure.

Registered with people.rights from ProjectsConfig.ready(): the roles they hold, the meetings
they were invited to and the contacts kept for them. Meeting notes and agendas that name them
have the name taken out.
"""

import datetime
from typing import Any

from django.db.models import Max, Q

from coproduce.people.models import Person
from coproduce.people.rights import Erasure

from .models import Contact, Meeting, Role


def export_projects(person: Person) -> dict[str, Any]:
    return {
        "roles": [{"project": role.phase.project.title, "phase": role.phase.kind,
                   "involvement": role.involvement, "description": role.description}
                  for role in Role.objects.filter(person=person)
                  .select_related("phase__project")],
        "meetings": [{"project": meeting.project.title, "title": meeting.title,
                      "starts_at": meeting.starts_at.isoformat(), "status": meeting.status}
                     for meeting in person.meetings.select_related("project")],  # type: ignore[attr-defined]
        "contacts": [{"project": contact.project.title, "routes": contact.routes,
                      "contacted_on": contact.contacted_on.isoformat()
                      if contact.contacted_on else None}
                     for contact in Contact.objects.filter(person=person)
                     .select_related("project")],
    }


def erase_projects(erasure: Erasure) -> dict[str, int]:
    person = erasure.person
    roles, _ = Role.objects.filter(person=person).delete()
    contacts, _ = Contact.objects.filter(person=person).delete()
    invited = Meeting.attendees.through.objects.filter(person=person).delete()[0]
    query = Q(pk__in=[])
    for text in erasure.identifying:
        query |= Q(notes__icontains=text) | Q(agenda__icontains=text) | Q(title__icontains=text)
    meetings = Meeting.objects.filter(project__organisation=person.organisation).filter(query)
    for meeting in meetings:
        meeting.notes, meeting.agenda = erasure.scrub(meeting.notes), erasure.scrub(meeting.agenda)
        meeting.title = erasure.scrub(meeting.title)
        meeting.save(update_fields=["notes", "agenda", "title"])
    return {"roles": roles, "contacts": contacts, "meeting_invitations": invited,
            "meetings_rewritten": len(meetings)}


def last_meeting(person: Person) -> datetime.date | None:
    latest = person.meetings.aggregate(at=Max("starts_at"))["at"]  # type: ignore[attr-defined]
    return latest.date() if latest else None
