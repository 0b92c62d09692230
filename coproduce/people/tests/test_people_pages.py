"""Adding, finding, changing and archiving people."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from coproduce.audit.models import Action, AuditEvent
from coproduce.people.models import AccessNeed, Group, NeedKind, Person


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"people:{name}", kwargs={"org_slug": org.slug, **kwargs})


NEW = {"name": "Gwen Price", "email": "gwen@mail.example", "phone": "07700 900123",
       "contact_ways": ["phone", "post"], "languages": "Welsh, English",
       "date_joined": "2025-03-01", "access_needs": ["bsl", "interpreter"],
       "interpreter_language": "Polish", "consents": ["contact", "quote"],
       "consent_how": "paper"}


def test_it_adds_a_person_with_needs_and_consents(login: Any, coordinator: Any, org: Any) -> None:
    group = Group.objects.create(organisation=org, name="Women's drop-in")
    response = login(coordinator).post(url("add", org), {**NEW, "groups": [group.pk]})
    person = Person.objects.get(name="Gwen Price")
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert person.organisation == org and person.created_by == coordinator
    assert person.contact_ways == ["phone", "post"]
    assert list(person.groups.all()) == [group]
    assert {(n.kind, n.detail) for n in person.access_needs.all()} == {
        ("bsl", ""), ("interpreter", "Polish")}
    assert person.has_consent("contact") and person.has_consent("quote")
    assert not person.has_consent("sensitive")
    assert AuditEvent.objects.filter(action=Action.CONSENT_CHANGED).count() == 1


def test_the_empty_form_offers_today_as_the_date_joined(login: Any, coordinator: Any,
                                                        org: Any) -> None:
    page = login(coordinator).get(url("add", org)).content.decode()
    assert f'type="date" name="date_joined" value="{datetime.date.today().isoformat()}"' in page


def test_it_offers_only_its_own_groups(login: Any, coordinator: Any, org: Any,
                                       other_org: Any) -> None:
    foreign = Group.objects.create(organisation=other_org, name="Leaseholders")
    response = login(coordinator).post(url("add", org), {**NEW, "groups": [foreign.pk]})
    assert response.status_code == 200
    assert not Person.objects.filter(name="Gwen Price").exists()


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"name": ""}, "name", "Enter their name, or a pseudonym"),
    ({"date_joined": "2999-01-01"}, "date_joined", "today or in the past"),
    ({"email": "gwen@"}, "email", "valid email"),
    ({"name": "Gwen\x07Price"}, "name", "control characters"),
    ({"access_needs": ["other"]}, "other_need", "Say what the other need is"),
    ({"name": "x" * 151}, "name", "at most 150"),
])
def test_it_refuses_bad_input_keeps_what_was_typed_and_saves_nothing(
    login: Any, coordinator: Any, org: Any, change: dict[str, Any], field: str, message: str
) -> None:
    response = login(coordinator).post(url("add", org), {**NEW, **change})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert f'href="#id_{field}' in page  # the summary links to the field
    assert 'value="07700 900123"' in page
    assert not Person.objects.exists()


def test_it_escapes_what_people_typed(login: Any, coordinator: Any, org: Any) -> None:
    client = login(coordinator)
    client.post(url("add", org), {**NEW, "name": "<script>alert(1)</script>"})
    person = Person.objects.get()
    assert person.name == "<script>alert(1)</script>"  # stored as typed
    page = client.get(person.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_edits_a_person_and_their_needs(login: Any, coordinator: Any, org: Any,
                                           person: Any) -> None:
    AccessNeed.objects.create(person=person, kind=NeedKind.LARGE_PRINT)
    response = login(coordinator).post(url("edit", org, person_id=person.pk), {
        "name": "Sian R.", "date_joined": "2024-05-01", "access_needs": ["step_free", "other"],
        "other_need": "Quiet room"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Sian R."
    assert {(n.kind, n.detail) for n in person.access_needs.all()} == {
        ("step_free", ""), ("other", "Quiet room")}


def test_it_archives_and_restores(login: Any, coordinator: Any, org: Any, person: Any) -> None:
    client = login(coordinator)
    assert client.get(url("archive", org, person_id=person.pk)).status_code == 302
    person.refresh_from_db()
    assert not person.is_archived  # a GET changes nothing
    client.post(url("archive", org, person_id=person.pk))
    person.refresh_from_db()
    assert person.is_archived
    listed = client.get(url("list", org)).context["page"]
    assert person not in listed
    assert person in client.get(url("list", org) + "?archived=on").context["page"]
    client.post(url("archive", org, person_id=person.pk))
    person.refresh_from_db()
    assert not person.is_archived


def test_it_searches_and_filters(login: Any, coordinator: Any, org: Any) -> None:
    carers = Group.objects.create(organisation=org, name="Carers")
    alun = Person.objects.create(organisation=org, name="Alun Davies", postcode="CF10 1AA")
    alun.groups.add(carers)
    AccessNeed.objects.create(person=alun, kind=NeedKind.HEARING_LOOP)
    bethan = Person.objects.create(organisation=org, name="Bethan Lloyd", postcode="SA1 1AA")
    volunteer = org.journey_stages.get(name="Volunteer")
    bethan.move_to_stage(volunteer, datetime.date(2025, 1, 1))
    client = login(coordinator)

    def names(query: str) -> set[str]:
        response = client.get(url("list", org) + query)
        return {p.name for p in response.context["page"]}

    assert names("?q=cf10") == {"Alun Davies"}
    assert names(f"?group={carers.pk}") == {"Alun Davies"}
    assert names("?need=hearing_loop") == {"Alun Davies"}
    assert names(f"?stage={volunteer.pk}") == {"Bethan Lloyd"}
    assert names("") == {"Alun Davies", "Bethan Lloyd"}


def test_the_list_uses_the_same_number_of_queries_for_many_people(
    login: Any, coordinator: Any, org: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(coordinator)
    group = Group.objects.create(organisation=org, name="Carers")
    stage = org.journey_stages.first()
    for index in range(60):
        p = Person.objects.create(organisation=org, name=f"Person {index:02d}")
        p.groups.add(group)
        AccessNeed.objects.create(person=p, kind=NeedKind.EASY_READ)
        p.move_to_stage(stage, datetime.date(2025, 1, 1))
    with django_assert_max_num_queries(12):
        response = client.get(url("list", org))
    assert len(response.context["page"]) == 50


def test_it_records_journey_steps_in_order(login: Any, coordinator: Any, org: Any,
                                           person: Any) -> None:
    client = login(coordinator)
    stages = list(org.journey_stages.all())
    client.post(url("journey", org, person_id=person.pk),
                {"stage": stages[0].pk, "on": "2024-05-01"})
    client.post(url("journey", org, person_id=person.pk),
                {"stage": stages[3].pk, "on": "2025-02-01"})
    bad = client.post(url("journey", org, person_id=person.pk),
                      {"stage": stages[4].pk, "on": "2999-01-01"})
    assert bad.status_code == 200
    current = Person.objects.with_stage().get(pk=person.pk).current_stage_id
    assert current == stages[3].pk
    assert person.journey.count() == 2
