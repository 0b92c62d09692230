"""Importing a spreadsheet in a real Chromium, in English and in Welsh, axe-checked."""

from typing import Any

import pytest

from coproduce.people.models import Person
from coproduce.tests.browser import sign_in
from coproduce.voices.models import Voice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = (b"when,what they said,who,how\n30/11/2025,Warmer hall please,Ann Lewis,in person\n"
         b"1/11/2025,Later buses on Sundays,Ann Lewis,Web form\n"
         b"12/31/2025,A month-first date,Bob Rees,phone\n")


def choose_file(page: Any, name: str, data: bytes) -> None:
    page.page.set_input_files("input[type=file]", files=[{
        "name": name, "mimeType": "text/csv", "buffer": data}])


def test_a_coordinator_maps_checks_and_imports_a_spreadsheet(browser_page: Any,
                                                              coordinator: Any,
                                                              org: Any) -> None:
    page = browser_page
    sign_in(page, coordinator.email)
    page.goto(f"/o/{org.slug}/voices/")
    page.page.get_by_role("link", name="Import voices").click()
    page.check()
    choose_file(page, "consultation.csv", NOTES)
    page.page.get_by_role("button", name="Continue").click()
    page.check()
    # Columns people name their own way are recognised; the preview shows what would be kept.
    assert page.page.get_by_label("Column “what they said”").input_value() == "text"
    assert page.page.get_by_label("Column “who”").input_value() == "person_name"
    assert "Ann Lewis (new to People)" in page.page.inner_text("main")
    page.page.get_by_label("Column “how”").select_option("channel")
    page.page.get_by_role("button", name="Check the file").click()
    page.check()
    assert page.page.locator("#import-created").inner_text() == "2"
    errors = page.page.locator("#import-errors").inner_text()
    assert "Row 3 (line 4 in the sheet)" in errors and "12/31/2025" in errors
    assert not Voice.objects.exists()
    page.page.get_by_role("button", name="Import 2 rows").click()
    page.check()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Imported"
    assert set(Voice.objects.values_list("channel", flat=True)) == {"conversation", "web"}
    assert Person.objects.get(organisation=org, name="Ann Lewis").voices.count() == 2

    # The same steps in Welsh, with the mapping remembered for a file with the same headers.
    page.page.get_by_role("button", name="Cymraeg").click()
    page.check()
    page.goto(f"/o/{org.slug}/import/voices/")
    choose_file(page, "consultation-2.csv", NOTES.replace(b"Warmer", b"Cooler"))
    page.page.locator("button.govuk-button").click()
    page.check()
    assert page.page.locator("select[name=column_3]").input_value() == "channel"
    page.page.locator("form button.govuk-button").click()
    page.check()
    assert page.page.locator("#import-created").inner_text() == "1"
    assert page.page.locator("html").get_attribute("lang") == "cy"
