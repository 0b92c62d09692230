"""Eligibility from an uploaded voters list: a code per eligible voter, a per-row report of
what was refused, and nothing counted twice when the list comes again."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coproduce.budgets.models import Process, Stage, VoterCode
from coproduce.people.models import Person

from .factories import open_vote

LIST = ("Reference,Name,Email,Address,Postcode\n"
        "T-001,Ada Jones,ada@mail.example,1 Ash Court,sk1 3xe\n"
        "T-002,Bryn Evans,,2 Ash Court,SK1 3XE\n"
        ",,nobody@mail.example,3 Ash Court,SK1 3XE\n"
        "T-004,Cai Lewis,not-an-email,4 Ash Court,SK1 3XE\n"
        "T-002,Bryn Evans again,,2 Ash Court,SK1 3XE\n"
        ",Dilys Price,,5 Ash Court,SK1 3XE\n")


def upload(client: Client, process: Process, text: str = LIST) -> Any:
    return client.post(reverse("budgets:voters", kwargs={
        "org_slug": process.organisation.slug, "process_id": process.pk}),
        {"file": SimpleUploadedFile("voters.csv", text.encode())})


@pytest.fixture
def process(org: Any) -> Process:
    return open_vote(org, stage=Stage.PROPOSALS)


def test_it_gives_each_eligible_voter_one_code_and_reports_each_refused_row(
        process: Process, login: Any, coordinator: Any) -> None:
    page = upload(login(coordinator), process).content.decode()
    codes = VoterCode.objects.filter(process=process)
    assert sorted(codes.values_list("name", flat=True)) == ["Ada Jones", "Bryn Evans",
                                                            "Dilys Price"]
    assert codes.get(name="Ada Jones").postcode == "SK1 3XE"
    assert "3 eligible voters added" in page
    assert "is missing" in page and "is not a valid email address" in page
    assert "is the same voter as row 2" in page
    assert ">3<" in page and ">4<" in page and ">5<" in page  # the rows refused, by number


def test_it_adds_only_new_voters_when_the_list_comes_again(
        process: Process, login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    upload(client, process)
    page = upload(client, process, LIST + "T-009,Elin Hughes,,9 Ash Court,SK1 3XE\n"
                  ).content.decode()
    assert VoterCode.objects.filter(process=process).count() == 4
    assert "1 eligible voter added" in page and "3 already on the list" in page


def test_it_links_a_listed_voter_to_people_and_prints_their_letter(
        process: Process, org: Any, login: Any, coordinator: Any) -> None:
    ada = Person.objects.create(organisation=org, name="Ada Jones", email="ada@mail.example",
                                address="Flat 1, Ash Court", postcode="SK1 3XE")
    client = login(coordinator)
    upload(client, process)
    assert VoterCode.objects.get(process=process, person=ada).name == "Ada Jones"
    letters = client.get(reverse("budgets:letters", kwargs={
        "org_slug": org.slug, "process_id": process.pk})).content.decode()
    assert "Flat 1, Ash Court" in letters and "5 Ash Court" in letters


def test_it_refuses_a_file_it_cannot_read_and_a_list_after_voting_closed(
        org: Any, login: Any, coordinator: Any, viewer: Any) -> None:
    process = open_vote(org, stage=Stage.CLOSED)
    client = login(coordinator)
    page = upload(client, process).content.decode()
    assert "Voting has closed: the voters list can no longer change." in page
    open_one = open_vote(org, title="Open")
    bad = client.post(reverse("budgets:voters", kwargs={
        "org_slug": org.slug, "process_id": open_one.pk}),
        {"file": SimpleUploadedFile("voters.pdf", b"%PDF-1.4")}).content.decode()
    assert "Choose a CSV (.csv) or Excel (.xlsx) file." in bad
    assert not VoterCode.objects.exists()
    assert upload(login(viewer), process).status_code == 403


def test_it_gives_codes_to_everyone_in_people_who_agreed_to_be_contacted(
        process: Process, org: Any, login: Any, coordinator: Any) -> None:
    import datetime

    from coproduce.people.models import ConsentPurpose, Group, RecordedHow

    day = datetime.date(2026, 1, 5)
    yes, no, never = (Person.objects.create(organisation=org, name=n) for n in ("Yes", "No",
                                                                               "Never"))
    yes.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER, day)
    no.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER, day)
    no.record_consent(ConsentPurpose.CONTACT, False, RecordedHow.PAPER,
                      day + datetime.timedelta(days=1))
    client = login(coordinator)
    address = reverse("budgets:codes", kwargs={"org_slug": org.slug, "process_id": process.pk})
    client.post(address, {"everyone": "on", "extra": 0})
    assert set(VoterCode.objects.values_list("person__name", flat=True)) == {"Yes"}
    group = Group.objects.create(organisation=org, name="Ash Court")
    group.people.set([yes, no, never])
    client.post(address, {"group": group.pk, "people": [never.pk], "extra": 2})
    codes = VoterCode.objects.filter(process=process)
    assert sorted(n or "" for n in codes.values_list("person__name", flat=True)) == [
        "", "", "Never", "Yes"]  # "No" withdrew consent; Yes already had a code
    page = client.get(address).content.decode()
    assert "Never" not in page  # People are found by the picker, never all listed
