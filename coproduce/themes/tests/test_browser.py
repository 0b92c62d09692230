"""Suggestions appear while a coordinator types; a staff merge survives re-grouping."""

import datetime
from typing import Any

import pytest

from coproduce.tests.browser import CheckedPage
from coproduce.themes import store
from coproduce.themes.models import Theme
from coproduce.voices.models import Voice

from .test_glue import SAYINGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_suggestions_appear_while_typing_and_a_merge_survives_regrouping(
    browser_page: CheckedPage, coordinator: Any, org: Any
) -> None:
    page, p = browser_page, browser_page.page
    for theme, texts in SAYINGS.items():
        for index, text in enumerate(texts):
            Voice.objects.create(organisation=org, text=text, channel="phone",
                                 heard_on=datetime.date(2025, 1, 1),
                                 external_id=f"{theme}-{index}")
    store.regroup(org)
    page.goto("/accounts/login/")
    p.get_by_label("Email").fill(coordinator.email)
    p.get_by_label("Password").fill("a long test pass 42")
    p.get_by_role("button", name="Sign in").click()
    page.check()

    page.goto(f"/o/{org.slug}/voices/add/")
    p.get_by_label("What did they say?").press_sequentially("a coach trip to the seaside")
    p.locator("#suggestions-box").wait_for()
    page.check()
    assert "seaside" in p.locator("#suggestions-box").inner_text().lower()

    page.goto(f"/o/{org.slug}/themes/")
    themes = list(Theme.objects.filter(organisation=org).order_by("pk"))
    first, second = themes[0], themes[1]
    page.goto(f"/o/{org.slug}/themes/{second.pk}/")
    p.get_by_role("link", name="Merge into another theme").click()
    page.check()
    p.get_by_label("Merge into").select_option(str(first.pk))
    p.get_by_role("button", name="Save").click()
    page.check()
    merged = set(first.placements.values_list("voice_id", flat=True))
    page.goto(f"/o/{org.slug}/themes/")
    p.get_by_role("button", name="Group the voices again").click()
    page.check()
    assert "Finished" in p.locator("#regroup-status").inner_text()
    assert not Theme.objects.filter(pk=second.pk).exists()
    assert set(first.placements.values_list("voice_id", flat=True)) >= merged


def test_a_possible_new_theme_is_confirmed_with_one_click_in_english_and_welsh(
    browser_page: CheckedPage, coordinator: Any, org: Any
) -> None:
    page, p = browser_page, browser_page.page
    for theme, texts in SAYINGS.items():
        for index, text in enumerate(texts):
            Voice.objects.create(organisation=org, text=text, channel="phone",
                                 heard_on=datetime.date(2025, 1, 1),
                                 external_id=f"{theme}-{index}")
    store.regroup(org)
    loop = [Voice.objects.create(organisation=org, text=text, channel="phone",
                                 heard_on=datetime.date.today())
            for text in ("the hearing loop in the hall is broken",
                         "please fix the hearing loop in the hall",
                         "can't hear the talks since the hearing loop in the hall broke")]
    store.place_voices(org, [v.pk for v in loop])
    page.goto("/accounts/login/")
    p.get_by_label("Email").fill(coordinator.email)
    p.get_by_label("Password").fill("a long test pass 42")
    p.get_by_role("button", name="Sign in").click()
    page.check()
    page.goto(f"/o/{org.slug}/themes/")
    page.check()
    assert "Possible new themes" in p.locator("main").inner_text()
    p.get_by_role("button", name="Cymraeg").click()
    page.check()
    assert "Themâu newydd posibl" in p.locator("main").inner_text()
    p.get_by_label("Enw'r thema newydd").first.fill("Y ddolen glyw")
    p.get_by_role("button", name="Gwneud hon yn thema").first.click()
    page.check()
    theme = Theme.objects.get(label="Y ddolen glyw")
    assert theme.confirmed and theme.placements.count() == 3
