"""Recent voices that fit no theme but resemble each other surface as a possible new theme,
on the Themes page and the dashboard, and one click makes it a confirmed theme."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.themes import store
from coproduce.themes.models import Placement, Theme
from coproduce.voices.models import Channel, Voice

from .test_glue import SAYINGS

LOOP = ["the hearing loop in the main hall isn't working again",
        "couldn't hear a word of the talk, is the hearing loop broken?",
        "please get the hearing loop in the hall fixed",
        "members with hearing aids can't follow the speakers since the loop stopped"]


@pytest.fixture
def raised(org: Any, semantic: None, time_machine: Any) -> list[Voice]:
    time_machine.move_to(datetime.datetime(2025, 6, 10, 12, 0, tzinfo=datetime.UTC))
    for topic, texts in SAYINGS.items():
        for n, text in enumerate(texts):
            Voice.objects.create(organisation=org, text=text, channel="phone",
                                 heard_on=datetime.date(2025, 1, 1), external_id=f"{topic}-{n}")
    store.regroup(org)
    made = [Voice.objects.create(organisation=org, text=text, channel=Channel.PHONE,
                                 heard_on=timezone.localdate() - datetime.timedelta(days=n))
            for n, text in enumerate(LOOP)]
    store.place_voices(org, [v.pk for v in made])
    return made


def test_it_surfaces_recent_similar_ungrouped_voices_as_a_possible_theme(
    login: Any, coordinator: Any, org: Any, raised: list[Voice]
) -> None:
    assert not Placement.objects.filter(voice__in=raised).exists()
    found = store.emerging(org, timezone.localdate())
    assert len(found) == 1
    assert set(found[0].voice_ids) == {v.pk for v in raised}
    assert "loop" in found[0].label.lower() and 2 <= len(found[0].label.split()) <= 5
    client = login(coordinator)
    page = client.get(reverse("themes:list", kwargs={"org_slug": org.slug})).content.decode()
    assert "Possible new themes" in page and found[0].label in page
    dashboard = client.get(reverse("reports:dashboard", kwargs={"org_slug": org.slug}))
    assert "Possible new theme" in dashboard.content.decode()


def test_one_click_makes_it_a_confirmed_theme(login: Any, coordinator: Any, org: Any,
                                              raised: list[Voice]) -> None:
    response = login(coordinator).post(
        reverse("themes:emerging", kwargs={"org_slug": org.slug}),
        {"label": "The hearing loop", "voices": ",".join(str(v.pk) for v in raised)})
    theme = Theme.objects.get(label="The hearing loop")
    assert response.status_code == 302 and response["Location"] == theme.get_absolute_url()
    assert theme.confirmed and theme.locked
    assert set(theme.placements.filter(pinned=True).values_list("voice_id", flat=True)) == {
        v.pk for v in raised}
    assert store.emerging(org, timezone.localdate()) == []


def test_it_refuses_bad_or_foreign_voices_and_viewers(login: Any, coordinator: Any,
                                                      viewer: Any, org: Any, other_org: Any,
                                                      raised: list[Voice]) -> None:
    url = reverse("themes:emerging", kwargs={"org_slug": org.slug})
    foreign = Voice.objects.create(organisation=other_org, text="x", channel="phone",
                                   heard_on=datetime.date(2025, 1, 1))
    client = login(coordinator)
    client.post(url, {"label": "Theirs", "voices": str(foreign.pk)})
    client.post(url, {"label": "Nonsense", "voices": "1;drop"})
    client.post(url, {"label": "", "voices": str(raised[0].pk)})
    assert login(viewer).post(url, {"label": "Viewer's",
                                    "voices": str(raised[0].pk)}).status_code in (403, 404)
    assert not Theme.objects.filter(label__in=["Theirs", "Nonsense", "Viewer's"]).exists()
    assert not Placement.objects.filter(voice__in=[*raised, foreign]).exists()
