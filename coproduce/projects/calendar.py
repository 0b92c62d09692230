"""iCalendar feeds of meetings, and the signed addresses that open them without signing in."""

from collections.abc import Iterable
from typing import Any

from django.core import signing
from icalendar import Calendar, Event

from .models import Meeting, MeetingStatus

SALT = "coproduce.projects.calendar"


def feed_token(organisation: Any, person: Any = None) -> str:
    """An unguessable token for an organisation's feed, or one person's."""
    return signing.dumps({"o": organisation.pk, "p": getattr(person, "pk", None)}, salt=SALT)


def read_token(token: str) -> dict[str, Any] | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, dict) else None


def ics(meetings: Iterable[Meeting], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Coproduce//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@coproduce")
        event.add("summary", f"{meeting.project.title}: {meeting.title}")
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("dtstamp", meeting.starts_at)
        event.add("location", meeting.place or meeting.online_link)
        event.add("description", meeting.agenda)
        event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED
                  else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
