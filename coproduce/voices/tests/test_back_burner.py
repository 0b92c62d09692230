"""The back burner holds ideas, not copies: one row per idea with everyone behind it."""

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from coproduce.people.models import ConsentPurpose, Person, RecordedHow
from coproduce.themes.models import Placement, Theme
from coproduce.voices.models import Interest, Voice

DAY = datetime.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def in_english() -> Any:
    with translation.override("en"):
        yield


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"voices:{name}", kwargs={"org_slug": org.slug, **kwargs})


def someone(org: Any, name: str, consent: bool | None = True, **fields: Any) -> Person:
    person = Person.objects.create(organisation=org, name=name, **fields)
    if consent is not None:
        person.record_consent(ConsentPurpose.CONTACT, consent, RecordedHow.PAPER, DAY)
    return person


@pytest.fixture
def waiting(org: Any) -> dict[str, Any]:
    theme = Theme.objects.create(organisation=org, key="club", label="Women-only sports club")
    amina = someone(org, "Amina", email="a@mail.example")
    hodan = someone(org, "Hodan", consent=None)
    keen = someone(org, "Keen", phone="07700 900111")
    quiet = someone(org, "Quiet", consent=False, email="q@mail.example")
    voices = []
    for text, person in [("A women-only gym session", amina), ("Badminton for women", hodan),
                         ("Swimming, women only", amina)]:
        voice = Voice.objects.create(organisation=org, text=text, channel="event", heard_on=DAY,
                                     person=person, status="back_burner",
                                     waiting_reason="No funding yet",
                                     review_on=datetime.date(2025, 6, 1))
        Placement.objects.create(voice=voice, theme=theme)
        voices.append(voice)
    Interest.objects.create(voice=voices[1], person=keen)
    lone = Voice.objects.create(organisation=org, text="A quiet room", channel="phone",
                                heard_on=DAY, person=quiet, status="back_burner")
    return {"theme": theme, "voices": voices, "lone": lone}


def test_it_shows_one_row_per_idea_counting_everyone_behind_it(
        login: Any, coordinator: Any, org: Any, waiting: dict[str, Any]) -> None:
    page = login(coordinator).get(url("back_burner", org)).content.decode()
    assert page.count("Women-only sports club</a>") == 1
    assert "A women-only gym session" not in page
    assert "3 voices since" in page and "No funding yet" in page and "A quiet room" in page
    assert "2 contacts (CSV)" in page  # Amina and Keen agreed; Hodan has no record
    assert page.count("contacts (CSV)") + page.count("contact (CSV)") == 1  # nobody for the room


def test_contacts_export_everyone_who_agreed_behind_the_idea(
        login: Any, coordinator: Any, org: Any, waiting: dict[str, Any]) -> None:
    client = login(coordinator)
    csv = client.get(url("contacts", org, voice_id=waiting["voices"][0].pk)).content.decode()
    assert "Amina" in csv and "07700 900111" in csv and "Hodan" not in csv
    empty = client.get(url("contacts", org, voice_id=waiting["lone"].pk))
    assert empty.status_code == 302


def test_the_dashboard_reminds_when_a_review_is_due(login: Any, coordinator: Any, org: Any,
                                                    waiting: dict[str, Any]) -> None:
    dashboard = reverse("reports:dashboard", kwargs={"org_slug": org.slug})
    client = login(coordinator)
    with time_machine.travel(datetime.datetime(2025, 5, 31, 12, tzinfo=datetime.UTC)):
        assert "to look at again" not in client.get(dashboard).content.decode()
    with time_machine.travel(datetime.datetime(2025, 6, 2, 12, tzinfo=datetime.UTC)):
        assert "1 back-burner idea to look at again" in client.get(dashboard).content.decode()


def test_putting_an_idea_on_the_back_burner_needs_a_reason(
        login: Any, coordinator: Any, org: Any) -> None:
    voice = Voice.objects.create(organisation=org, text="A minibus", channel="phone",
                                 heard_on=DAY)
    client = login(coordinator)
    response = client.post(url("status", org, voice_id=voice.pk), {"status": "back_burner"})
    assert "Say why it waits" in response.content.decode()
    client.post(url("status", org, voice_id=voice.pk), {
        "status": "back_burner", "waiting_reason": "No driver", "review_on": "2025-09-01"})
    voice.refresh_from_db()
    assert voice.status == "back_burner" and voice.waiting_reason == "No driver"
    assert voice.review_on == datetime.date(2025, 9, 1)
