"""In a real Chromium, axe-checked, in English and Welsh: a coordinator finds an available
volunteer driver with a current check, and every community page is accessible."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.community.models import (
    Agreement,
    Asset,
    Check,
    CommunityRole,
    Course,
    CourseTaken,
    Offer,
    RoleHolder,
)
from coproduce.people.models import Group, Person
from coproduce.tests.browser import CheckedPage, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def driver(org: Any, name: str, days: list[str], check_expires: datetime.date | None,
           skills: str = "driving") -> Person:
    person = Person.objects.create(organisation=org, name=name)
    Offer.objects.create(person=person, skills=skills, days=days, max_asks=2)
    if check_expires:
        Check.objects.create(person=person, level="enhanced",
                             checked_on=check_expires - datetime.timedelta(days=1000),
                             expires_on=check_expires, certificate_number="001234567890")
    return person


@pytest.fixture
def drivers(org: Any) -> dict[str, Any]:
    today = timezone.localdate()
    course = Course.objects.create(organisation=org, name="Minibus driving",
                                   name_cy="Gyrru bws mini")
    role = CommunityRole.objects.create(organisation=org, name="Volunteer driver",
                                        name_cy="Gyrrwr gwirfoddol", skills="driving",
                                        check_level="enhanced", needs_agreement=False)
    role.courses.add(course)
    ready = driver(org, "Dewi Pritchard", ["tue", "thu"], today + datetime.timedelta(days=600))
    CourseTaken.objects.create(person=ready, course=course,
                               taken_on=today - datetime.timedelta(days=30))
    lapsed = driver(org, "Ceri Lewis", ["tue"], today - datetime.timedelta(days=3))
    CourseTaken.objects.create(person=lapsed, course=course,
                               taken_on=today - datetime.timedelta(days=30))
    driver(org, "Alun Weekend", ["sat"], today + datetime.timedelta(days=600))
    driver(org, "Bethan Cook", ["tue"], None, skills="cooking")
    return {"role": role, "ready": ready, "lapsed": lapsed}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_coordinator_finds_an_available_volunteer_driver_with_a_current_check(
        browser_page: CheckedPage, coordinator: Any, org: Any, drivers: dict[str, Any],
        language: str) -> None:
    page, p = browser_page, browser_page.page
    sign_in(page, coordinator.email)
    if language == "cy":
        p.get_by_role("button", name="Cymraeg").click()
        page.check()
    page.goto(f"/o/{org.slug}/community/")
    p.get_by_role("link", name="Dod o hyd i bobl ar gyfer rôl neu weithgaredd" if
                  language == "cy" else "Find people for a role or activity").click()
    page.check()
    p.locator("#id_role").select_option(str(drivers["role"].pk))
    p.locator("#id_day").select_option("tue")
    p.locator("form.app-filter button").click()
    page.check()
    rows = p.locator("tbody tr")
    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    assert "Dewi Pritchard" in first and ("Yn barod" if language == "cy" else "Ready") in first
    assert "Ceri Lewis" in second
    assert ("Gwiriad DBS manwl cyfredol" if language == "cy"
            else "A current Enhanced DBS check") in second
    assert "Alun Weekend" in rows.nth(2).inner_text()
    assert "Bethan Cook" in rows.nth(3).inner_text()
    p.get_by_role("link", name="Dewi Pritchard").click()
    page.check()
    assert p.locator("h1").inner_text() == "Dewi Pritchard"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_community_page_is_accessible(browser_page: CheckedPage, live_server: Any,
                                            admin_user: Any, org: Any, drivers: dict[str, Any],
                                            language: str) -> None:
    page = browser_page
    page.page.context.add_cookies([{"name": "django_language", "value": language,
                                    "url": live_server.url}])
    client = Client()
    client.force_login(admin_user)
    page.page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"]
                                    .value, "url": live_server.url}])
    person, role = drivers["ready"], drivers["role"]
    holder = RoleHolder.objects.create(role=role, person=person, since=datetime.date(2025, 1, 1))
    agreement = Agreement.objects.create(
        organisation=org, person=person, role=role, language=language, what="Drive members",
        time_asked="One morning a week", support="Monthly supervision", contact="Jo Evans",
        review_on=datetime.date(2030, 1, 1))
    group = Group.objects.create(organisation=org, name="Older members")
    asset = Asset.objects.create(organisation=org, kind="transport", name="Church minibus",
                                 access=["step_free"], postcode="CF10 1AA")
    asset.groups.add(group)
    check = person.checks.get()
    o = f"/o/{org.slug}/community"
    for path in ["/", "/roles/add/", f"/roles/{role.pk}/", f"/roles/{role.pk}/change/",
                 "/courses/add/", "/find/", f"/find/?role={role.pk}&day=tue",
                 "/people/", "/people/?person_query=Dewi&_picker_find=1",
                 f"/people/{person.pk}/", f"/people/{person.pk}/training/add/",
                 f"/people/{person.pk}/checks/add/", f"/people/{person.pk}/sessions/add/",
                 f"/people/{person.pk}/offer/", f"/people/{person.pk}/agreements/add/",
                 f"/checks/{check.pk}/certificate/", f"/agreements/{agreement.pk}/",
                 f"/agreements/{agreement.pk}/change/", f"/agreements/{agreement.pk}/print/",
                 f"/agreements/{agreement.pk}/print/?style=easy_read", "/assets/",
                 "/assets/add/", "/assets/map/", f"/assets/{asset.pk}/",
                 f"/assets/{asset.pk}/change/", "/groups/", f"/groups/{group.pk}/"]:
        page.goto(o + path)
    assert holder.pk
    # A form with mistakes: the error summary and the inline errors are accessible too.
    page.goto(f"{o}/people/{person.pk}/checks/add/")
    page.page.locator("#id_level_0").check()
    page.page.locator("#id_checked_on").fill("2026-05-01")
    page.page.locator("#id_expires_on").fill("2026-04-01")
    page.page.locator("main form button").click()
    page.check()
    assert page.page.locator(".govuk-error-summary").count() == 1
    page.goto(f"{o}/assets/add/")
    page.page.locator("#id_kind_0").check()
    page.page.locator("#id_name").fill("Hall")
    page.page.locator("#id_postcode").fill("ZZ99 ZZZ")
    page.page.locator("main form button").click()
    page.check()
    assert page.page.locator(".govuk-error-summary").count() == 1
    assert page.page.locator("html").get_attribute("lang") == (
        "cy" if language == "cy" else "en-GB")
