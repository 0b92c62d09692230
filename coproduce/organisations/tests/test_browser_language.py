"""The language a member of staff chooses, in a real Chromium with axe-core on every page: the
header's switch is remembered, a second device comes up in Welsh after signing in, and the
account's Language page changes it back to English."""

from typing import Any

import pytest

from coproduce.organisations.models import LoginPreference
from coproduce.tests.browser import CheckedPage, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_welsh_choice_follows_the_member_of_staff_to_another_device(
        browser_page: CheckedPage, chromium: Any, live_server: Any, coordinator: Any,
        org: Any) -> None:
    page = browser_page
    sign_in(page, coordinator.email)
    page.page.get_by_role("button", name="Cymraeg").click()
    page.check()
    assert page.page.locator("html").get_attribute("lang") == "cy"
    page.page.get_by_role("link", name="Eich cyfrif").click()
    page.check()
    page.page.get_by_role("link", name="Iaith").click()
    page.check()
    assert page.page.get_by_label("Cymraeg").is_checked()
    page.page.get_by_role("button", name="Allgofnodi").click()
    page.check()
    assert LoginPreference.objects.get(user=coordinator).language == "cy"

    # Another device: a fresh browser, in English until they sign in.
    context = chromium.new_context(viewport={"width": 1100, "height": 900}, locale="en-GB")
    other = CheckedPage(context.new_page(), live_server.url)
    try:
        sign_in(other, coordinator.email)
        assert other.page.locator("html").get_attribute("lang") == "cy"
        assert "Dangosfwrdd" in other.page.inner_text("h1")
        other.goto("/accounts/language/")
        other.page.get_by_label("English").check()
        other.page.get_by_role("button", name="Cadw").click()
        other.check()
        assert other.page.locator("html").get_attribute("lang") == "en-GB"
        assert "Your language has been saved." in other.page.inner_text(
            ".govuk-notification-banner")
        assert not other.unchecked()
    finally:
        context.close()
    assert LoginPreference.objects.get(user=coordinator).language == "en"
