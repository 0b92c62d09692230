"""A peer mentor, signed in through the real sign-in page, logs what a member told them and
replies to a meeting they are invited to, in English and in Welsh, every page axe-checked."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from coproduce.organisations.models import Membership
from coproduce.people.models import Person
from coproduce.projects.models import Invitation, Meeting, Project, Reply
from coproduce.tests.browser import CheckedPage, sign_in
from coproduce.voices.models import Voice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_peer_mentor_logs_a_voice_for_a_member_and_replies_to_a_meeting(
        browser_page: CheckedPage, live_server: Any, peer_mentor: Any, org: Any, person: Any,
        language: str) -> None:
    page = browser_page
    mentor = Person.objects.create(organisation=org, name="Dewi Mentor")
    Membership.objects.filter(user=peer_mentor).update(person=mentor)
    project = Project.objects.create(organisation=org, title="Welcome packs",
                                     purpose="Packs for people new to the centre")
    project.take_part("peer_support", "participant", "delivers", person=mentor)
    start = timezone.now() + datetime.timedelta(days=6)
    meeting = Meeting.objects.create(project=project, title="Welcome pack planning",
                                     starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                                     place="Community hall")
    meeting.attendees.add(mentor)
    invitation = Invitation.objects.create(meeting=meeting, person=mentor, token="mentor-token")
    sign_in(page, peer_mentor.email)
    page.page.context.add_cookies([{"name": "django_language", "value": language,
                                    "url": live_server.url}])

    # Log what Sian said: find her by name (only names are shown), choose her, save.
    page.goto(f"/o/{org.slug}/voices/heard/add/")
    page.page.locator("#id_text").fill("Could new people get a map of the centre?")
    page.page.locator("#id_person_query").fill("Sian")
    page.page.locator("button[name=find]").click()
    page.check()
    choices = page.page.inner_text("main")
    assert "Sian Roberts" in choices and "sian@mail.example" not in choices
    page.page.locator("input[name=person]").first.check()
    page.page.locator("button[data-prevent-double-click]").click()
    page.check()
    voice = Voice.objects.get()
    assert voice.person == person and voice.heard_by_peer and voice.recorded_by == peer_mentor
    page.goto(f"/o/{org.slug}/voices/heard/")
    assert "Could new people get a map" in page.page.inner_text("main")

    # Reply to the meeting from "Your part": a need for support must be said.
    page.goto(f"/o/{org.slug}/your-part/")
    assert "Welcome pack planning" in page.page.inner_text("main")
    page.page.locator("a[href$='/your-reply/']").first.click()
    page.check()
    page.page.locator("input[name=reply][value=needs_support]").check()
    page.page.locator("button[data-prevent-double-click]").click()
    page.check()
    assert page.page.locator(".govuk-error-summary").count() == 1
    assert Invitation.objects.get(pk=invitation.pk).reply == Reply.NONE
    page.page.locator("textarea[name=support]").fill("A seat near the door")
    page.page.locator("button[data-prevent-double-click]").click()
    page.check()
    invitation.refresh_from_db()
    assert invitation.reply == Reply.NEEDS_SUPPORT and invitation.support == "A seat near the door"
    assert "Welcome pack planning" in page.page.inner_text("main")
