"""Peer mentors log what people tell them: marked as heard by a peer, recorded by them, seen
and corrected only by them (and staff), found by name only, and counted like any voice."""

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse

from coproduce.conftest import make_member
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from coproduce.themes import store
from coproduce.themes.models import Placement, Theme
from coproduce.voices.buildup import support
from coproduce.voices.equity import lens
from coproduce.voices.models import Voice, VoiceChange

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 10)


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"voices:{name}", kwargs={"org_slug": org.slug, **kwargs})


def entry(**changes: Any) -> dict[str, Any]:
    return {"text": "Welcome packs for new people", "who": "anonymous", "channel":
            "conversation", "heard_on": "2026-06-09", "kind": "idea", "on_behalf": "on",
            "form_token": "p" * 32, **changes}


@pytest.fixture
def other_peer(org: Any) -> User:
    return make_member(org, "peer2@harbour.example", Role.PEER_MENTOR)


@time_machine.travel(TODAY)
def test_it_records_a_peer_voice_through_the_one_way_in(login: Any, peer_mentor: Any, org: Any,
                                                        person: Any) -> None:
    client = login(peer_mentor)
    response = client.post(url("peer_add", org), entry(who="person", person=person.pk))
    assert response.status_code == 302
    voice = Voice.objects.get()
    assert voice.heard_by_peer is True and voice.recorded_by == peer_mentor
    assert voice.person == person and voice.on_behalf and voice.import_key == "form:" + "p" * 32
    # the same form sent twice records one voice
    client.post(url("peer_add", org), entry(who="person", person=person.pk))
    assert Voice.objects.count() == 1


@time_machine.travel(TODAY)
def test_it_keeps_the_name_given_for_someone_not_found_without_adding_them(
        login: Any, peer_mentor: Any, org: Any) -> None:
    login(peer_mentor).post(url("peer_add", org), entry(who="new", new_person_name="Dave"))
    voice = Voice.objects.get()
    assert voice.person is None and voice.contact_name == "Dave"
    assert not Person.objects.filter(organisation=org).exists()


@time_machine.travel(TODAY)
def test_the_peer_search_finds_by_name_only_and_shows_no_contact_details(
        login: Any, peer_mentor: Any, org: Any, person: Any) -> None:
    person.phone, person.postcode = "07700 900123", "CF10 1AA"
    person.save()
    client = login(peer_mentor)
    found = client.post(url("peer_add", org), entry(who="person", person_query="sian",
                                                    find="1")).content.decode()
    assert "Sian Roberts" in found
    for detail in ("sian@mail.example", "07700", "CF10", "…@", "Diabetes", "Hostel"):
        assert detail not in found
    by_email = client.post(url("peer_add", org), entry(who="person", find="1",
                                                       person_query="sian@mail.example"))
    assert "Sian Roberts" not in by_email.content.decode()
    by_phone = client.post(url("peer_add", org), entry(who="person", find="1",
                                                       person_query="07700"))
    assert "Sian Roberts" not in by_phone.content.decode()
    assert not Voice.objects.exists()


@time_machine.travel(TODAY)
def test_it_refuses_bad_input_with_a_message_and_saves_nothing(
        login: Any, peer_mentor: Any, org: Any, other_person: Any) -> None:
    client = login(peer_mentor)
    cases = [entry(text=""), entry(heard_on="2026-06-11"), entry(heard_on="31/02/2026"),
             entry(who="person"), entry(who="person", person=other_person.pk),
             entry(who="new", new_person_name=""), entry(text="bad\x07bell"),
             entry(channel="api")]
    for data in cases:
        response = client.post(url("peer_add", org), data)
        assert response.status_code == 200, data
        assert "govuk-error-summary" in response.content.decode(), data
    assert not Voice.objects.exists()


