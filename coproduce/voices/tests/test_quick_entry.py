"""Quick entry without friction: what was saved is named and linked, choices are remembered,
a duplicate is kept with the earlier voice, and the person search finds by postcode."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from coproduce.people.models import Person
from coproduce.voices.models import Interest, Voice

pytestmark = pytest.mark.django_db


def url(name: str, org: Any) -> str:
    return reverse(f"voices:{name}", kwargs={"org_slug": org.slug})


def entry(**changes: Any) -> dict[str, Any]:
    return {"text": "A bench by the bus stop", "who": "anonymous", "channel": "phone",
            "heard_on": "2025-06-01", "kind": "idea", "tags": "", "form_token": "q" * 32,
            **changes}


def test_it_names_what_was_saved_links_it_and_remembers_on_behalf(
        login: Any, coordinator: Any, org: Any, person: Any) -> None:
    client = login(coordinator)
    client.post(url("add", org), entry(who="person", person=person.pk, on_behalf="on"))
    page = client.get(url("add", org))
    html = page.content.decode()
    voice = Voice.objects.get()
    assert "Saved: “A bench by the bus stop” (Sian Roberts)" in html
    assert voice.get_absolute_url() in html and 'data-disable-auto-focus="true"' in html
    assert page.context["form"].initial["on_behalf"] is True


def test_it_keeps_a_duplicate_with_the_earlier_voice(login: Any, coordinator: Any, org: Any,
                                                     person: Any) -> None:
    earlier = Voice.objects.create(organisation=org, text="A bench at the stop",
                                   channel="email", heard_on=datetime.date(2025, 1, 1))
    client = login(coordinator)
    client.post(url("add", org), entry(who="person", person=person.pk, same_as=earlier.pk))
    assert list(Voice.objects.all()) == [earlier]
    assert Interest.objects.get(voice=earlier).person == person
    assert "Kept with the earlier voice" in client.get(url("add", org)).content.decode()


def test_the_person_search_finds_a_namesake_by_postcode(login: Any, coordinator: Any,
                                                        org: Any) -> None:
    for postcode in ("CF10 1AA", "SA1 2BB"):
        Person.objects.create(organisation=org, name="John Jones", postcode=postcode)
    page = login(coordinator).get(url("person_search", org), {"person_query": "jones sa1"})
    html = page.content.decode()
    assert html.count("John Jones") == 1 and "SA1 2BB" in html


def test_finding_a_person_shows_no_error(login: Any, coordinator: Any, org: Any,
                                         person: Any) -> None:
    page = login(coordinator).post(url("add", org), entry(who="person",
                                                          person_query="Sian", find="1"))
    html = page.content.decode()
    assert "There is a problem" not in html and f'value="{person.pk}" checked' in html
    assert not Voice.objects.exists()


def test_it_ties_the_voice_to_a_project_of_the_organisation_only(
        login: Any, coordinator: Any, org: Any, other_org: Any) -> None:
    from coproduce.projects.models import Project

    ours = Project.objects.create(organisation=org, title="Bus stop benches")
    finished = Project.objects.create(organisation=org, title="Old survey", status="finished")
    theirs = Project.objects.create(organisation=other_org, title="Their project")
    client = login(coordinator)
    page = client.get(url("add", org)).content.decode()
    assert "Project it relates to" in page and "Bus stop benches" in page
    assert "Old survey" not in page and "Their project" not in page
    client.post(url("add", org), entry(project=ours.pk))
    assert list(ours.voices.all()) == list(Voice.objects.all())
    refused = client.post(url("add", org), entry(project=theirs.pk, text="Another bench"))
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert not Voice.objects.filter(text="Another bench").exists()
    assert not theirs.voices.exists() and not finished.voices.exists()
