"""Quick entry's "send a receipt" tick: a receipt through the outbox for the voice just
recorded, in the person's way, only when their consent allows it."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from coproduce.notices.models import Notice, Purpose, State
from coproduce.people.models import ConsentPurpose, Person, RecordedHow
from coproduce.voices.models import Voice

pytestmark = pytest.mark.django_db


def entry(**changes: Any) -> dict[str, Any]:
    return {"text": "A bench by the bus stop", "who": "person", "channel": "phone",
            "heard_on": "2025-06-01", "kind": "idea", "tags": "", "form_token": "r" * 32,
            "send_receipt": "on", **changes}


def member(org: Any, consent: bool | None, **details: Any) -> Person:
    person = Person.objects.create(organisation=org, name="Gwen Bench", **details)
    if consent is not None:
        person.record_consent(ConsentPurpose.CONTACT, consent, RecordedHow.PHONE,
                              datetime.date(2025, 5, 1))
    return person


def test_it_emails_a_receipt_through_the_worker(login: Any, coordinator: Any, org: Any,
                                                mailoutbox: Any,
                                                django_capture_on_commit_callbacks: Any) -> None:
    person = member(org, True, email="gwen@mail.example", contact_ways=["email"])
    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("voices:add", args=[org.slug]), entry(person=person.pk))
    voice = Voice.objects.get()
    notice = Notice.objects.get()
    assert (notice.person, notice.purpose, notice.state) == (person, Purpose.RECEIPT, State.SENT)
    assert notice.reference == f"voice:{voice.pk}"
    [message] = mailoutbox
    assert message.to == ["gwen@mail.example"] and "A bench by the bus stop" in message.body
    page = client.get(reverse("voices:add", args=[org.slug])).content.decode()
    assert "A receipt will be emailed to them." in page


def test_it_puts_a_receipt_letter_on_the_list_for_someone_who_prefers_post(
        login: Any, coordinator: Any, org: Any) -> None:
    person = member(org, True, address="2 Quay St\nBarry CF62 1AA", contact_ways=["post"])
    login(coordinator).post(reverse("voices:add", args=[org.slug]), entry(person=person.pk))
    assert Notice.objects.get().state == State.TO_PRINT


@pytest.mark.parametrize("consent", [False, None])
def test_it_sends_nothing_without_consent_and_says_why(login: Any, coordinator: Any, org: Any,
                                                       mailoutbox: Any,
                                                       consent: bool | None) -> None:
    person = member(org, consent, email="gwen@mail.example", contact_ways=["email"])
    client = login(coordinator)
    client.post(reverse("voices:add", args=[org.slug]), entry(person=person.pk))
    assert Voice.objects.count() == 1 and not Notice.objects.exists() and not mailoutbox
    assert "No receipt was sent" in client.get(reverse("voices:add", args=[org.slug])
                                               ).content.decode()


def test_it_sends_nothing_when_the_tick_is_left_empty(login: Any, coordinator: Any, org: Any
                                                     ) -> None:
    person = member(org, True, email="gwen@mail.example", contact_ways=["email"])
    data = entry(person=person.pk)
    del data["send_receipt"]
    login(coordinator).post(reverse("voices:add", args=[org.slug]), data)
    assert Voice.objects.count() == 1 and not Notice.objects.exists()


def test_someone_new_who_agreed_is_recorded_with_dated_consent_and_thanked(
        login: Any, coordinator: Any, org: Any, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        login(coordinator).post(reverse("voices:add", args=[org.slug]), entry(
            who="new", new_person_name="Alun New", new_person_email="alun@mail.example",
            new_person_contact="on"))
    person = Person.objects.get(name="Alun New")
    consent = person.current_consents()[ConsentPurpose.CONTACT]
    assert consent.given and consent.how == RecordedHow.PHONE  # the voice came by phone
    assert consent.recorded_on == datetime.date(2025, 6, 1) and consent.recorded_by == coordinator
    assert [m.to for m in mailoutbox] == [["alun@mail.example"]]


def test_someone_new_without_the_tick_gets_no_consent_and_no_receipt(
        login: Any, coordinator: Any, org: Any) -> None:
    login(coordinator).post(reverse("voices:add", args=[org.slug]), entry(
        who="new", new_person_name="Alun New", new_person_email="alun@mail.example"))
    person = Person.objects.get(name="Alun New")
    assert not person.consents.exists() and not Notice.objects.exists()


def test_consent_without_a_way_to_reach_them_is_refused(login: Any, coordinator: Any,
                                                        org: Any) -> None:
    page = login(coordinator).post(reverse("voices:add", args=[org.slug]), entry(
        who="new", new_person_name="Alun New", new_person_contact="on")).content.decode()
    assert "Give an email address or phone number" in page
    assert not Voice.objects.exists() and not Person.objects.exists()