@time_machine.travel(TODAY)
def test_a_peer_sees_and_corrects_only_their_own_entries(
        login: Any, peer_mentor: Any, other_peer: Any, org: Any) -> None:
    login(peer_mentor).post(url("peer_add", org), entry())
    mine = Voice.objects.get()
    login(other_peer).post(url("peer_add", org), entry(text="A quiet room", form_token="o" * 32))
    theirs = Voice.objects.exclude(pk=mine.pk).get()
    staff_voice = Voice.objects.create(organisation=org, text="Staff heard this",
                                       channel="phone", heard_on=TODAY)
    client = login(peer_mentor)
    listing = client.get(url("peer_list", org)).content.decode()
    assert "Welcome packs" in listing and "A quiet room" not in listing
    assert "Staff heard this" not in listing
    for other in (theirs, staff_voice):
        assert client.get(url("peer_correct", org, voice_id=other.pk)).status_code == 404
        assert client.post(url("peer_correct", org, voice_id=other.pk),
                           {"text": "changed"}).status_code == 404
    assert client.get(url("detail", org, voice_id=mine.pk)).status_code == 403
    assert client.get(url("list", org)).status_code == 403
    form = client.get(url("peer_correct", org, voice_id=mine.pk)).context["form"]
    response = client.post(url("peer_correct", org, voice_id=mine.pk), {
        "text": "Welcome packs with a map", "channel": "conversation", "heard_on": "2026-06-09",
        "kind": "idea", "version": form.initial["version"]})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.text == "Welcome packs with a map"
    assert VoiceChange.objects.get(voice=mine).by == peer_mentor
    theirs.refresh_from_db()
    assert theirs.text == "A quiet room"


@time_machine.travel(TODAY)
def test_a_correction_refuses_a_future_date_and_keeps_the_voice(
        login: Any, peer_mentor: Any, org: Any) -> None:
    client = login(peer_mentor)
    client.post(url("peer_add", org), entry())
    voice = Voice.objects.get()
    form = client.get(url("peer_correct", org, voice_id=voice.pk)).context["form"]
    response = client.post(url("peer_correct", org, voice_id=voice.pk), {
        "text": "", "channel": "conversation", "heard_on": "2026-07-01", "kind": "idea",
        "version": form.initial["version"]})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    voice.refresh_from_db()
    assert voice.text == "Welcome packs for new people"


@time_machine.travel(TODAY)
def test_other_roles_may_not_log_as_a_peer(login: Any, coordinator: Any, viewer: Any,
                                           org: Any, outsider: Any) -> None:
    for user in (coordinator, viewer):
        assert login(user).get(url("peer_add", org)).status_code == 403
    assert login(outsider).get(url("peer_add", org)).status_code == 404


@time_machine.travel(TODAY)
def test_staff_see_the_peer_as_the_recorder(login: Any, peer_mentor: Any, coordinator: Any,
                                            org: Any) -> None:
    login(peer_mentor).post(url("peer_add", org), entry())
    voice = Voice.objects.get()
    page = login(coordinator).get(url("detail", org, voice_id=voice.pk)).content.decode()
    assert "mentor@harbour.example" in page and "Heard by a peer" in page


@time_machine.travel(TODAY)
def test_the_export_says_which_voices_a_peer_heard_and_who_recorded_them(
        login: Any, peer_mentor: Any, coordinator: Any, org: Any) -> None:
    login(peer_mentor).post(url("peer_add", org), entry())
    Voice.objects.create(organisation=org, text="Staff heard this", channel="phone",
                         heard_on="2026-06-01")
    response = login(coordinator).get(url("export", org) + "?format=json")
    records = {r["text"]: r for r in json.loads(b"".join(response.streaming_content))}
    peer_row = records["Welcome packs for new people"]
    assert peer_row["heard_by_peer"] == "yes"
    assert peer_row["recorded_by"] == "mentor@harbour.example"
    assert records["Staff heard this"]["heard_by_peer"] == ""


@time_machine.travel(TODAY)
def test_the_build_up_and_equity_lens_count_peer_voices(
        login: Any, peer_mentor: Any, org: Any, person: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    client = login(peer_mentor)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            client.post(url("peer_add", org), entry(who="person", person=person.pk,
                                                    text="Welcome packs for new people "
                                                    + "please" * n, form_token=f"{n}" * 32))
    assert Voice.objects.filter(heard_by_peer=True).count() == 3
    result = lens(org, TODAY - datetime.timedelta(days=30), TODAY, 1)
    assert result.total == 3 and sum(n for _label, n in result.by_channel) == 3
    Voice.objects.create(organisation=org, text="Better chairs in the hall", channel="phone",
                         heard_on=TODAY)
    store.regroup(org)
    themes = {theme.pk: theme for theme in Theme.objects.filter(organisation=org)}
    rows = support(Placement.objects.filter(theme__organisation=org), "theme_id", themes, TODAY)
    assert max(row.voices for row in rows) == 3  # the three peer voices build up together


def test_a_peer_without_the_role_loses_access_when_the_role_changes(
        login: Any, peer_mentor: Any, org: Any) -> None:
    Membership.objects.filter(user=peer_mentor).update(role=Role.PANEL_MEMBER)
    assert login(peer_mentor).get(url("peer_list", org)).status_code == 403
