"""Calendar feeds: one per member, showing only what they may see, revocable, rotated."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from coproduce.projects.calendar import feed_token
from coproduce.projects.models import CalendarFeed, Meeting, Project


def start() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=5)


@pytest.fixture
def meetings(org: Any) -> dict[str, Meeting]:
    project = Project.objects.create(organisation=org, title="Welcome packs", purpose="Packs")
    made = {}
    for title in ("Staff planning", "Panel"):
        made[title] = Meeting.objects.create(project=project, title=title, starts_at=start(),
                                             ends_at=start() + datetime.timedelta(hours=1),
                                             agenda=f"Agenda of {title}")
    return made


def address(client: Any, org: Any) -> str:
    client.post(reverse("projects:my_calendar", args=[org.slug]), {"action": "new"})
    membership = Membership.objects.get(user_id=int(client.session["_auth_user_id"]),
                                        organisation=org)
    feed = CalendarFeed.live_for(membership)
    assert feed is not None
    return reverse("projects:calendar", args=[org.slug, feed_token(feed)])


def titles(response: Any) -> set[str]:
    assert response.status_code == 200
    return {str(event["summary"]).split(": ", 1)[1]
            for event in Calendar.from_ical(response.content).walk("VEVENT")}


def test_it_shows_staff_every_meeting_and_participants_only_their_own(
    client: Any, login: Any, org: Any, coordinator: Any, peer_mentor: Any, meetings: Any,
) -> None:
    staff_feed = address(login(coordinator), org)
    assert titles(client.get(staff_feed)) == {"Staff planning", "Panel"}
    mentor_feed = address(login(peer_mentor), org)
    assert titles(client.get(mentor_feed)) == set()  # no People link, nothing invited
    amira = Person.objects.create(organisation=org, name="Amira")
    meetings["Panel"].attendees.add(amira)
    membership = Membership.objects.get(user=peer_mentor)
    membership.link_person(amira)
    assert client.get(mentor_feed).status_code == 404  # the People link changed
    mentor_feed = address(login(peer_mentor), org)
    response = client.get(mentor_feed)
    assert titles(response) == {"Panel"}
    assert b"Staff planning" not in response.content


def test_it_stops_a_feed_on_role_change_revocation_and_removal(
    client: Any, login: Any, org: Any, coordinator: Any, admin_user: Any, meetings: Any,
) -> None:
    staff = login(coordinator)
    feed = address(staff, org)
    membership = Membership.objects.get(user=coordinator)
    membership.change_role(Role.PEER_MENTOR, False, by=admin_user)
    assert client.get(feed).status_code == 404
    membership.change_role(Role.COORDINATOR, True, by=admin_user)
    assert client.get(feed).status_code == 404  # a demotion never comes back to life
    feed = address(staff, org)
    replaced = address(staff, org)
    assert client.get(feed).status_code == 404 and client.get(replaced).status_code == 200
    staff.post(reverse("projects:my_calendar", args=[org.slug]), {"action": "stop"})
    assert client.get(replaced).status_code == 404
    live = address(staff, org)
    login(admin_user).post(reverse("organisations:member_remove", args=[org.slug,
                                                                      membership.pk]))
    assert client.get(live).status_code == 404


def test_it_answers_404_to_forged_or_other_organisations_tokens(
    client: Any, login: Any, org: Any, other_org: Any, coordinator: Any, meetings: Any,
) -> None:
    feed = address(login(coordinator), org)
    assert client.get(feed.replace(org.slug, other_org.slug)).status_code == 404
    assert client.get(reverse("projects:calendar", args=[org.slug, "forged"])).status_code == 404


def test_it_makes_no_feed_on_a_get(login: Any, org: Any, coordinator: Any) -> None:
    page = login(coordinator).get(reverse("projects:my_calendar", args=[org.slug]))
    assert page.status_code == 200 and "Make a calendar address" in page.content.decode()
    assert not CalendarFeed.objects.exists()
