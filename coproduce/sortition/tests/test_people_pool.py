"""Pools from People and interest lists: the consent gate, special-category features encrypted
at rest, used and seen only by those who may, and every viewing audited."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from coproduce.audit.models import Action, AuditEvent
from coproduce.conftest import make_member
from coproduce.organisations.models import Role
from coproduce.people.models import ConsentPurpose, Group, Person, RecordedHow, SensitiveInfo
from coproduce.sortition.drawing import pool_of, unsealed
from coproduce.sortition.models import Selection
from coproduce.sortition.selection import meets
from coproduce.sortition.sources import NOT_RECORDED
from coproduce.voices.capture import VoiceIn, record_voice
from coproduce.voices.models import Channel, Interest

DAY = datetime.date(2026, 1, 10)


def resident(org: Any, n: int, contact: bool = True, sensitive: bool = True,
             ethnicity: str = "") -> Person:
    person = Person.objects.create(organisation=org, name=f"Resident {n}",
                                   postcode=["SK1 3XE", "SK2 6AB"][n % 2],
                                   address=f"{n} Ash Court")
    person.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER, DAY)
    if not contact:  # the latest record withdraws it
        person.record_consent(ConsentPurpose.CONTACT, False, RecordedHow.PAPER,
                              DAY + datetime.timedelta(days=3))
    person.record_consent(ConsentPurpose.SENSITIVE, sensitive, RecordedHow.PAPER, DAY)
    SensitiveInfo.objects.create(person=person, ethnicity=ethnicity)
    return person


def quotas(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("quotas.csv", ("feature,value,min,max\n" + text).encode())


def form(**extra: Any) -> dict[str, Any]:
    return {"title": "Estate panel", "source": "people", "size": 4, "household": "on",
            "algorithm": "maximin", "seed": "12 34", **extra}


@pytest.fixture
def residents(org: Any) -> list[Person]:
    people = [resident(org, n, ethnicity=["Black British", "White Welsh"][n % 2])
              for n in range(10)]
    people.append(resident(org, 10, contact=False, ethnicity="Black British"))
    people.append(resident(org, 11, sensitive=False, ethnicity="White Welsh"))
    return people


def test_it_draws_only_people_whose_latest_consent_allows_contact(
        org: Any, login: Any, coordinator: Any, residents: list[Person]) -> None:
    response = login(coordinator).post(reverse("sortition:add_people",
                                               kwargs={"org_slug": org.slug}), {
        **form(), "quotas": quotas("area,SK1,2,2\narea,SK2,2,2\n")}, follow=True)
    selection = Selection.objects.get()
    people = unsealed(selection)["people"]
    assert residents[10].pk not in people.values() and residents[11].pk in people.values()
    assert len(people) == 11 and len(selection.panel) == 4
    assert meets(pool_of(selection), [], selection.panel)
    page = response.content.decode()
    assert "1 people were left out" in page and "Resident" in page


def test_it_keeps_special_category_features_only_with_consent_and_encrypted(
        org: Any, login: Any, coordinator: Any, residents: list[Person]) -> None:
    login(coordinator).post(reverse("sortition:add_people", kwargs={"org_slug": org.slug}), {
        **form(), "quotas": quotas("ethnicity,Black British,1,2\nethnicity,White Welsh,1,3\n"
                                   f"ethnicity,{NOT_RECORDED},0,1\n")})
    selection = Selection.objects.get()
    data = unsealed(selection)
    by_person = {pk: data["features"][pid]["ethnicity"] for pid, pk in data["people"].items()}
    assert by_person[residents[11].pk] == NOT_RECORDED  # no consent to keep it: not used
    assert by_person[residents[0].pk] == "Black British"
    assert selection.special == ["ethnicity"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed_pool FROM sortition_selection")
        stored = cursor.fetchone()[0]
    assert "Black British" not in stored and "ethnicity" not in stored
    assert AuditEvent.objects.filter(action=Action.SENSITIVE_VIEWED,
                                     target=f"panel selection {selection.pk}").count() == 1


def test_it_audits_every_viewing_of_a_pool_with_special_category_features(
        org: Any, login: Any, coordinator: Any, residents: list[Person]) -> None:
    client = login(coordinator)
    client.post(reverse("sortition:add_people", kwargs={"org_slug": org.slug}), {
        **form(), "quotas": quotas("ethnicity,Black British,1,3\n")})
    selection = Selection.objects.get()
    address = reverse("sortition:pool", kwargs={"org_slug": org.slug,
                                                "selection_id": selection.pk})
    before = AuditEvent.objects.filter(action=Action.SENSITIVE_VIEWED).count()
    page = client.get(address).content.decode()
    assert "Black British" in page and "Resident 0" in page
    assert AuditEvent.objects.filter(action=Action.SENSITIVE_VIEWED).count() == before + 1
    # A coordinator without the right to see special-category information sees nothing.
    plain = make_member(org, "plain@harbour.example", Role.COORDINATOR, sensitive=False)
    assert login(plain).get(address).status_code == 403
    assert AuditEvent.objects.filter(action=Action.SENSITIVE_VIEWED).count() == before + 1


def test_it_refuses_special_category_quotas_to_staff_who_may_not_see_them(
        org: Any, login: Any, residents: list[Person]) -> None:
    plain = make_member(org, "plain@harbour.example", Role.COORDINATOR, sensitive=False)
    response = login(plain).post(reverse("sortition:add_people", kwargs={"org_slug": org.slug}),
                                 {**form(), "quotas": quotas("ethnicity,Black British,1,3\n")})
    assert "Only staff who may see special-category information" in response.content.decode()
    assert not Selection.objects.exists()


def test_it_draws_from_an_interest_list_and_a_group(
        org: Any, login: Any, coordinator: Any, residents: list[Person]) -> None:
    voice, _new = record_voice(org, VoiceIn("A community garden on the estate", Channel.PAPER,
                                            DAY))
    for person in residents[:6] + [residents[10]]:
        Interest.objects.create(voice=voice, person=person, may_recontact=True)
    client = login(coordinator)
    address = reverse("sortition:add_people", kwargs={"org_slug": org.slug})
    client.post(address, {**form(source="interest", voice=voice.pk),
                          "quotas": quotas("area,SK1,1,3\n")})
    chosen = set(unsealed(Selection.objects.get())["people"].values())
    assert chosen == {p.pk for p in residents[:6]}  # resident 10 withdrew consent
    group = Group.objects.create(organisation=org, name="Tenants' association")
    group.people.set(residents[6:])
    client.post(address, {**form(source="group", group=group.pk, title="TA panel"),
                          "quotas": quotas("area,SK1,1,3\n")})
    chosen = set(unsealed(Selection.objects.get(title="TA panel"))["people"].values())
    assert chosen == {p.pk for p in residents[6:10]} | {residents[11].pk}


def test_it_refuses_an_unknown_feature_and_a_pool_too_small(
        org: Any, login: Any, coordinator: Any, residents: list[Person]) -> None:
    client = login(coordinator)
    address = reverse("sortition:add_people", kwargs={"org_slug": org.slug})
    page = client.post(address, {**form(), "quotas": quotas("shoe size,9,1,2\n")}
                       ).content.decode()
    assert "People have no feature called shoe size" in page
    page = client.post(address, {**form(size=30), "quotas": quotas("area,SK1,1,30\n")}
                       ).content.decode()
    assert "fewer than the panel" in page and not Selection.objects.exists()


def test_it_never_puts_two_people_at_one_address_on_the_panel(
        org: Any, login: Any, coordinator: Any) -> None:
    for n in range(8):
        person = resident(org, n)
        person.address = f"{n // 2} Ash Court"  # pairs share a flat
        person.postcode = "SK1 3XE"
        person.save()
    login(coordinator).post(reverse("sortition:add_people", kwargs={"org_slug": org.slug}), {
        **form(), "quotas": quotas("area,SK1,4,4\n")})
    selection = Selection.objects.get()
    homes = unsealed(selection)["households"]
    assert len({homes[pid] for pid in selection.panel}) == 4
