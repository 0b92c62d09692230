"""Staff quick entry: fast, from the keyboard, and never half-saved or saved twice."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from coproduce.people.models import Group, Person
from coproduce.voices.models import Voice


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"voices:{name}", kwargs={"org_slug": org.slug, **kwargs})


def entry(**changes: Any) -> dict[str, Any]:
    return {"text": "Could we have a trip to the seaside?", "who": "anonymous",
            "channel": "phone", "heard_on": "2025-06-01", "kind": "idea",
            "tags": "trips, seaside", "form_token": "t" * 32, **changes}


def test_it_logs_a_voice_from_someone_in_people(login: Any, coordinator: Any, org: Any,
                                                person: Any) -> None:
    group = Group.objects.create(organisation=org, name="Carers")
    response = login(coordinator).post(url("add", org), entry(
        who="person", person=person.pk, group=group.pk, on_behalf="on"))
    assert response.status_code == 302 and response["Location"] == url("add", org)
    voice = Voice.objects.get()
    assert (voice.person, voice.group, voice.channel, voice.on_behalf) == (
        person, group, "phone", True)
    assert voice.recorded_by == coordinator and voice.organisation == org
    assert sorted(t.name for t in voice.tags.all()) == ["seaside", "trips"]


def test_it_links_a_voice_to_a_project_of_this_organisation_only(
    login: Any, coordinator: Any, org: Any, other_org: Any
) -> None:
    from coproduce.projects.models import Project

    ours = Project.objects.create(organisation=org, title="Trips", purpose="x")
    theirs = Project.objects.create(organisation=other_org, title="Theirs", purpose="x")
    client = login(coordinator)
    refused = client.post(url("add", org), entry(project=theirs.pk))
    assert refused.status_code == 200 and not Voice.objects.exists()
    client.post(url("add", org), entry(project=ours.pk))
    assert list(ours.voices.all()) == [Voice.objects.get()]


def test_it_remembers_the_channel_and_date_of_the_last_entry(login: Any, coordinator: Any,
                                                             org: Any) -> None:
    client = login(coordinator)
    client.post(url("add", org), entry(channel="event", heard_on="2025-05-20"))
    form = client.get(url("add", org)).context["form"]
    assert form.initial["channel"] == "event" and form.initial["heard_on"] == "2025-05-20"


def test_it_adds_a_new_person_inline(login: Any, coordinator: Any, org: Any) -> None:
    login(coordinator).post(url("add", org), entry(who="new", new_person_name="Iolo Morgan"))
    assert Voice.objects.get().person == Person.objects.get(name="Iolo Morgan", organisation=org)


def test_a_double_submit_saves_one_voice(login: Any, coordinator: Any, org: Any) -> None:
    client = login(coordinator)
    client.post(url("add", org), entry())
    second = client.post(url("add", org), entry())
    assert Voice.objects.count() == 1
    assert second["Location"] == Voice.objects.get().get_absolute_url()


@pytest.mark.parametrize(("change", "message"), [
    ({"text": ""}, "Enter what they said"),
    ({"text": "x" * 10_001}, "at most 10000 characters"),
    ({"heard_on": "2999-01-01"}, "today or in the past"),
    ({"heard_on": "2025-02-30"}, "Enter a valid date"),
    ({"channel": "pigeon"}, "Select a valid choice"),
    ({"text": "Bell\x07"}, "control characters"),
    ({"who": "person"}, "Find and choose the person"),
    ({"who": "new"}, "Enter the new person"),
])
def test_it_refuses_bad_input_and_saves_nothing(login: Any, coordinator: Any, org: Any,
                                                change: dict[str, Any], message: str) -> None:
    response = login(coordinator).post(url("add", org), entry(**change))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not Voice.objects.exists() and not Person.objects.filter(organisation=org).exists()


def test_it_keeps_html_as_text_and_escapes_it(login: Any, coordinator: Any, org: Any) -> None:
    client = login(coordinator)
    client.post(url("add", org), entry(text="<img src=x onerror=alert(1)>"))
    voice = Voice.objects.get()
    assert voice.text == "<img src=x onerror=alert(1)>"
    page = client.get(voice.get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_person_search_finds_only_this_organisations_people(
    login: Any, coordinator: Any, org: Any, person: Any, other_person: Any
) -> None:
    client = login(coordinator)
    found = client.get(url("person_search", org) + "?person_query=sian").content.decode()
    assert person.name in found
    other = client.get(url("person_search", org) + "?person_query=tomasz").content.decode()
    assert other_person.name not in other and "No one matches" in other


def test_find_without_javascript_shows_choices_and_saves_nothing(
    login: Any, coordinator: Any, org: Any, person: Any
) -> None:
    response = login(coordinator).post(url("add", org), entry(
        who="person", person_query="roberts", find="1"))
    assert response.status_code == 200
    assert f'value="{person.pk}"' in response.content.decode()
    assert not Voice.objects.exists()


def test_the_list_filters_and_searches(login: Any, coordinator: Any, org: Any,
                                       other_org: Any) -> None:
    day = datetime.date(2025, 1, 1)
    Voice.objects.create(organisation=org, text="More seaside trips please", channel="phone",
                         heard_on=day)
    Voice.objects.create(organisation=org, text="The café coffee is cold", channel="email",
                         heard_on=day, status="considering")
    Voice.objects.create(organisation=other_org, text="Seaside for us too", channel="phone",
                         heard_on=day)
    client = login(coordinator)

    def texts(query: str) -> set[str]:
        return {v.text for v in client.get(url("list", org) + query).context["page"]}

    assert texts("?q=seasid") == {"More seaside trips please"}
    assert texts("?q=cafe") == {"The café coffee is cold"}
    assert texts("?channel=email") == {"The café coffee is cold"}
    assert texts("?status=considering") == {"The café coffee is cold"}
    assert len(texts("")) == 2


def test_the_list_uses_a_flat_number_of_queries(login: Any, coordinator: Any, org: Any,
                                                person: Any,
                                                django_assert_max_num_queries: Any) -> None:
    client = login(coordinator)
    for index in range(60):
        voice = Voice.objects.create(organisation=org, text=f"Idea {index}", channel="phone",
                                     heard_on=datetime.date(2025, 1, 1), person=person)
        voice.tags.create(organisation=org, name=f"tag {index}")
    with django_assert_max_num_queries(12):
        response = client.get(url("list", org))
    assert len(response.context["page"]) == 50


@pytest.mark.parametrize("role", ["viewer", "peer_mentor"])
def test_it_refuses_voices_to_viewers_and_peer_mentors(request: Any, role: str, login: Any,
                                                       org: Any) -> None:
    client = login(request.getfixturevalue(role))
    assert client.get(url("list", org)).status_code == 403
    assert client.post(url("add", org), entry()).status_code == 403
    assert not Voice.objects.exists()
