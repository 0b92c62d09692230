"""A grant round in a real Chromium, in English and Welsh, every page checked with axe-core:
the panel agrees the criteria, two applications come in (one from paper), conflicts are
declared, three scorers score (one on paper), the moderation meeting moves a bid and
awards, and the public results page shows it all."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coproduce.commissioning.models import Award, Bid, Round, RoundStatus
from coproduce.tests.browser import CheckedPage

from .factories import make_panellist, make_round
from .test_grant_round import panel_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(page: CheckedPage, live_server: Any, user: User | None, language: str) -> None:
    """Give the browser the session of `user` (or none), in the chosen language."""
    context = page.page.context
    context.clear_cookies()
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append({"name": "sessionid", "value": client.cookies["sessionid"].value,
                        "url": live_server.url})
    context.add_cookies(cookies)


def click(page: CheckedPage, selector: str) -> None:
    page.page.locator(selector).first.click()
    page.check()


def fill_application(page: CheckedPage, round: Round, title: str) -> None:
    p = page.page
    question = round.fund.questions.get()
    p.locator(f"input[name=question_{question.pk}][value=yes]").check()
    p.locator("[name=title]").fill(title)
    p.locator("[name=summary]").fill(f"{title} for everyone on the estate")
    p.locator("[name=amount]").fill("3000")
    p.locator("[name=group_name]").fill(f"{title} group")
    p.locator("[name=contact_name]").fill("Sam Evans")
    p.locator("[name=email]").fill("sam@mail.example")
    p.locator("input[name=language][value=cy]").check()


def score_all(page: CheckedPage, round: Round, bid: Bid, value: int) -> None:
    page.goto(f"/o/{round.organisation.slug}/funds/rounds/{round.pk}/bids/{bid.pk}/score/")
    for criterion in round.agreed_criteria.criteria.all():  # type: ignore[union-attr]
        page.page.locator(f"input[name=score_{criterion.pk}][value='{value}']").check()
    click(page, "form[method=post] button.govuk-button")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_panel_runs_a_grant_round(browser_page: CheckedPage, live_server: Any, org: Any,
                                    coordinator: Any, language: str) -> None:
    page, p = browser_page, browser_page.page
    p.set_default_timeout(5000)
    round = make_round(org, budget="5000", agreed=False)
    r = f"/o/{org.slug}/funds/rounds/{round.pk}"
    ana, ana_user = panel_login(round, "Ana Price")
    bryn, bryn_user = panel_login(round, "Bryn Hughes")
    cerys = make_panellist(round, "Cerys Morgan", on_paper=True)

    as_user(page, live_server, ana_user, language)  # a panel member redrafts the weights
    page.goto(f"{r}/criteria/")
    p.locator("[name=weight_1]").fill("70")
    click(page, "form[method=post] button.govuk-button")  # 70 + 40: refused
    assert p.locator(".govuk-error-summary").is_visible()
    p.locator("[name=weight_2]").fill("30")
    p.locator("[name=note]").fill("Need matters most")
    click(page, "form[method=post] button.govuk-button")
    version = round.criteria_versions.get(number=2)
    assert version.proposed_by == ana_user

    as_user(page, live_server, coordinator, language)
    page.goto(f"/o/{org.slug}/funds/")
    page.goto(f"/o/{org.slug}/funds/{round.fund_id}/")
    page.goto(f"{r}/")
    click(page, f"a[href='{r}/criteria/{version.pk}/agree/']")
    p.locator("input[name=method][value=vote]").check()
    p.locator("[name=votes_for]").fill("6")
    click(page, "form[method=post] button.govuk-button")
    assert Round.objects.get(pk=round.pk).status == RoundStatus.OPEN

    as_user(page, live_server, None, language)  # an applicant, not signed in
    page.goto(f"{r}/about/")
    page.goto(f"{r}/apply/easy-read/")
    page.goto(f"{r}/apply/paper/")
    page.goto(f"{r}/apply/")
    click(page, "button[value=submit]")  # empty: the error summary
    assert p.locator(".govuk-error-summary").is_visible()
    fill_application(page, round, "Youth football")
    click(page, "button[value=submit]")
    online = Bid.objects.get(title="Youth football")

    as_user(page, live_server, coordinator, language)
    page.goto(f"{r}/bids/paper/")
    fill_application(page, round, "Lunch club")
    click(page, "button[value=submit]")
    paper = Bid.objects.get(title="Lunch club")
    assert paper.channel == "paper"
    page.goto(f"{r}/")
    click(page, f"form[action='{r}/stage/'] button")  # open scoring

    as_user(page, live_server, ana_user, language)
    page.goto(f"{r}/")
    page.goto(f"{r}/declare/")
    p.locator(f"input[name=kind_{online.pk}][value=conflict]").check()
    p.locator(f"[name=note_{online.pk}]").fill("My son plays in it")
    p.locator(f"input[name=kind_{paper.pk}][value=none]").check()
    click(page, "form[method=post] button.govuk-button")
    response = page.goto(f"{r}/bids/{online.pk}/score/")
    assert response.status == 403  # a conflict: refused, and the refusal page is accessible
    score_all(page, round, paper, 4)
    page.goto(f"{r}/ranking/")  # Ana has scored all she may, so she may see it

    as_user(page, live_server, bryn_user, language)
    page.goto(f"{r}/declare/")
    p.locator(f"input[name=kind_{online.pk}][value=interest]").check()
    p.locator(f"input[name=kind_{paper.pk}][value=none]").check()
    click(page, "form[method=post] button.govuk-button")
    page.goto(f"{r}/ranking/")  # not yet: Bryn has not scored
    score_all(page, round, online, 5)
    score_all(page, round, paper, 2)

    as_user(page, live_server, coordinator, language)
    page.goto(f"{r}/declare/{cerys.pk}/")
    p.locator(f"input[name=kind_{online.pk}][value=none]").check()
    p.locator(f"input[name=kind_{paper.pk}][value=none]").check()
    click(page, "form[method=post] button.govuk-button")
    for bid, value in [(online, 3), (paper, 5)]:
        page.goto(f"{r}/bids/{bid.pk}/score/{cerys.pk}/")
        for criterion in round.agreed_criteria.criteria.all():  # type: ignore[union-attr]
            p.locator(f"input[name=score_{criterion.pk}][value='{value}']").check()
        click(page, "form[method=post] button.govuk-button")
    page.goto(f"{r}/")
    click(page, f"form[action='{r}/stage/'] button")  # to the moderation meeting
    page.goto(f"{r}/ranking/")
    page.goto(f"{r}/ranking/?method=raw")
    p.locator("select[name=bid]").select_option(str(paper.pk))
    p.locator("[name=to_position]").fill("1")
    p.locator("[name=reason]").fill("Winter isolation is the most urgent need")
    click(page, "form[action$='/ranking/move/'] button")
    page.goto(f"{r}/award/")
    p.locator(f"[name=amount_{online.reference}]").fill("3000")
    click(page, "form[method=post] button.govuk-button")  # over the budget: refused
    assert p.locator(".govuk-error-summary").is_visible() and not Award.objects.exists()
    p.locator(f"[name=amount_{online.reference}]").fill("2000")
    click(page, "form[method=post] button.govuk-button")
    assert {a.bid.title: int(a.amount) for a in Award.objects.all()} == {
        "Lunch club": 3000, "Youth football": 2000}
    page.goto(f"{r}/bids/{online.pk}/feedback/")
    page.goto(f"{r}/bids/{paper.pk}/letter/")

    as_user(page, live_server, None, language)
    page.goto(f"{r}/results/")
    text = p.inner_text("main")
    assert "Winter isolation is the most urgent need" in text
    assert "£3,000" in text and "£2,000" in text
    assert p.locator("html").get_attribute("lang") == ("cy" if language == "cy" else "en-GB")
    assert ("Canlyniadau" if language == "cy" else "Results") in p.inner_text("h1")
    assert bryn.sheets.count() == 2 and ana.sheets.count() == 1
