"""Themes in the product: regrouping keeps what staff did; commands print the stated JSON."""

import datetime
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from coproduce.lib.tabular import read_rows
from coproduce.themes import store
from coproduce.themes.models import Placement, Regrouping, Theme
from coproduce.voices.imports import import_voices
from coproduce.voices.models import Voice

SAYINGS = {
    "seaside": ["Can we have a trip to the seaside", "a day at the seaside please",
                "trip to the beach at the seaside in summer", "seaside coach trip to Barry",
                "I would love a seaside day out"],
    "bus": ["the bus stop has no shelter", "buses are never on time to the centre",
            "no bus on Sundays to the centre", "the bus to town is too expensive",
            "more buses in the evening please"],
    "cafe": ["the cafe coffee is cold", "cheaper tea and coffee in the cafe",
             "cafe should open earlier for breakfast", "hot food in the cafe please",
             "the cafe needs vegetarian food"],
}


def run(*args: str) -> Any:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def voices(org: Any) -> list[Voice]:
    made = []
    for theme, texts in SAYINGS.items():
        for index, text in enumerate(texts):
            made.append(Voice.objects.create(organisation=org, text=text, channel="phone",
                                             heard_on=datetime.date(2025, 1, 1),
                                             external_id=f"{theme}-{index}"))
    return made


def test_the_regroup_command_prints_the_stated_json(org: Any, voices: list[Voice]) -> None:
    output = run("themes", "--org", org.slug, "--regroup", "--json")
    assert output["backend"] == "lexical"
    assert set(output) == {"backend", "themes", "ungrouped"}
    grouped = [set(t["external_ids"]) for t in output["themes"]]
    assert all({"id", "label", "confirmed", "external_ids"} <= set(t) for t in output["themes"])
    every = set().union(*grouped) | set(output["ungrouped"])
    assert every == {v.external_id for v in voices}
    assert Regrouping.objects.get().status == "done"


def test_a_staff_merge_and_name_survive_regrouping(org: Any, voices: list[Voice]) -> None:
    store.regroup(org)
    themes = list(Theme.objects.filter(organisation=org))
    assert len(themes) >= 2
    first, second = themes[0], themes[1]
    kept = set(first.placements.values_list("voice_id", flat=True)) | set(
        second.placements.values_list("voice_id", flat=True))
    store.merge(second, first)
    store.rename(first, "Days out and getting about")
    store.regroup(org)
    first.refresh_from_db()
    assert first.label == "Days out and getting about" and first.locked
    assert set(first.placements.values_list("voice_id", flat=True)) >= kept
    assert not Theme.objects.filter(pk=second.pk).exists()


def test_a_moved_voice_stays_where_staff_put_it(org: Any, voices: list[Voice]) -> None:
    store.regroup(org)
    target = Theme.objects.create(organisation=org, key="staff-x", label="Odd ones", locked=True)
    voice = voices[0]
    store.put(voice, target)
    store.regroup(org)
    assert Placement.objects.get(voice=voice).theme == target


def test_the_suggest_command_uses_confirmed_themes(org: Any, voices: list[Voice]) -> None:
    rows = "external_id,text,date_heard,theme\n" + "".join(
        f"T{i},{text},2025-02-01,Seaside trips\n" for i, text in enumerate(SAYINGS["seaside"]))
    report = import_voices(org, read_rows(io.BytesIO(rows.encode()), "v.csv"))
    assert report.created == 5 and not report.errors
    theme = Theme.objects.get(organisation=org, label="Seaside trips")
    assert theme.confirmed and theme.placements.filter(pinned=True).count() == 5
    output = run("themes", "--org", org.slug, "--suggest", "--json")
    seaside = next(r for r in output["suggestions"] if r["external_id"] == "seaside-1")
    assert seaside["themes"][0]["label"] == "Seaside trips"
    assert all(r["external_id"][0] != "T" for r in output["suggestions"])


@pytest.mark.parametrize("count", [0, 1, 2])
def test_too_few_voices_is_a_clear_state_not_a_crash(org: Any, count: int) -> None:
    for index in range(count):
        Voice.objects.create(organisation=org, text=f"idea {index}", channel="web",
                             heard_on=datetime.date(2025, 1, 1))
    result = store.regroup(org)
    assert result.state == "not_enough_voices"
    assert not Theme.objects.exists()


def test_staff_pages_merge_split_and_suggest(login: Any, coordinator: Any, org: Any,
                                             voices: list[Voice]) -> None:
    client = login(coordinator)
    client.post(reverse("themes:regroup", kwargs={"org_slug": org.slug}))
    page = client.get(reverse("themes:list", kwargs={"org_slug": org.slug})).content.decode()
    assert "Finished" in page
    theme = Theme.objects.filter(organisation=org).first()
    split_ids = [str(v) for v in theme.placements.values_list("voice_id", flat=True)[:1]]
    client.post(reverse("themes:split", kwargs={"org_slug": org.slug, "theme_id": theme.pk}),
                {"label": "Split off", "voices": split_ids})
    new = Theme.objects.get(label="Split off")
    assert list(new.placements.values_list("voice_id", flat=True)) == [int(split_ids[0])]
    fragment = client.get(reverse("themes:suggest", kwargs={"org_slug": org.slug}),
                          {"text": "a trip to the seaside"}).content.decode()
    assert "Similar things people said" in fragment and "seaside" in fragment


def test_a_new_voice_is_placed_without_regrouping(login: Any, coordinator: Any, org: Any,
                                                  voices: list[Voice],
                                                  django_capture_on_commit_callbacks: Any
                                                  ) -> None:
    store.regroup(org)
    with django_capture_on_commit_callbacks(execute=True):
        login(coordinator).post(reverse("voices:add", kwargs={"org_slug": org.slug}), {
            "text": "cold coffee in the cafe again", "who": "anonymous", "channel": "phone",
            "heard_on": "2025-06-01", "kind": "idea", "form_token": "p" * 32})
    voice = Voice.objects.get(text="cold coffee in the cafe again")
    placement = Placement.objects.filter(voice=voice).first()
    cafe = Placement.objects.get(voice__external_id="cafe-0").theme
    assert placement is not None and placement.theme == cafe


def test_the_public_form_shows_only_theme_names_and_published_outcomes(
    client: Any, org: Any, voices: list[Voice], coordinator: Any
) -> None:
    store.regroup(org)
    theme = Placement.objects.get(voice__external_id="cafe-0").theme
    store.confirm(theme, "The cafe")
    fragment = client.get(reverse("themes:public_suggest", kwargs={"org_slug": org.slug}),
                          {"text": "the coffee in the cafe is cold"}).content.decode()
    assert "The cafe" in fragment
    assert "vegetarian" not in fragment  # never anyone's words
