"""Receipts: people who leave their details are told, in their way, what happens next."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from coproduce.notices.models import Notice, State
from coproduce.people.models import ConsentPurpose, Person, RecordedHow
from coproduce.voices.capture import announce_new
from coproduce.voices.models import Voice

DAY = datetime.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def in_english() -> Any:
    with translation.override("en"):
        yield


def someone(org: Any, name: str, consent: bool = True, **fields: Any) -> Person:
    person = Person.objects.create(organisation=org, name=name, **fields)
    person.record_consent(ConsentPurpose.CONTACT, consent, RecordedHow.WEB, DAY)
    return person


def test_a_public_form_voice_with_details_and_consent_gets_a_receipt_by_email(
        org: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    dilys = someone(org, "Dilys", email="dilys@mail.example")
    shy = someone(org, "Shy", consent=False, email="shy@mail.example")
    # As the public forms keep them: with the form's one-time token as their key.
    voices = [Voice.objects.create(organisation=org, text="A bench by the door",
                                   channel="easy_read", heard_on=DAY, person=dilys,
                                   import_key="form:a"),
              Voice.objects.create(organisation=org, text="Quiet", channel="web",
                                   heard_on=DAY, person=shy, import_key="form:b"),
              Voice.objects.create(organisation=org, text="Anonymous", channel="web",
                                   heard_on=DAY, import_key="form:c")]
    with django_capture_on_commit_callbacks(execute=True):
        announce_new(org.pk, [v.pk for v in voices])
    assert [m.to for m in mailoutbox] == [["dilys@mail.example"]]
    assert "A bench by the door" in mailoutbox[0].body
    assert "What happens next" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        announce_new(org.pk, [voices[0].pk])  # announced twice: still one receipt
    assert len(mailoutbox) == 1 and Notice.objects.count() == 1


def test_acknowledging_a_voice_can_send_a_receipt_in_their_way(
        login: Any, coordinator: Any, org: Any) -> None:
    post = someone(org, "Post", address="1 Mill St", contact_ways=["post"])
    voice = Voice.objects.create(organisation=org, text="More bingo", channel="paper",
                                 heard_on=DAY, person=post)
    login(coordinator).post(reverse("voices:status", kwargs={
        "org_slug": org.slug, "voice_id": voice.pk}),
        {"status": "acknowledged", "send_receipt": "on"})
    notice = Notice.objects.get()
    assert notice.state == State.TO_PRINT and "More bingo" in notice.body
    voice.refresh_from_db()
    assert voice.status == "acknowledged"
