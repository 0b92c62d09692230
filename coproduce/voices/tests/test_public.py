"""The public form, standard and easy read, the paper form and the public outcomes page."""

import datetime
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from coproduce.people.models import Person
from coproduce.voices.models import Voice


def url(name: str, org: Any) -> str:
    return reverse(f"voices:{name}", kwargs={"org_slug": org.slug})


@pytest.fixture(autouse=True)
def fresh_rate_limit(db: None) -> None:
    cache.clear()


@pytest.mark.parametrize(("name", "channel"), [("say", "web"), ("say_easy_read", "easy_read")])
def test_anyone_can_say_something_without_signing_in(client: Any, org: Any, name: str,
                                                     channel: str) -> None:
    page = client.get(url(name, org))
    assert page.status_code == 200 and "Harbour Day Centre" in page.content.decode()
    response = client.post(url(name, org), {"text": "More benches in the garden",
                                            "form_token": "a" * 32})
    assert response.status_code == 302 and response["Location"] == url("say_thanks", org)
    voice = Voice.objects.get()
    assert (voice.channel, voice.person, voice.organisation) == (channel, None, org)
    assert "What happens next" in client.get(response["Location"]).content.decode()


def confirmation_link(message: Any) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_details_are_kept_with_the_voice_only_with_consent(client: Any, org: Any,
                                                             mailoutbox: Any,
                                                             django_capture_on_commit_callbacks: Any
                                                             ) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("say", org), {"text": "Hello", "name": "Ann",
                                      "contact": "ann@mail.example", "consent": "yes",
                                      "form_token": "b" * 32})
    voice = Voice.objects.get()
    assert (voice.contact_name, voice.contact, voice.person) == ("Ann", "ann@mail.example", None)
    assert not Person.objects.filter(organisation=org).exists()  # not until they confirm
    assert [m.to for m in mailoutbox] == [["ann@mail.example"]]
    link = confirmation_link(mailoutbox[0])
    assert client.get(link).status_code == 200 and not Person.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    person = Person.objects.get(organisation=org)
    assert person.email == "ann@mail.example" and person.has_consent("contact")
    assert Voice.objects.get().person == person
    assert person.notices.get().purpose == "receipt"  # now they can be thanked
    assert client.get(link).status_code == 404  # used once
    client.post(url("say", org), {"text": "Hi again", "name": "Bob", "contact": "07700 900111",
                                  "consent": "no", "form_token": "c" * 32})
    again = Voice.objects.get(text="Hi again")
    assert (again.person, again.contact, again.contact_name) == (None, "", "")


def test_typing_someones_email_never_attaches_words_or_consent_to_them(
        client: Any, org: Any, person: Any, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    person.record_consent("contact", False, "paper", datetime.date(2025, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("say", org), {"text": "They said something rude", "name": "X",
                                      "contact": person.email.upper(), "consent": "yes",
                                      "form_token": "f" * 32})
    voice = Voice.objects.get()
    assert voice.person is None and not person.has_consent("contact")
    assert person.voices.count() == 0
    assert [m.to for m in mailoutbox] == [[person.email.upper()]]  # only its owner can link it
    assert client.get(confirmation_link(mailoutbox[0]).replace("/confirm/", "/confirm/x")
                      ).status_code == 404


def test_details_without_an_answer_about_consent_are_refused(client: Any, org: Any) -> None:
    response = client.post(url("say", org), {"text": "Hello", "contact": "ann@mail.example",
                                             "form_token": "d" * 32})
    assert response.status_code == 200
    assert "Say whether we may keep your details" in response.content.decode()
    assert not Voice.objects.exists()


def test_robots_filling_the_hidden_field_save_nothing(client: Any, org: Any) -> None:
    response = client.post(url("say", org), {"text": "Buy cheap pills", "website": "spam.example",
                                             "form_token": "e" * 32})
    assert response.status_code == 302
    assert not Voice.objects.exists()


def test_a_double_submit_saves_one_voice(client: Any, org: Any) -> None:
    data = {"text": "Once only", "form_token": "f" * 32}
    client.post(url("say", org), data)
    client.post(url("say", org), data)
    assert Voice.objects.count() == 1


def test_too_many_from_one_address_are_refused_kindly(client: Any, org: Any) -> None:
    for index in range(20):
        client.post(url("say", org), {"text": f"Voice {index}", "form_token": f"{index:032d}"})
    response = client.post(url("say", org), {"text": "One more", "form_token": "z" * 32})
    assert response.status_code == 429 and "Please wait a little" in response.content.decode()
    assert Voice.objects.count() == 20


def test_an_unknown_organisation_is_not_found(client: Any, db: None) -> None:
    assert client.get("/o/nowhere/say/").status_code == 404


@pytest.mark.parametrize("size", ["", "?size=large"])
def test_the_paper_form_is_a_pdf(client: Any, org: Any, size: str) -> None:
    response = client.get(url("paper", org) + size)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_anonymous_words_are_never_published_as_they_were_said(client: Any, org: Any,
                                                               coordinator: Any) -> None:
    from coproduce.voices.models import Status
    from coproduce.voices.outcomes import record_outcome

    voice = Voice.objects.create(organisation=org, text="Nobody agreed to quote this",
                                 channel="web", heard_on=datetime.date(2025, 5, 1))
    record_outcome(voice, Status.DONE, "We fixed the lights", coordinator, public=True)
    page = client.get(url("you_said_we_did", org)).content.decode()
    assert "We fixed the lights" in page and "Nobody agreed to quote this" not in page
