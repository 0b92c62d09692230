"""In a real Chromium, axe-checked, in English and Welsh: the page after Publish says the
report is on its way and moves on to it when the worker is done; a failure is told in words
and Try again publishes it."""

import datetime
from typing import Any

import pytest

from coproduce.reports.models import Publication, PublicationStatus, PublishedReport
from coproduce.reports.publishing import carry_out
from coproduce.tests.browser import CheckedPage, sign_in

from .records import record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def asked(org: Any, by: Any, key: str, **extra: Any) -> Publication:
    return Publication.objects.create(organisation=org, key=key, requested_by=by,
                                      start=datetime.date(2026, 1, 1),
                                      end=datetime.date(2026, 12, 31), note="For the funder",
                                      **extra)


def switch(page: CheckedPage, language: str) -> None:
    page.page.get_by_role("button", name=language).click()
    page.check()


def test_the_publishing_page_waits_then_shows_the_report(browser_page: CheckedPage,
                                                         coordinator: Any, org: Any) -> None:
    record(org)
    waiting = asked(org, coordinator, "waiting")
    page, p = browser_page, browser_page.page
    sign_in(page, coordinator.email)
    page.goto(waiting.get_absolute_url())
    assert "Publishing… this page will show it when it is ready." in p.inner_text("main")
    assert p.locator("h1").count() == 1
    p.get_by_role("link", name="Refresh this page").click()
    page.check()
    assert "For the funder" in p.inner_text("main")
    switch(page, "Cymraeg")
    assert "Cyhoeddi'r adroddiad" in p.inner_text("h1")
    assert "Wrthi'n cyhoeddi" in p.inner_text("main")
    switch(page, "English")
    page.goto(f"/o/{org.slug}/reports/")
    assert "Being published" in p.inner_text("main")
    page.goto(waiting.get_absolute_url())
    # The worker finishes while the page is open: with JavaScript it moves on by itself.
    made = carry_out(waiting.pk)
    assert made is not None
    p.wait_for_url(f"**{made.get_absolute_url()}", timeout=15_000)
    page.check()
    assert "Report published" in p.inner_text("main") and "Version 1" in p.inner_text("main")


def test_a_failure_is_told_and_try_again_publishes(browser_page: CheckedPage,
                                                   coordinator: Any, org: Any) -> None:
    record(org)
    failed = asked(org, coordinator, "failed", status=PublicationStatus.FAILED,
                   failure="The database was busy")
    page, p = browser_page, browser_page.page
    sign_in(page, coordinator.email)
    page.goto(failed.get_absolute_url())
    main = p.inner_text("main")
    assert "The report could not be published" in p.inner_text("h1")
    assert "Building the report failed, so nothing was published" in main
    assert "The database was busy" in main
    switch(page, "Cymraeg")
    assert "Nid oedd modd cyhoeddi'r adroddiad" in p.inner_text("h1")
    assert "Y rheswm a roddwyd: The database was busy" in p.inner_text("main")
    p.get_by_role("button", name="Rhoi cynnig arall arni").click()
    page.check()
    report = PublishedReport.objects.get()
    assert p.url.endswith(report.get_absolute_url())
    assert "Adroddiad cydgynhyrchu" in p.inner_text("h1")
    assert report.note == "For the funder" and report.published_by == coordinator
    switch(page, "English")
