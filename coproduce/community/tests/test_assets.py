"""The community's asset register: access features, links to voices and themes, the list
and the map, CSV import and formula-safe export, and each group's needs and capabilities."""

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from coproduce.community.models import Asset, GroupReview, Offer
from coproduce.imports.models import Upload
from coproduce.imports.tests.test_flow import mapping_form, upload
from coproduce.people.models import Group, Person
from coproduce.themes.models import Placement, Theme
from coproduce.voices.models import Voice

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"community:{name}", kwargs={"org_slug": org.slug, **kwargs})


def seaside(org: Any, group: Group | None = None) -> tuple[Theme, Voice]:
    voice = Voice.objects.create(organisation=org, text="Can we have seaside trips?",
                                 channel="conversation", heard_on=datetime.date(2026, 3, 1),
                                 group=group)
    theme = Theme.objects.create(organisation=org, key="seaside", label="Seaside trips")
    Placement.objects.create(voice=voice, theme=theme)
    return theme, voice


def test_it_adds_an_asset_with_access_features_linked_to_voices_and_themes(
        login: Any, coordinator: Any, org: Any) -> None:
    theme, voice = seaside(org)
    response = login(coordinator).post(url("asset_add", org), {
        "kind": "transport", "name": "Minibus owned by the church", "postcode": "cf10 1aa",
        "access": ["step_free"], "themes": [theme.pk], "voice_numbers": f"#{voice.pk}"})
    asset = Asset.objects.get()
    assert response.status_code == 302 and asset.postcode == "CF10 1AA"
    assert list(asset.themes.all()) == [theme] and list(asset.voices.all()) == [voice]
    page = login(coordinator).get(url("asset", org, asset_id=asset.pk)).content.decode()
    assert "Seaside trips" in page and "Can we have seaside trips?" in page
    assert "Step-free access" in page


@pytest.mark.parametrize("postcode", ["XX99 9ZZ1", "12345", "CF10 1A"])
def test_it_refuses_an_impossible_postcode(login: Any, coordinator: Any, org: Any,
                                           postcode: str) -> None:
    response = login(coordinator).post(url("asset_add", org), {
        "kind": "place", "name": "Hall", "postcode": postcode})
    assert "Enter a real UK postcode" in response.content.decode()
    assert not Asset.objects.exists()


def test_it_refuses_another_organisations_voice_and_changes_nothing(
        login: Any, coordinator: Any, org: Any, other_org: Any) -> None:
    _theme, theirs = seaside(other_org)
    response = login(coordinator).post(url("asset_add", org), {
        "kind": "place", "name": "Hall", "voice_numbers": str(theirs.pk)})
    assert "not voices of this organisation" in response.content.decode()
    assert not Asset.objects.exists()


def test_it_exports_the_register_safe_for_spreadsheets(login: Any, coordinator: Any,
                                                        org: Any) -> None:
    Asset.objects.create(organisation=org, kind="place", name="=HYPERLINK(\"x\")",
                         access=["toilets", "parking"])
    text = login(coordinator).get(url("asset_export", org)).content.decode()
    assert text.splitlines()[0].startswith("reference,name,name_cy,kind")
    assert "'=HYPERLINK" in text and "toilets; parking" in text


def test_it_imports_assets_through_the_import_pages(login: Any, coordinator: Any,
                                                    org: Any) -> None:
    client = login(coordinator)
    data = ("Reference,Name,Type,Postcode,Access\nA1,St Mark's hall,place,CF10 1AA,"
            "step_free; hearing_loop\nA2,Bad one,place,ZZZZ,\nA3,Church minibus,transport,,\n")
    response = upload(client, org, "assets", "assets.csv", data.encode())
    checked = client.post(response.url, mapping_form(client, response.url))
    page = client.get(checked.url).content.decode()
    assert "is not a UK postcode" in page and not Asset.objects.exists()
    kept = Upload.objects.get()
    client.post(reverse("imports:confirm", kwargs={"org_slug": org.slug, "upload_id": kept.pk}))
    assert sorted(Asset.objects.values_list("name", flat=True)) == ["Church minibus",
                                                                     "St Mark's hall"]
    assert Asset.objects.get(external_id="A1").access == ["hearing_loop", "step_free"]


def test_it_shows_a_map_only_where_tiles_are_configured(login: Any, coordinator: Any,
                                                        org: Any, settings: Any) -> None:
    Asset.objects.create(organisation=org, kind="place", name="Booth Centre",
                         latitude="53.48400", longitude="-2.25000")
    client = login(coordinator)
    assert "Show on a map" not in client.get(url("assets", org)).content.decode()
    assert "no map tiles set up" in client.get(url("asset_map", org)).content.decode()
    settings.COPRODUCE_MAP_TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert "Show on a map" in client.get(url("assets", org)).content.decode()
    response = client.get(url("asset_map", org))
    assert "https://tiles.example.org/16/" in response.content.decode()
    assert "https://tiles.example.org" in response["Content-Security-Policy"]


