"""Working with 500 members in a real Chromium, in English and in Welsh, axe-checked: the
people picker (with and without JavaScript), bulk acknowledgement, correcting a voice, "same as
this", a person's timeline, and a meeting from invitations to who came."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from coproduce.people.models import ConsentPurpose, Person, RecordedHow
from coproduce.projects.models import Invitation, Meeting, Phase, Project
from coproduce.tests.browser import CheckedPage
from coproduce.voices.models import Interest, Voice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LANGUAGES = ["en", "cy"]


def signed_in(page: CheckedPage, live_server: Any, user: User, language: str) -> None:
    client = Client()
    client.force_login(user)
    page.page.context.add_cookies([
        {"name": "sessionid", "value": client.cookies["sessionid"].value,
         "url": live_server.url},
        {"name": "django_language", "value": language, "url": live_server.url}])


@pytest.fixture
def no_js_page(chromium: Any, live_server: Any) -> Iterator[CheckedPage]:
    # The site's scripts are refused, so the page works as it would without JavaScript; the
    # browser itself still runs axe-core (a context without JavaScript could not).
    context = chromium.new_context(viewport={"width": 1100, "height": 900}, locale="en-GB")
    context.route("**/*.js", lambda route: route.abort())
    checked = CheckedPage(context.new_page(), live_server.url)
    yield checked
    context.close()
    assert not checked.unchecked()


def namesakes(org: Any) -> list[Person]:
    return [Person.objects.create(organisation=org, name="John Jones", postcode=postcode,
                                  email=f"jj{n}@mail.example")
            for n, postcode in enumerate(["CF10 1AA", "SA1 2BB", "LL55 3CC"])]


def a_voice(org: Any, text: str = "A bench by the bus stop", **extra: Any) -> Voice:
    return Voice.objects.create(organisation=org, text=text, channel="phone",
                                heard_on=extra.pop("heard_on", datetime.date(2025, 3, 1)),
                                **extra)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_picker_chooses_a_namesake_by_postcode_with_javascript(
        browser_page: CheckedPage, live_server: Any, coordinator: Any, org: Any,
        language: str) -> None:
    page = browser_page
    people = namesakes(org)
    voice = a_voice(org)
    signed_in(page, live_server, coordinator, language)
    page.goto(f"/o/{org.slug}/voices/{voice.pk}/interested/")
    search = page.page.locator("#id_person")
    assert search.get_attribute("role") == "combobox"
    search.press_sequentially("ll55")
    option = page.page.get_by_role("option").filter(has_text="LL55 3CC")
    option.wait_for()
    assert page.page.get_by_role("option").count() == 1
    page.check()
    search.press("ArrowDown")
    search.press("Enter")  # chooses; never sends the form
    assert page.page.locator(f"#id_person_chosen_{people[2].pk}").is_checked()
    page.page.locator("button[data-prevent-double-click]").click()
    page.check()
    assert Interest.objects.get(voice=voice).person == people[2]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_picker_chooses_a_namesake_by_postcode_without_javascript(
        no_js_page: CheckedPage, live_server: Any, coordinator: Any, org: Any,
        language: str) -> None:
    page = no_js_page
    people = namesakes(org)
    voice = a_voice(org)
    signed_in(page, live_server, coordinator, language)
    page.goto(f"/o/{org.slug}/voices/{voice.pk}/interested/")
    assert page.page.locator("#id_person").get_attribute("role") is None  # no combobox
    page.page.locator("#id_person").fill("SA1 2BB")
    page.page.locator("button[data-picker-button]").click()
    page.check()
    assert page.page.locator(".govuk-error-summary").count() == 0
    assert page.page.locator("input[name=person]").count() == 1
    page.page.locator(f"label[for=id_person_found_{people[1].pk}]").click()
    page.page.locator("button[data-prevent-double-click]").click()
    page.check()
    assert Interest.objects.get(voice=voice).person == people[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_acknowledges_50_voices_in_one_action(
        browser_page: CheckedPage, live_server: Any, coordinator: Any, org: Any,
        language: str) -> None:
    page = browser_page
    Voice.objects.bulk_create(Voice(organisation=org, text=f"Idea {n}", channel="phone",
                                    heard_on=datetime.date(2025, 1, 1)) for n in range(50))
    a_voice(org, "Already seen", status="acknowledged")
    signed_in(page, live_server, coordinator, language)
    page.goto(f"/o/{org.slug}/voices/?status=new")
    page.page.locator("label[for=all-matching]").click()
    page.page.locator("#bulk-action").select_option("acknowledge")
    page.page.locator(".app-bulk button").click()
    page.check()
    assert "50" in page.page.inner_text(".govuk-notification-banner")
    assert Voice.objects.filter(status="acknowledged").count() == 51


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_corrects_a_voice(browser_page: CheckedPage, live_server: Any,
                                        coordinator: Any, org: Any, person: Any,
                                        language: str) -> None:
    page = browser_page
    voice = a_voice(org, "A bench by the bus stpo")
    signed_in(page, live_server, coordinator, language)
    page.goto(f"/o/{org.slug}/voices/{voice.pk}/")
    page.page.locator(f"a[href$='/voices/{voice.pk}/correct/']").click()
    page.check()
    page.page.locator("#id_text").fill("A bench by the bus stop")
    page.page.locator("#id_person").press_sequentially("Sian")
    page.page.locator("[role=option]").filter(has_text="Sian Roberts").click()
    page.page.locator("#id_channel").select_option("email")
    page.page.locator("button[data-prevent-double-click]").click()
    page.check()
    voice.refresh_from_db()
    assert (voice.text, voice.person, voice.channel) == ("A bench by the bus stop", person,
                                                         "email")
    assert "A bench by the bus stpo" in page.page.inner_text("main")  # kept in its history


@pytest.mark.parametrize("language", LANGUAGES)
def test_same_as_this_keeps_the_person_with_the_earlier_voice(
        browser_page: CheckedPage, live_server: Any, coordinator: Any, org: Any, person: Any,
        language: str) -> None:
    page = browser_page
    earlier = a_voice(org, "More benches in the park", heard_on=datetime.date(2025, 1, 1))
    later = a_voice(org, "Benches in the park please", person=person)
    signed_in(page, live_server, coordinator, language)
    page.goto(f"/o/{org.slug}/voices/{later.pk}/same-as/")
    page.page.locator("label[for=id_earlier_0]").click()
    page.page.locator("main button[data-prevent-double-click]").click()
    page.check()
    assert not Voice.objects.filter(pk=later.pk).exists()
    assert Interest.objects.get(voice=earlier, raised_it=True).person == person
    assert page.page.url.endswith(f"/voices/{earlier.pk}/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_persons_timeline_answers_what_happened(browser_page: CheckedPage, live_server: Any,
                                                  coordinator: Any, org: Any, person: Any,
                                                  language: str) -> None:
    page = browser_page
    a_voice(org, "Trips to Tenby", person=person, status="done", outcome="Booked for June")
    project = Project.objects.create(organisation=org, title="Outings", purpose="Plan")
    Phase.objects.create(project=project, kind="co_design").roles.create(
        side="participant", involvement="decides", person=person)
    signed_in(page, live_server, coordinator, language)
    page.goto(f"/o/{org.slug}/people/{person.pk}/")
    story = page.page.inner_text(".app-timeline")
    assert "Trips to Tenby" in story and "Booked for June" in story and "Outings" in story
    page.page.locator("label[for=show-projects]").click()  # untick projects
    page.page.locator("label[for=show-consent]").click()
    page.page.locator("form[action='#story'] button").click()
    page.check()
    story = page.page.inner_text(".app-timeline")
    assert "Trips to Tenby" in story and "Outings" not in story


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_meeting_reaches_everyone_their_way_and_counts_who_came(
        browser_page: CheckedPage, live_server: Any, coordinator: Any, org: Any,
        language: str) -> None:
    page = browser_page
    project = Project.objects.create(organisation=org, title="Outings", purpose="Plan")
    start = timezone.now() + datetime.timedelta(days=7)
    meeting = Meeting.objects.create(project=project, title="Planning", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=2),
                                     place="Community hall", step_free=True,
                                     contact_name="Sue, 029 2000 0000")
    meeting.staff.add(coordinator)
    ways = [("Mair", ["email"], {"email": "mair@mail.example"}),
            ("Dai", ["post"], {"address": "1 High St, Barry"}),
            ("Glyn", ["phone"], {"phone": "07700 900123"})]
    for name, contact_ways, details in ways:
        invitee = Person.objects.create(organisation=org, name=name, contact_ways=contact_ways,
                                        **details)
        invitee.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER,
                               datetime.date(2026, 1, 1))
        meeting.attendees.add(invitee)
    signed_in(page, live_server, coordinator, language)
    page.goto(f"/o/{org.slug}/projects/{project.pk}/meetings/{meeting.pk}/")
    page.page.locator(f"form[action$='/meetings/{meeting.pk}/invite/'] button").click()
    page.check()
    # Mair by e-mail, and the member of staff invited (staff are e-mailed too)
    assert sorted(m.to for m in mail.outbox) == [["coordinator@harbour.example"],
                                                  ["mair@mail.example"]]
    to_mair = next(m for m in mail.outbox if m.to == ["mair@mail.example"])
    assert to_mair.attachments[0][0] == "meeting.ics"
    table = page.page.inner_text("main table")
    assert "Dai" in table and "Glyn" in table
    assert page.page.locator(".govuk-inset-text li").count() == 2  # letter and call to do

    # Mair replies through the link in her email.
    token = Invitation.objects.get(person__name="Mair").token
    assert token in to_mair.body
    page.goto(f"/o/{org.slug}/meetings/reply/{token}/")
    page.page.locator("input[name=reply][value=coming]").check()
    page.page.locator("form button").last.click()
    page.check()
    assert Invitation.objects.get(person__name="Mair").reply == "coming"

    # After the meeting: who came.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1))
    page.goto(f"/o/{org.slug}/projects/{project.pk}/")
    joint_before = page.page.inner_text("main")
    page.goto(f"/o/{org.slug}/projects/{project.pk}/meetings/{meeting.pk}/attendance/")
    mair = Invitation.objects.get(person__name="Mair")
    page.page.locator(f"label[for=id_i{mair.pk}_0]").click()
    page.page.locator("button[data-prevent-double-click]").click()
    page.check()
    page.goto(f"/o/{org.slug}/projects/{project.pk}/")
    assert "100%" in page.page.inner_text("main") and "100%" not in joint_before
