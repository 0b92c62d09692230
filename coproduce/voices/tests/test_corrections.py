"""Correcting, folding duplicates into earlier voices, removing and purging voices."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from coproduce.audit.models import Action, AuditEvent
from coproduce.people.models import Person
from coproduce.themes.models import Placement, Theme
from coproduce.voices.corrections import version_of
from coproduce.voices.models import Interest, Voice, VoiceChange

pytestmark = pytest.mark.django_db


def a_voice(org: Any, text: str = "A bench by the bus stop", **extra: Any) -> Voice:
    return Voice.objects.create(organisation=org, text=text, channel="phone",
                                heard_on=datetime.date(2025, 3, 1), **extra)


def url(name: str, voice: Voice) -> str:
    return reverse(f"voices:{name}", kwargs={"org_slug": voice.organisation.slug,
                                             "voice_id": voice.pk})


def correction(voice: Voice, **changes: Any) -> dict[str, Any]:
    data = {"text": voice.text, "channel": voice.channel, "heard_on": "2025-03-01",
            "kind": voice.kind, "person": voice.person_id or "", "group": "", "tags": "",
            "version": version_of(voice)}
    return {**data, **changes}


def test_it_corrects_a_voice_and_keeps_the_change(login: Any, coordinator: Any, org: Any,
                                                  person: Any) -> None:
    voice = a_voice(org)
    response = login(coordinator).post(url("correct", voice), correction(
        voice, text="A bench by the bus shelter", person=person.pk, channel="email",
        tags="seating"))
    assert response.status_code == 302
    voice.refresh_from_db()
    assert (voice.text, voice.person, voice.channel) == ("A bench by the bus shelter", person,
                                                         "email")
    change = VoiceChange.objects.get(voice=voice)
    assert change.changes["text"] == ["A bench by the bus stop", "A bench by the bus shelter"]
    assert change.changes["tags"] == [[], ["seating"]]
    assert AuditEvent.objects.filter(action=Action.VOICE_CORRECTED).count() == 1


def test_it_places_a_corrected_voice_again_unless_a_person_placed_it(
        login: Any, coordinator: Any, org: Any, django_capture_on_commit_callbacks: Any) -> None:
    voice, pinned = a_voice(org), a_voice(org, "Pinned")
    theme = Theme.objects.create(organisation=org, key="t", label="Old")
    Placement.objects.create(voice=voice, theme=theme, pinned=False)
    Placement.objects.create(voice=pinned, theme=theme, pinned=True)
    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("correct", voice), correction(voice, text="Trips to Tenby"))
        client.post(url("correct", pinned), correction(pinned, text="Pinned still"))
    assert not Placement.objects.filter(voice=voice, theme=theme).exists()
    assert Placement.objects.filter(voice=pinned, theme=theme).exists()


def test_it_says_when_someone_else_changed_the_voice_meanwhile(login: Any, coordinator: Any,
                                                               org: Any) -> None:
    voice = a_voice(org)
    stale = correction(voice, text="Mine")
    Voice.objects.filter(pk=voice.pk).update(text="Theirs",
                                             updated_at=voice.updated_at
                                             + datetime.timedelta(seconds=5))
    page = login(coordinator).post(url("correct", voice), stale).content.decode()
    assert "changed this voice while you were editing" in page and "Theirs" in page
    assert Voice.objects.get(pk=voice.pk).text == "Theirs"


def test_it_folds_a_duplicate_into_the_earlier_voice_keeping_who_said_it(
        login: Any, coordinator: Any, org: Any, person: Any) -> None:
    earlier = a_voice(org)
    later = a_voice(org, "A bench by the bus stop please", person=person)
    response = login(coordinator).post(url("same_as", later), {"earlier": earlier.pk})
    assert response["Location"] == earlier.get_absolute_url()
    assert not Voice.objects.filter(pk=later.pk).exists()
    hidden = Voice.everything.get(pk=later.pk)
    assert hidden.merged_into == earlier and hidden.removed_at is not None
    interest = Interest.objects.get(voice=earlier)
    assert interest.person == person and interest.raised_it
    assert person in earlier.raisers()


def test_it_refuses_to_merge_a_voice_into_itself(login: Any, coordinator: Any,
                                                 org: Any) -> None:
    voice = a_voice(org)
    page = login(coordinator).post(url("same_as", voice), {"earlier": voice.pk})
    assert page.status_code == 200 and Voice.objects.filter(pk=voice.pk).exists()


def test_it_removes_a_voice_only_with_a_reason_and_hides_it_everywhere(
        login: Any, coordinator: Any, org: Any) -> None:
    voice = a_voice(org)
    client = login(coordinator)
    page = client.post(url("remove", voice), {"reason": ""}).content.decode()
    assert "Say why the voice is being removed" in page
    assert Voice.objects.filter(pk=voice.pk).exists()
    client.post(url("remove", voice), {"reason": "A test entry"})
    assert not Voice.objects.filter(pk=voice.pk).exists()
    listing = client.get(reverse("voices:list", kwargs={"org_slug": org.slug}))
    assert "A bench by the bus stop" not in listing.content.decode()
    assert client.get(url("detail", voice)).status_code == 404
    assert AuditEvent.objects.filter(action=Action.VOICE_REMOVED).count() == 1


def test_only_administrators_purge_and_only_removed_voices(login: Any, coordinator: Any,
                                                           admin_user: Any, org: Any) -> None:
    voice = a_voice(org)
    assert login(coordinator).post(url("purge", voice)).status_code == 403
    assert login(admin_user).post(url("purge", voice)).status_code == 404  # not removed
    login(coordinator).post(url("remove", voice), {"reason": "Entered twice"})
    admin = login(admin_user)
    assert "Entered twice" in admin.get(reverse("voices:removed", kwargs={
        "org_slug": org.slug})).content.decode()
    admin.post(url("purge", voice), {"action": "purge"})
    assert not Voice.everything.filter(pk=voice.pk).exists()
    assert AuditEvent.objects.filter(action=Action.VOICE_PURGED, target=f"voice {voice.pk}"
                                     ).exists()


def test_it_puts_a_removed_voice_back(login: Any, coordinator: Any, admin_user: Any,
                                      org: Any) -> None:
    voice = a_voice(org)
    login(coordinator).post(url("remove", voice), {"reason": "By mistake"})
    login(admin_user).post(url("purge", voice), {"action": "restore"})
    assert Voice.objects.filter(pk=voice.pk).exists()


def test_it_refuses_a_viewer(login: Any, viewer: Any, org: Any) -> None:
    voice = a_voice(org)
    client = login(viewer)
    assert client.post(url("remove", voice), {"reason": "x"}).status_code == 403
    assert client.post(url("correct", voice), correction(voice, text="x")).status_code == 403
    assert Voice.objects.get(pk=voice.pk).text == "A bench by the bus stop"
    assert Person.objects.count() == 0
