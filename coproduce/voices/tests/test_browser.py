"""Voices in a real Chromium: quick entry, the easy-read form, an outcome, the equity lens."""

import datetime
from typing import Any

import pytest

from coproduce.people.models import ConsentPurpose, Group, Person, RecordedHow
from coproduce.tests.browser import CheckedPage, sign_in
from coproduce.voices.models import Voice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_logs_voices_and_closes_one_with_an_outcome(
    browser_page: CheckedPage, coordinator: Any, org: Any
) -> None:
    page = browser_page
    mair = Person.objects.create(organisation=org, name="Mair Hughes", email="mair@mail.example",
                                 contact_ways=["email"])
    mair.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER,
                        datetime.date(2025, 1, 1))
    sign_in(page, coordinator.email)
    page.goto(f"/o/{org.slug}/voices/add/")

    # Type the voice, then find the person as you type: htmx shows the match.
    page.page.get_by_label("What did they say?").fill("A coach trip to Barry Island, please")
    page.page.get_by_label("Find them by name, email or phone").press_sequentially("mai")
    page.page.get_by_label("Mair Hughes").wait_for()
    page.check()
    page.page.get_by_label("Mair Hughes").check()
    page.page.get_by_label("How was it said?").select_option("phone")
    page.page.get_by_label("Tags").fill("trips, seaside")
    page.page.get_by_role("button", name="Save and log another").click()
    page.check()
    assert "Saved: “A coach trip to Barry Island, please” (Mair Hughes)" in page.page.inner_text(
        "main")
    assert page.page.evaluate("document.activeElement.id") == "id_text"  # ready for the next
    assert page.page.get_by_label("How was it said?").input_value() == "phone"  # remembered
    voice = Voice.objects.get(organisation=org)
    assert voice.person == mair and voice.channel == "phone"

    # Record the outcome, see Mair's email, then send it.
    page.goto(f"/o/{org.slug}/voices/{voice.pk}/")
    page.page.get_by_role("link", name="Change status or record the outcome").click()
    page.check()
    page.page.get_by_label("Status").select_option("done")
    page.page.get_by_label("Outcome", exact=True).fill(
        "We booked a coach for 40 members on 12 July.")
    page.page.get_by_role("button", name="Save").click()
    page.check()
    assert "Check, then send" in page.page.inner_text("main")
    page.page.get_by_role("button", name="Send to 1 person").click()
    page.check()
    assert "Sent" in page.page.inner_text("main")
    voice.refresh_from_db()
    assert voice.status == "done"

    # The equity lens, with its charts and tables.
    page.goto(f"/o/{org.slug}/voices/equity/")
    assert page.page.locator("svg[role=img]").count() >= 1
    page.goto(f"/o/{org.slug}/voices/build-up/")
    assert "seaside" in page.page.inner_text("main")
    page.goto(f"/o/{org.slug}/voices/")


def test_a_member_uses_the_easy_read_form_without_signing_in(browser_page: CheckedPage,
                                                             org: Any) -> None:
    page = browser_page
    Group.objects.create(organisation=org, name="Carers")
    page.goto(f"/o/{org.slug}/say/easy-read/")
    page.page.get_by_role("button", name="Send").click()
    page.check()
    assert "Tell us what you would like to say" in page.page.inner_text(".govuk-error-summary")
    page.page.get_by_label("What do you want to tell us?").fill("I want a bench by the door")
    page.page.get_by_label("Your name").fill("Dilys")
    page.page.get_by_label("Your email or phone number").fill("07700 900333")
    page.page.get_by_label("Yes").check()
    page.page.get_by_role("button", name="Send").click()
    page.check()
    assert "Thank you" in page.page.inner_text("h1")
    voice = Voice.objects.get(organisation=org)
    # The details stay with the voice; typing them links no one in People.
    assert voice.channel == "easy_read" and voice.person is None
    assert (voice.contact_name, voice.contact) == ("Dilys", "07700 900333")
    page.goto(f"/o/{org.slug}/say/")
    page.goto(f"/o/{org.slug}/you-said-we-did/")
