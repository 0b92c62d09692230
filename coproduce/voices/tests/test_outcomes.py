"""From voice to outcome: status history, you said we did, and the back burner."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.notices.models import Notice
from coproduce.people.models import ConsentPurpose, Person, RecordedHow
from coproduce.voices.models import Interest, Outcome, Status, Voice
from coproduce.voices.outcomes import record_outcome

DAY = datetime.date(2025, 3, 1)


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"voices:{name}", kwargs={"org_slug": org.slug, **kwargs})


def someone(org: Any, name: str, consent: bool = True, **fields: Any) -> Person:
    person = Person.objects.create(organisation=org, name=name, **fields)
    person.record_consent(ConsentPurpose.CONTACT, consent, RecordedHow.PAPER, DAY)
    return person


@pytest.fixture
def voice(org: Any) -> Voice:
    raiser = someone(org, "Wyn Email", email="wyn@mail.example", contact_ways=["email"])
    return Voice.objects.create(organisation=org, text="A women-only sports club",
                                channel="conversation", heard_on=DAY, person=raiser)


def test_it_keeps_a_dated_history_of_status(voice: Voice, coordinator: Any) -> None:
    voice.change_status(Status.ACKNOWLEDGED, coordinator)
    voice.change_status(Status.BACK_BURNER, coordinator, note="No funding yet")
    voice.refresh_from_db()
    assert voice.status == Status.BACK_BURNER
    assert [(c.from_status, c.to_status) for c in voice.history.all()] == [
        ("new", "acknowledged"), ("acknowledged", "back_burner")]


def test_done_and_not_possible_need_an_outcome(voice: Voice, coordinator: Any) -> None:
    with pytest.raises(ValidationError):
        voice.change_status(Status.DONE, coordinator, outcome="  ")
    voice.refresh_from_db()
    assert voice.status == Status.NEW and not voice.history.exists()


def test_the_status_page_refuses_done_without_an_outcome(login: Any, coordinator: Any,
                                                         org: Any, voice: Voice) -> None:
    response = login(coordinator).post(url("status", org, voice_id=voice.pk),
                                       {"status": "done", "outcome": ""})
    assert response.status_code == 200 and "Say what was done" in response.content.decode()
    voice.refresh_from_db()
    assert voice.status == Status.NEW


def test_recording_an_outcome_sends_nothing_until_staff_press_send(
    login: Any, coordinator: Any, org: Any, voice: Voice, mailoutbox: Any,
    django_capture_on_commit_callbacks: Any
) -> None:
    letter = someone(org, "Lowri Letter", address="2 Mill St", contact_ways=["post"])
    caller = someone(org, "Carys Call", phone="07700 900222", contact_ways=["phone"])
    quiet = someone(org, "No Consent", email="no@mail.example", consent=False)
    for person in (letter, caller, quiet):
        Interest.objects.create(voice=voice, person=person, may_recontact=True)
    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("status", org, voice_id=voice.pk), {
            "status": "done", "outcome": "The club started in May with 12 women.",
            "outcome_public": "on"})
    outcome = Outcome.objects.get()
    assert response["Location"] == outcome.get_absolute_url()
    assert not mailoutbox and not Notice.objects.exists()
    preview = client.get(response["Location"]).content.decode()
    assert "The club started in May" in preview and "Send to 4 people" in preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("outcome_send", org, outcome_id=outcome.pk))
    methods = {n.person.name: (n.method, n.state) for n in Notice.objects.all()}
    assert methods == {"Wyn Email": ("email", "sent"), "Lowri Letter": ("letter", "to_print"),
                       "Carys Call": ("call", "to_call"), "No Consent": ("none", "unreachable")}
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["wyn@mail.example"]
    assert "The club started in May" in mailoutbox[0].body


def test_the_public_page_shows_only_consented_or_summarised_words(
    client: Any, org: Any, coordinator: Any
) -> None:
    quoted = someone(org, "Quote Me")
    quoted.record_consent(ConsentPurpose.QUOTE, True, RecordedHow.PAPER, DAY)
    private = someone(org, "Private")
    for person, text, summary in [(quoted, "Quote me on the benches", ""),
                                  (private, "My personal story about the bus", ""),
                                  (private, "Another private thing", "Someone asked for Wi-Fi")]:
        v = Voice.objects.create(organisation=org, text=text, channel="phone", heard_on=DAY,
                                 person=person)
        record_outcome(v, Status.DONE, f"Done: {text[:10]}", coordinator, public=True,
                       public_summary=summary)
    Voice.objects.create(organisation=org, text="Not published", channel="phone", heard_on=DAY)
    page = client.get(url("you_said_we_did", org)).content.decode()
    assert "Quote me on the benches" in page
    assert "My personal story" not in page and "Done: My person" in page
    assert "Someone asked for Wi-Fi" in page and "Another private thing" not in page
    assert "Not published" not in page


def test_the_back_burner_keeps_the_people_who_want_it(login: Any, coordinator: Any, org: Any,
                                                      voice: Voice) -> None:
    voice.change_status(Status.BACK_BURNER, coordinator)
    keen = someone(org, "Keen Kate", email="kate@mail.example")
    unsure = someone(org, "Unsure Una", email="una@mail.example")
    client = login(coordinator)
    client.post(url("interest", org, voice_id=voice.pk), {"person": keen.pk,
                                                          "may_recontact": "on"})
    client.post(url("interest", org, voice_id=voice.pk), {"person": unsure.pk})
    assert not voice.interests.filter(person=unsure).exists()  # the form asks which is right
    client.post(url("interest", org, voice_id=voice.pk), {"person": unsure.pk, "which": "tick"})
    listing = client.get(url("back_burner", org)).content.decode()
    assert "A women-only sports club" in listing
    csv = client.get(url("contacts", org, voice_id=voice.pk)).content.decode()
    assert "kate@mail.example" in csv and "wyn@mail.example" in csv
    assert "una@mail.example" not in csv


def test_interest_refuses_someone_from_another_organisation(
    login: Any, coordinator: Any, org: Any, voice: Voice, other_person: Any
) -> None:
    response = login(coordinator).post(url("interest", org, voice_id=voice.pk),
                                       {"person": other_person.pk})
    assert response.status_code == 200
    assert not voice.interests.exists()
