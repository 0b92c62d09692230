"""The people picker: finds the organisation's people by name, postcode, email or phone, tells
namesakes apart, works without JavaScript, and refuses what it should."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from coproduce.people.models import Group, Person
from coproduce.voices.models import Interest, Voice

pytestmark = pytest.mark.django_db


def namesakes(org: Any) -> list[Person]:
    carers = Group.objects.create(organisation=org, name="Carers")
    people = [Person.objects.create(organisation=org, name="John Jones", postcode=postcode,
                                    email=f"jj{n}@mail.example")
              for n, postcode in enumerate(["CF10 1AA", "SA1 2BB", "LL55 3CC"])]
    people[1].groups.add(carers)
    return people


def test_it_finds_people_by_postcode_and_tells_namesakes_apart(login: Any, coordinator: Any,
                                                               org: Any) -> None:
    namesakes(org)
    client = login(coordinator)
    url = reverse("people:picker", kwargs={"org_slug": org.slug})
    results = client.get(url, {"q": "john jones"}).json()["results"]
    assert [r["name"] for r in results] == ["John Jones"] * 3
    assert len({r["line"] for r in results}) == 3
    assert "Carers" in results[1]["line"] and "SA1 2BB" in results[1]["line"]
    by_postcode = client.get(url, {"q": "sa12bb"}).json()["results"]
    assert [r["line"].split(" · ")[0] for r in by_postcode] == ["SA1 2BB"]


def test_it_never_finds_another_organisations_people(login: Any, coordinator: Any, org: Any,
                                                      other_person: Any) -> None:
    client = login(coordinator)
    url = reverse("people:picker", kwargs={"org_slug": org.slug})
    assert client.get(url, {"q": "Tomasz"}).json()["results"] == []


def test_it_refuses_a_very_long_query_and_treats_sql_as_text(login: Any, coordinator: Any,
                                                             org: Any) -> None:
    namesakes(org)
    client = login(coordinator)
    url = reverse("people:picker", kwargs={"org_slug": org.slug})
    response = client.get(url, {"q": "x" * 10_000})
    assert response.status_code == 400 and "100 characters" in response.json()["error"]
    response = client.get(url, {"q": "' OR 1=1; --"})
    assert response.status_code == 200 and response.json()["results"] == []
    assert Person.objects.filter(organisation=org).count() == 3


def test_it_refuses_roles_that_may_not_see_people(login: Any, viewer: Any, org: Any) -> None:
    url = reverse("people:picker", kwargs={"org_slug": org.slug})
    assert login(viewer).get(url, {"q": "john"}).status_code == 403


def test_it_searches_without_javascript_and_saves_nothing_until_chosen(
        login: Any, coordinator: Any, org: Any) -> None:
    people = namesakes(org)
    voice = Voice.objects.create(organisation=org, text="A bench", channel="phone",
                                 heard_on=datetime.date(2025, 1, 1))
    client = login(coordinator)
    url = reverse("voices:interest", kwargs={"org_slug": org.slug, "voice_id": voice.pk})
    page = client.post(url, {"person_query": "LL55", "_picker_find": "person"})
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" not in html
    assert f'value="{people[2].pk}"' in html and f'value="{people[0].pk}"' not in html
    assert not Interest.objects.exists()
    client.post(url, {"person": people[2].pk, "may_recontact": "on"})
    assert Interest.objects.get().person == people[2]


def test_it_never_lists_every_person_in_a_form(login: Any, coordinator: Any, org: Any) -> None:
    Person.objects.bulk_create(Person(organisation=org, name=f"Member {n:03}")
                               for n in range(80))
    voice = Voice.objects.create(organisation=org, text="A bench", channel="phone",
                                 heard_on=datetime.date(2025, 1, 1))
    page = login(coordinator).get(reverse("voices:interest", kwargs={
        "org_slug": org.slug, "voice_id": voice.pk})).content.decode()
    assert "Member 001" not in page and "<select" not in page
