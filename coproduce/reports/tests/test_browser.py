"""In a real Chromium, axe-checked, in English and Welsh: staff build a report, publish it and
share it; a trustee reads it with their viewer login, and a funder through the share link."""

import re
from typing import Any

import pytest

from coproduce.reports.models import PublishedReport
from coproduce.tests.browser import CheckedPage, sign_in

from .records import QUOTE, record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click(page: CheckedPage, role: str, name: str) -> None:
    page.page.get_by_role(role, name=name).first.click()  # type: ignore[arg-type]
    page.check()


def test_staff_build_publish_and_share_and_a_viewer_reads_it(
    browser_page: CheckedPage, chromium: Any, live_server: Any, coordinator: Any,
    viewer: Any, org: Any,
) -> None:
    record(org)
    page, p = browser_page, browser_page.page
    sign_in(page, coordinator.email)
    click(page, "link", "Reports")
    p.get_by_label("From").fill("2026-01-01")
    p.get_by_label("To").fill("2026-12-31")
    click(page, "button", "Build the report")
    main = p.inner_text("main")
    assert "Who took part" in main and "fewer than 5" in main and QUOTE in main
    p.get_by_label("What this version corrects or adds (optional)").fill("First report")
    click(page, "button", "Publish")
    assert "Report published" in p.inner_text("main")
    report = PublishedReport.objects.get()
    p.get_by_label("Who the link is for").fill("Lottery fund")
    click(page, "button", "Make a share link")
    found = re.search(r"https?://\S+/reports/shared/[\w-]+/", p.inner_text("main"))
    assert found is not None
    shared = found.group(0).split(live_server.url, 1)[1]
    p.get_by_role("button", name="Cymraeg").click()
    page.check()
    assert "Adroddiad cydgynhyrchu" in p.inner_text("h1")
    assert "Pwy gymerodd ran" in p.inner_text("main")
    page.goto(f"/o/{org.slug}/reports/")

    trustee_context = chromium.new_context(locale="en-GB")
    trustee = CheckedPage(trustee_context.new_page(), live_server.url)
    sign_in(trustee, viewer.email)
    click(trustee, "link", "Reports")
    assert "Build the report" not in trustee.page.inner_text("main")
    trustee.goto(report.get_absolute_url())
    assert "Version 1" in trustee.page.inner_text("main")
    assert "Make a share link" not in trustee.page.inner_text("main")
    click(trustee, "link", "Reports")
    click(trustee, "link", "Governance summary")
    assert "Outcomes delivered" in trustee.page.inner_text("main")
    trustee.page.get_by_role("button", name="Cymraeg").click()
    trustee.check()
    assert "Crynodeb llywodraethu" in trustee.page.inner_text("h1")
    assert not trustee.unchecked()
    trustee_context.close()

    for language, heading in [("en-GB", "Co-production report"),
                              ("cy", "Adroddiad cydgynhyrchu")]:
        funder_context = chromium.new_context(locale=language)
        funder = CheckedPage(funder_context.new_page(), live_server.url)
        if language == "cy":
            funder.page.context.add_cookies([{"name": "django_language", "value": "cy",
                                              "url": live_server.url}])
        funder.goto(shared)
        assert heading in funder.page.inner_text("h1")
        assert not funder.unchecked()
        funder_context.close()

    p.get_by_role("button", name="English").click()
    page.check()
    page.goto(report.get_absolute_url())
    click(page, "button", "Revoke")
    funder_context = chromium.new_context(locale="en-GB")
    funder = CheckedPage(funder_context.new_page(), live_server.url)
    funder.goto(shared)
    assert "This link no longer works" in funder.page.inner_text("h1")
    funder_context.close()
