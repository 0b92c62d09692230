"""iCalendar feeds of meetings, and the signed addresses that open them without signing in.

Each member has their own feed (a CalendarFeed row): staff see every meeting of the
organisation; peer mentors and panel members see only the meetings they are invited to,
through their People record or as invited staff, so staff-only meetings never reach them.
"""

from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet
from icalendar import Calendar, Event

from .models import CalendarFeed, Meeting, MeetingStatus

SALT = "coproduce.projects.calendar"


def feed_token(feed: CalendarFeed) -> str:
    """The unguessable token in a feed's address."""
    return signing.dumps({"f": feed.pk, "n": feed.nonce}, salt=SALT)


def feed_for(token: str, org_slug: str) -> CalendarFeed | None:
    """The live feed a token opens under this organisation's address, or None."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("f"), int):
        return None
    feed_id: int = value["f"]
    feed = (CalendarFeed.objects.select_related("membership__organisation", "membership__user")
            .filter(pk=feed_id, nonce=value.get("n"),
                    membership__organisation__slug=org_slug).first())
    if feed is None or not feed.is_live or not feed.membership.allows("view_projects"):
        return None
    return feed


def meetings_in(feed: CalendarFeed) -> "QuerySet[Meeting]":
    """The meetings this member may see: all for staff, their own invitations for others."""
    membership = feed.membership
    meetings = Meeting.objects.filter(project__organisation=membership.organisation)
    if not membership.allows("edit_projects"):
        invited = Q(staff=membership.user)
        if membership.person_id:
            invited |= Q(attendees=membership.person_id)
        meetings = meetings.filter(pk__in=Meeting.objects.filter(invited).values("pk"))
    return meetings.select_related("project")


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


def feed_name(feed: CalendarFeed) -> str:
    membership: Any = feed.membership
    return f"{membership.organisation.display_name} – {membership.user.email}"
