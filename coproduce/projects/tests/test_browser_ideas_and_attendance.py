"""In a real Chromium, in English and Welsh, checked by axe: the dashboard names a meeting
whose interpreter is not booked and a rising theme; a back-burner idea becomes a project
with its people; a decision closes its voices with one outcome waiting for Send; and
"everyone came" records a meeting's attendance in one go."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coproduce.people.models import AccessNeed, ConsentPurpose, NeedKind, Person, RecordedHow
from coproduce.projects.models import Decision, Invitation, Meeting, MeetingStatus, Project
from coproduce.tests.browser import CheckedPage
from coproduce.themes.models import Placement, Theme
from coproduce.voices.models import Voice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page: CheckedPage, live_server: Any, user: User, language: str) -> None:
    client = Client()
    client.force_login(user)
    page.page.context.add_cookies([
        {"name": "sessionid", "value": client.cookies["sessionid"].value,
         "url": live_server.url},
        {"name": "django_language", "value": language, "url": live_server.url}])


def waiting_idea(org: Any) -> tuple[Theme, list[Person]]:
    theme = Theme.objects.create(organisation=org, key="sport", label="Women's football",
                                 confirmed=True)
    people = []
    for n in range(4):
        person = Person.objects.create(organisation=org, name=f"Player {n}",
                                       email=f"player{n}@mail.example", contact_ways=["email"])
        person.record_consent(ConsentPurpose.CONTACT, n != 3, RecordedHow.PAPER,
                              datetime.date(2025, 1, 1))
        voice = Voice.objects.create(organisation=org, text=f"A women's football team {n}",
                                     channel="event", person=person, status="back_burner",
                                     heard_on=timezone.localdate() - datetime.timedelta(days=n))
        Placement.objects.create(voice=voice, theme=theme)
        people.append(person)
    return theme, people


@pytest.mark.parametrize("language", ["en", "cy"])
def test_an_idea_becomes_a_project_whose_decision_and_meeting_are_recorded(
        browser_page: CheckedPage, live_server: Any, coordinator: Any, org: Any,
        language: str) -> None:
    page = browser_page
    theme, people = waiting_idea(org)
    AccessNeed.objects.create(person=people[0], kind=NeedKind.BSL)
    signed_in(page, live_server, coordinator, language)

    page.goto(f"/o/{org.slug}/voices/back-burner/")
    page.page.locator("a[href*='/projects/from-voice/']").first.click()
    page.check()
    page.page.locator("#id_title").fill("Women's football")
    page.page.locator("button.govuk-button").click()
    page.check()
    project = Project.objects.get()
    assert project.voices.count() == 4 and project.contacts.count() == 3

    start = timezone.now() + datetime.timedelta(days=3)
    meeting = Meeting.objects.create(project=project, title="First training", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=1))
    meeting.attendees.add(*people)
    page.goto(f"/o/{org.slug}/")
    assert page.page.locator(f"a[href$='/meetings/{meeting.pk}/#checklist']").count() == 1
    assert page.page.locator(f"a[href$='/themes/{theme.pk}/']").count() >= 1  # rising

    page.goto(f"/o/{org.slug}/projects/{project.pk}/decisions/add/")
    page.page.locator("#id_text").fill("We will start a team in June.")
    page.page.locator("#id_proposed_by_1").check()  # participants
    page.page.locator("#id_method_0").check()
    for box in page.page.locator("input[name=voices]").all():
        box.check()
    page.page.locator("form button.govuk-button").last.click()
    page.check()
    decision = Decision.objects.get()
    assert decision.outcome is not None and decision.outcome.sent_at is None
    page.page.locator(f"a[href$='/voices/outcomes/{decision.outcome_id}/']").first.click()
    page.check()

    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1))
    Invitation.objects.bulk_create(Invitation(meeting=meeting, person=p, token=f"t{p.pk}" * 9)
                                   for p in people)
    page.goto(f"/o/{org.slug}/projects/{project.pk}/meetings/{meeting.pk}/attendance/")
    page.page.locator("#id_everyone_came").check()
    page.page.locator("form button.govuk-button").click()
    page.check()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD
    assert set(Invitation.objects.values_list("attendance", flat=True)) == {"came"}
