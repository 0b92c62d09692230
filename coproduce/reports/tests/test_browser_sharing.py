"""In a real Chromium, axe-checked, in English and Welsh: staff make a share link (a mistake
in the form is shown in the GOV.UK pattern), a funder reads the report through it without an
account and without JavaScript, downloads the PDF, and sees a plain page once the link has
expired or been revoked."""

import datetime
import re
from typing import Any

import pytest

from coproduce.reports.publishing import publish, share
from coproduce.tests.browser import CheckedPage, sign_in

from .records import record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch(page: CheckedPage, language: str) -> None:
    page.page.get_by_role("button", name=language).click()
    page.check()


def funder_page(chromium: Any, live_server: Any, language: str,
                script: bool = True) -> tuple[Any, CheckedPage]:
    # axe-core runs as a script in the page, so pages read without JavaScript are read, not
    # checked (the same pages are checked with it).
    context = chromium.new_context(locale=language, java_script_enabled=script)
    if language == "cy":
        context.add_cookies([{"name": "django_language", "value": "cy", "url": live_server.url}])
    return context, CheckedPage(context.new_page(), live_server.url)


def test_staff_share_in_welsh_and_a_funder_reads_without_javascript(
        browser_page: CheckedPage, chromium: Any, live_server: Any, coordinator: Any,
        org: Any) -> None:
    record(org)
    report = publish(org, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), None,
                     coordinator)
    page, p = browser_page, browser_page.page
    sign_in(page, coordinator.email)
    page.goto(report.get_absolute_url())
    switch(page, "Cymraeg")
    # Nothing filled in: the error summary and the message beside the field, in Welsh.
    p.get_by_label("Ar gyfer pwy mae'r ddolen").fill("")
    p.get_by_role("button", name="Gwneud dolen rannu").click()
    page.check()
    summary = p.locator(".govuk-error-summary")
    assert summary.count() == 1 and p.locator(".govuk-error-message").count() >= 1
    assert "Adroddiad cydgynhyrchu" in p.inner_text("h1")
    p.get_by_label("Ar gyfer pwy mae'r ddolen").fill("Cronfa'r Loteri")
    p.get_by_role("button", name="Gwneud dolen rannu").click()
    page.check()
    found = re.search(r"https?://\S+/reports/shared/[\w-]+/", p.inner_text("main"))
    assert found is not None and "Cronfa'r Loteri" in p.inner_text("main")
    shared = found.group(0).split(live_server.url, 1)[1]
    switch(page, "English")

    for language, heading, figures in [("en-GB", "Co-production report", "Who took part"),
                                       ("cy", "Adroddiad cydgynhyrchu", "Pwy gymerodd ran")]:
        context, funder = funder_page(chromium, live_server, language)
        funder.goto(shared)
        assert heading in funder.page.inner_text("h1")
        main = funder.page.inner_text("main")
        assert figures in main and "Make a share link" not in main
        assert "Harbour Day Centre" in funder.page.title() or "Harbwr" in funder.page.title()
        with funder.page.expect_download() as pdf:
            funder.page.get_by_role("link", name=re.compile("PDF")).click()
        assert pdf.value.suggested_filename == f"report-v{report.version}.pdf"
        assert not funder.unchecked()
        context.close()
        context, plain = funder_page(chromium, live_server, language, script=False)
        plain.page.goto(live_server.url + shared)
        assert heading in plain.page.inner_text("h1") and figures in plain.page.inner_text("main")
        context.close()
    # A funder without an account changes language with the switch at the top of the page.
    context, funder = funder_page(chromium, live_server, "en-GB")
    funder.goto(shared)
    switch(funder, "Cymraeg")
    assert "Adroddiad cydgynhyrchu" in funder.page.inner_text("h1")
    assert funder.page.url.endswith(shared)
    context.close()


def test_an_expired_or_revoked_link_says_so_in_both_languages(
        chromium: Any, live_server: Any, coordinator: Any, org: Any) -> None:
    record(org)
    report = publish(org, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), None,
                     coordinator)
    _old, expired = share(report, "Old funder", datetime.date.today()
                          - datetime.timedelta(days=1), coordinator)
    link, revoked = share(report, "Council", datetime.date.today()
                          + datetime.timedelta(days=5), coordinator)
    link.revoked_at = datetime.datetime.now(datetime.UTC)
    link.save()
    for language, ended, why in [("en-GB", "This link no longer works", "expired on"),
                                 ("cy", "Nid yw'r ddolen hon yn gweithio mwyach", "")]:
        context, funder = funder_page(chromium, live_server, language)
        response = funder.goto(f"/o/{org.slug}/reports/shared/{expired}/")
        assert response.status == 410 and ended in funder.page.inner_text("h1")
        assert why in funder.page.inner_text("main")
        funder.goto(f"/o/{org.slug}/reports/shared/{revoked}/")
        assert ended in funder.page.inner_text("h1")
        assert "Co-production report" not in funder.page.inner_text("main")
        assert funder.goto(f"/o/{org.slug}/reports/shared/not-a-token/").status == 404
        context.close()
