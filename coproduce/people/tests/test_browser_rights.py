"""An administrator answers a subject access request and an erasure request, in a real
Chromium with axe-core on every page, in English and in Welsh; a member gets a calendar."""

from typing import Any

import pytest

from coproduce.conftest import make_person
from coproduce.people.models import Person
from coproduce.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_an_administrator_exports_and_erases_a_person_in_english_and_welsh(
    browser_page: Any, admin_user: Any, org: Any, person: Any,
) -> None:
    page = browser_page
    refused: list[str] = []  # scripts the Content-Security-Policy blocked, if any
    page.page.on("console", lambda message: refused.append(message.text)
                 if "Content Security Policy" in message.text else None)
    sign_in(page, admin_user.email)
    page.goto(f"/o/{org.slug}/people/{person.pk}/")
    assert "govuk-frontend-supported" in (page.page.locator("body").get_attribute("class") or "")
    page.page.get_by_role("link", name="See everything held about them").click()
    page.check()
    main = page.page.inner_text("main")
    assert "Sian Roberts" in main and "Diabetes" in main and "Download as PDF" in main

    page.goto(f"/o/{org.slug}/people/{person.pk}/")
    page.page.get_by_role("link", name="Erase this person").click()
    page.check()
    page.page.get_by_role("button", name="Erase this person").click()
    page.check()
    assert "Choose what should happen to their voices" in page.page.inner_text(
        ".govuk-error-summary")
    page.page.get_by_label("Keep their voices, with nothing that identifies them").check()
    page.page.get_by_label("I understand that this cannot be undone").check()
    page.page.get_by_role("button", name="Erase this person").click()
    page.check()
    assert "The person has been erased" in page.page.inner_text("main")
    assert not Person.objects.filter(pk=person.pk).exists()

    other = make_person(org, "Owain Glyn")
    page.page.get_by_role("button", name="Cymraeg").click()
    page.check()
    page.goto(f"/o/{org.slug}/people/{other.pk}/everything/")
    assert page.page.get_by_role("heading", level=1).inner_text() == (
        "Popeth a gedwir am y person hwn")
    page.goto(f"/o/{org.slug}/people/{other.pk}/erase/")
    assert "Dileu eu lleisiau hefyd" in page.page.inner_text("main")
    assert refused == []


def test_a_member_makes_and_stops_their_calendar_address(browser_page: Any, peer_mentor: Any,
                                                        org: Any) -> None:
    page = browser_page
    sign_in(page, peer_mentor.email)
    page.goto(f"/o/{org.slug}/projects/calendar/")
    page.page.get_by_role("button", name="Make a calendar address").click()
    page.check()
    assert ".ics" in page.page.locator("code").inner_text()
    page.page.get_by_role("button", name="Stop this address working").click()
    page.check()
    assert "The calendar address has stopped working" in page.page.inner_text("main")
    page.page.get_by_role("button", name="Cymraeg").click()
    page.check()
    assert "Creu cyfeiriad calendr" in page.page.inner_text("main")
