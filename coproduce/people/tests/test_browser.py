"""A coordinator's morning, in a real Chromium, with axe-core checking every page."""

from typing import Any

import pytest

from coproduce.people.models import NeedKind, Person
from coproduce.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_a_coordinator_adds_a_person_imports_a_file_and_works_in_welsh(
    browser_page: Any, coordinator: Any, org: Any
) -> None:
    page = browser_page
    sign_in(page, coordinator.email)
    page.page.get_by_role("link", name="Harbour Day Centre").click()
    page.check()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Dashboard"

    # Add a person who needs a BSL interpreter; a first attempt without a name is refused.
    page.page.get_by_role("link", name="People", exact=True).click()
    page.check()
    page.page.get_by_role("link", name="Add a person").click()
    page.check()
    page.page.get_by_label("Phone number").fill("07700 900555")
    page.page.get_by_role("button", name="Add person").click()
    page.check()
    summary = page.page.locator(".govuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    assert page.page.get_by_label("Phone number").input_value() == "07700 900555"
    page.page.get_by_label("Name or pseudonym").fill("Dafydd ap Gwilym")
    page.page.get_by_label("British Sign Language interpreter").check()
    page.page.get_by_label("Be contacted about co-production").check()
    page.page.get_by_role("button", name="Add person").click()
    page.check()
    assert "Dafydd ap Gwilym has been added" in page.page.inner_text("main")
    assert "British Sign Language interpreter" in page.page.inner_text("main")
    person = Person.objects.get(name="Dafydd ap Gwilym", organisation=org)
    assert person.access_needs.filter(kind=NeedKind.BSL).exists()

    # Import a file with one bad row and read the error.
    page.goto(f"/o/{org.slug}/people/import/")
    page.page.set_input_files("input[type=file]", files=[{
        "name": "members.csv", "mimeType": "text/csv",
        "buffer": b"name,email\nNia Jones,nia@mail.example\nOwain Glyn,not-an-email\n"}])
    page.page.get_by_role("button", name="Continue").click()
    page.check()
    page.page.get_by_role("button", name="Check the file").click()
    page.check()
    errors = page.page.locator("#import-errors").inner_text()
    assert "Row 2 (line 3 in the sheet)" in errors and "not a valid email address" in errors
    assert Person.objects.filter(organisation=org).count() == 1  # nothing until confirmed
    page.page.get_by_role("button", name="Import 1 row").click()
    page.check()
    assert Person.objects.filter(organisation=org).count() == 2

    # Switch to Welsh: the same pages speak Welsh.
    page.page.get_by_role("button", name="Cymraeg").click()
    page.check()
    assert page.page.locator("html").get_attribute("lang") == "cy"
    page.goto(f"/o/{org.slug}/people/")
    assert page.page.get_by_role("heading", level=1).inner_text() == "Pobl"
    page.page.get_by_role("link", name="Dafydd ap Gwilym").click()
    page.check()
    assert "Dehonglydd Iaith Arwyddion Prydain" in page.page.inner_text("main")
    page.goto(f"/o/{org.slug}/")
    assert "Canolfan Ddydd yr Harbwr" in page.page.inner_text("main")
