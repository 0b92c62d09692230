"""Sending a person their link from the round's links page, in a real Chromium with axe-core
on every page, in English and then in Welsh."""

import datetime
from typing import Any

import pytest

from coproduce.assessments.models import Invitation
from coproduce.notices.models import Notice
from coproduce.people.models import ConsentPurpose, Person, RecordedHow
from coproduce.tests.browser import CheckedPage, sign_in

from .factories import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_send_a_link_and_see_its_state_in_english_and_welsh(
        browser_page: CheckedPage, coordinator: Any, org: Any) -> None:
    assessment = make_round(org)
    person = Person.objects.create(organisation=org, name="Eleri Hughes",
                                   email="eleri@mail.example", contact_ways=["email"])
    person.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER,
                          datetime.date(2026, 1, 5))
    refused = Person.objects.create(organisation=org, name="Nia Refused",
                                    email="nia@mail.example")
    for someone in (person, refused):
        Invitation.issue(assessment, "lived_experience", 14, person=someone)
    page = browser_page
    sign_in(page, coordinator.email)
    page.goto(f"/o/{org.slug}/assessments/rounds/{assessment.pk}/links/")
    page.page.get_by_role("button", name="Send it to them – Eleri Hughes").click()
    page.check()
    assert "The link will be emailed to them." in page.page.inner_text(
        ".govuk-notification-banner")
    page.page.get_by_role("button", name="Send it to them – Nia Refused").click()
    page.check()
    assert "Not sent: No consent to be contacted is recorded." in page.page.inner_text(
        ".govuk-notification-banner")
    assert Notice.objects.get().person == person
    page.page.get_by_role("button", name="Cymraeg").click()
    page.check()
    assert "Dolenni ar gyfer pobl" in page.page.inner_text("main")
    table = page.page.inner_text("table")
    assert "E-bost" in table  # how Eleri's link went
    assert "Ei hanfon atyn nhw" in table  # Nia's link can still be sent once she agrees
