"""Voting at an event, uploading a voters list and drawing a panel from People, in a real
Chromium, in English and in Welsh; axe-core checks every page."""

import datetime
from pathlib import Path
from typing import Any

import pytest

from coproduce.budgets.models import Ballot, Channel, Stage, VoterCode
from coproduce.people.models import ConsentPurpose, Person, RecordedHow
from coproduce.sortition.models import Selection
from coproduce.tests.browser import CheckedPage, sign_in

from .factories import open_vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_language(page: CheckedPage, live_server: Any, language: str) -> None:
    page.page.context.add_cookies([{"name": "django_language", "value": language,
                                    "url": live_server.url}])


def submit(page: CheckedPage) -> None:
    page.page.locator("main form[method=post] button.govuk-button").last.click()
    page.check()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_voters_list_then_two_attendees_vote_on_one_device(
        browser_page: CheckedPage, live_server: Any, coordinator: Any, org: Any,
        language: str, tmp_path: Path) -> None:
    page, p = browser_page, browser_page.page
    sign_in(page, coordinator.email)
    in_language(page, live_server, language)
    process = open_vote(org, stage=Stage.PROPOSALS)
    base = f"/o/{org.slug}/budgets/{process.pk}"
    voters = tmp_path / "voters.csv"
    voters.write_text("name,reference,postcode\nAda Jones,T1,SK1 3XE\nBryn Evans,T2,SK2 6AB\n"
                      ",T3,SK2 6AB\n")
    page.goto(f"{base}/voters/")
    p.locator("input[type=file]").set_input_files(str(voters))
    submit(page)
    assert VoterCode.objects.filter(process=process).count() == 2
    assert p.locator("main table tbody tr").count() == 1  # the row without a name
    process.stage = Stage.VOTING
    process.save()
    for name, title in (("Ada", "Benches"), ("Bryn", "Lights")):
        page.goto(f"{base}/event/?q={name}")
        p.locator("input[name=listed]").first.check()
        submit(page)
        assert "/event/ballot/" in p.url
        assert p.locator("input[name=chosen]:checked").count() == 0  # always blank
        pk = process.proposals.get(title=title).pk
        p.locator(f"input[name=chosen][value='{pk}']").check()
        submit(page)
        assert p.url.endswith("/event/")
    assert Ballot.objects.filter(channel=Channel.EVENT).count() == 2
    p.go_back()  # the ballot page is never shown again from the history
    page.check()
    assert "/event/ballot/" not in p.url or p.locator("input[name=chosen]:checked").count() == 0


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_panel_is_drawn_from_people_and_its_pool_seen(
        browser_page: CheckedPage, live_server: Any, coordinator: Any, org: Any,
        language: str, tmp_path: Path) -> None:
    page, p = browser_page, browser_page.page
    sign_in(page, coordinator.email)
    in_language(page, live_server, language)
    for n in range(12):
        person = Person.objects.create(organisation=org, name=f"Resident {n}",
                                       postcode=["SK1 3XE", "SK2 6AB"][n % 2])
        person.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER,
                              datetime.date(2026, 1, 1))
    quotas = tmp_path / "quotas.csv"
    quotas.write_text("feature,value,min,max\narea,SK1,2,2\narea,SK2,2,2\n")
    page.goto(f"/o/{org.slug}/panels/")
    page.goto(f"/o/{org.slug}/panels/add/people/")
    p.locator("#id_title").fill("Estate panel")
    p.locator("#id_size").fill("4")
    p.locator("input[type=file]").set_input_files(str(quotas))
    submit(page)
    selection = Selection.objects.get()
    assert len(selection.panel) == 4
    page.goto(f"/o/{org.slug}/panels/{selection.pk}/pool/")
    assert p.locator("main table tbody tr").count() == 12