def test_it_counts_offered_skills_without_naming_people_and_hides_small_numbers(
        login: Any, coordinator: Any, viewer: Any, org: Any) -> None:
    for index in range(2):
        person = Person.objects.create(organisation=org, name=f"Hidden Name {index}")
        Offer.objects.create(person=person, skills="gardening")
    named = Person.objects.create(organisation=org, name="Open Name")
    Offer.objects.create(person=named, skills="gardening", share_skills=True)
    staff_page = login(coordinator).get(url("assets", org)).content.decode()
    assert "Open Name" in staff_page and "Hidden Name" not in staff_page
    viewer_page = login(viewer).get(url("assets", org)).content.decode()
    assert "fewer than 5" in viewer_page and "Open Name" not in viewer_page


@time_machine.travel(TODAY, tick=False)
def test_it_shows_a_groups_needs_capabilities_and_gaps_and_records_a_review(
        login: Any, coordinator: Any, org: Any) -> None:
    group = Group.objects.create(organisation=org, name="Older members")
    theme, _voice = seaside(org, group)
    walks = Theme.objects.create(organisation=org, key="walks", label="Guided walks")
    Placement.objects.create(theme=walks, voice=Voice.objects.create(
        organisation=org, text="Walks please", channel="phone",
        heard_on=datetime.date(2026, 3, 2), group=group))
    minibus = Asset.objects.create(organisation=org, kind="transport", name="Church minibus")
    minibus.themes.add(theme)
    minibus.groups.add(group)
    client = login(coordinator)
    page = client.get(url("group", org, group_id=group.pk)).content.decode()
    gaps = page.split("Gaps</h2>")[1]
    assert "Church minibus" in page and "Guided walks" in gaps and "Seaside trips" not in gaps
    response = client.post(url("group_review", org, group_id=group.pk), {
        "reviewed_on": "2026-06-01", "notes": "Walks need a leader",
        "next_review_on": "2026-05-01"})
    assert "The next review must be after this one." in response.content.decode()
    assert not GroupReview.objects.exists()
    client.post(url("group_review", org, group_id=group.pk), {
        "reviewed_on": "2026-06-01", "notes": "Walks need a leader",
        "next_review_on": "2026-12-01"})
    assert "Next review by 1 December 2026" in client.get(
        url("group", org, group_id=group.pk)).content.decode()


def test_it_lets_a_peer_mentor_read_the_register_but_not_change_it(
        login: Any, peer_mentor: Any, org: Any) -> None:
    asset = Asset.objects.create(organisation=org, kind="place", name="Community café")
    client = login(peer_mentor)
    assert "Community café" in client.get(url("assets", org)).content.decode()
    assert client.post(url("asset_edit", org, asset_id=asset.pk), {
        "kind": "place", "name": "Changed"}).status_code == 403
    assert Asset.objects.get().name == "Community café"


def test_it_imports_and_exports_the_register_on_the_command_line(org: Any, tmp_path: Any,
                                                                 capsys: Any) -> None:
    from django.core.management import call_command

    sheet = tmp_path / "assets.csv"
    sheet.write_text("Reference,Name,Kind,Postcode\nB1,Booth hall,place,M3 5AS\n"
                     "B2,Nowhere,place,QQ1 1QQ\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import-assets", "--org", org.slug, str(sheet))
    assert list(Asset.objects.values_list("name", flat=True)) == ["Booth hall"]
    assert "row 2" in capsys.readouterr().err
    call_command("export-assets", "--org", org.slug)
    assert "B1,Booth hall,,place" in capsys.readouterr().out


def test_it_lists_the_assets_that_could_answer_a_theme_and_offers_one_for_a_gap(
        login: Any, coordinator: Any, org: Any, other_org: Any) -> None:
    theme, _voice = seaside(org)
    minibus = Asset.objects.create(organisation=org, kind="transport", name="Church minibus")
    minibus.themes.add(theme)
    Asset.objects.create(organisation=org, kind="place", name="Library hall")
    client = login(coordinator)
    page = client.get(url("assets", org), {"theme": theme.pk}).content.decode()
    assert "Church minibus" in page and "Library hall" not in page
    theirs, _ = seaside(other_org)
    assert "Church minibus" not in client.get(url("assets", org), {"theme": theirs.pk}
                                              ).content.decode()
    form = client.get(url("asset_add", org), {"theme": theme.pk}).content.decode()
    assert f'value="{theme.pk}" checked' in form.replace("\n", "")


def test_it_fits_assets_far_apart_on_a_few_tiles_with_every_marker_on_them(
        org: Any, settings: Any) -> None:
    from coproduce.community.assets import build_map

    settings.COPRODUCE_MAP_TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
    places = [Asset(organisation=org, kind="place", name=name, latitude=lat, longitude=lng)
              for name, lat, lng in [("Cardiff", 51.48, -3.18), ("Manchester", 53.48, -2.24),
                                     ("Unplaced", None, None)]]
    made = build_map(places)
    assert made is not None and len(made.markers) == 2 and len(made.tiles) <= 16
    for marker in made.markers:
        assert 0 <= marker.left <= made.width and 0 <= marker.top <= made.height
    settings.COPRODUCE_MAP_TILES = ""
    assert build_map(places) is None
