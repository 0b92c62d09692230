"""A small budget vote, run to its results in a real Chromium, in English and in Welsh:
an online ballot, a paper ballot and a voter-code ballot; axe-core checks every page."""

from typing import Any

import pytest
from django.test import Client

from coproduce.budgets.models import Ballot, Channel, Process, Stage, VoterCode
from coproduce.tests.browser import CheckedPage

from .factories import open_vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = {"en": "Results: Estate budget", "cy": "Canlyniadau: Cyllideb yr ystâd"}


def signed_in(page: CheckedPage, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.page.context.add_cookies([{"name": "sessionid", "value": client.cookies[
        "sessionid"].value, "url": live_server.url}])


def tick(page: CheckedPage, process: Process, *titles: str) -> None:
    for title in titles:
        pk = process.proposals.get(title=title).pk
        page.page.locator(f"input[name=chosen][value='{pk}']").check()
    page.page.locator("main form button.govuk-button").last.click()
    page.check()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_vote_runs_from_three_kinds_of_ballot_to_its_results(
        browser_page: CheckedPage, chromium: Any, live_server: Any, coordinator: Any,
        org: Any, language: str) -> None:
    page, p = browser_page, browser_page.page
    p.context.add_cookies([{"name": "django_language", "value": language,
                            "url": live_server.url}])
    process = open_vote(org)
    code = VoterCode.objects.create(process=process)
    paper_code = VoterCode.objects.create(process=process)
    base = f"/o/{org.slug}/budgets/{process.pk}"
    signed_in(page, live_server, coordinator)

    # Staff: the process page, letters with QR codes, and a paper ballot.
    page.goto(f"{base}/")
    page.goto(f"{base}/letters/")
    assert p.locator("main svg").count() == 2
    page.goto(f"{base}/paper/")
    p.locator("#id_code").fill(paper_code.code)
    tick(page, process, "Play area")
    assert Ballot.objects.get(voter=f"code:{paper_code.pk}").channel == Channel.PAPER

    # Online, signed in: the coordinator votes as a resident member would.
    page.goto(f"{base}/ballot/")
    tick(page, process, "Play area", "Lights")
    assert Ballot.objects.filter(channel=Channel.ONLINE).count() == 1

    # With a voter code, not signed in, on the easy-read ballot.
    voter = chromium.new_context(locale="en-GB")
    voter.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    public = CheckedPage(voter.new_page(), live_server.url)
    public.goto(f"{base}/vote/?code={code.code}")
    public.page.locator("main form button.govuk-button").click()
    public.check()
    public.goto(f"{base}/ballot/?easy=1")
    assert "We buy benches." in public.page.inner_text("main")
    tick(public, process, "Benches")
    assert Ballot.objects.filter(process=process).count() == 3

    # Close, count and publish; the public results page explains the rule.
    for _ in range(2):
        page.goto(f"{base}/")
        p.locator("form[action$='/advance/'] button").click()
        page.check()
    process.refresh_from_db()
    assert process.stage == Stage.RESULTS
    public.goto(f"{base}/results/")
    assert public.page.get_by_role("heading", level=1).inner_text() == RESULTS[language]
    main = public.page.inner_text("main")
    assert ("Method of Equal Shares" if language == "en" else "Dull y Cyfrannau Cyfartal") in main
    assert not public.unchecked()
    voter.close()
