"""Role agreements: written with the person, agreed and dated, printed in standard and easy
read, in English or Welsh."""

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from coproduce.community.models import Agreement, CommunityRole
from coproduce.organisations.models import Membership
from coproduce.people.models import Person

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"community:{name}", kwargs={"org_slug": org.slug, **kwargs})


def answers(role: CommunityRole, language: str = "en") -> dict[str, Any]:
    return {"role": role.pk, "language": language, "what": "Gyrru aelodau i'r clwb",
            "time_asked": "Un bore'r wythnos", "support": "Goruchwyliaeth bob mis",
            "recognition": "Talu costau teithio", "contact": "Jo Evans, 029 2000 0000",
            "review_on": "2027-01-01"}


@time_machine.travel(TODAY, tick=False)
def test_it_writes_agrees_and_prints_an_agreement_in_welsh_and_easy_read(
        login: Any, coordinator: Any, org: Any, person: Any, driver_role: Any) -> None:
    client = login(coordinator)
    response = client.post(url("agreement_add", org, person_id=person.pk),
                           answers(driver_role, "cy"))
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and agreement.agreed_on is None
    assert client.post(url("agreement_agree", org, agreement_id=agreement.pk)).status_code == 302
    agreement.refresh_from_db()
    assert agreement.agreed_on == datetime.date(2026, 6, 1)
    standard = client.get(url("agreement_print", org, agreement_id=agreement.pk)
                          ).content.decode()
    easy = client.get(url("agreement_print", org, agreement_id=agreement.pk),
                      {"style": "easy_read"}).content.decode()
    assert 'lang="cy"' in standard and "Gyrru aelodau" in standard
    assert "Cytundeb rôl" in standard
    assert "Beth fyddwch chi'n ei wneud" in easy
    pdf = client.get(url("agreement_pdf", org, agreement_id=agreement.pk),
                     {"style": "easy_read"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@time_machine.travel(TODAY, tick=False)
def test_it_prints_the_standard_agreement_in_english(login: Any, coordinator: Any, org: Any,
                                                     person: Any, driver_role: Any) -> None:
    client = login(coordinator)
    client.post(url("agreement_add", org, person_id=person.pk), answers(driver_role))
    page = client.get(url("agreement_print", org, agreement_id=Agreement.objects.get().pk)
                      ).content.decode()
    assert "The time it asks" in page and "When it will be reviewed" in page


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_an_agreement_for_a_person_or_role_of_another_organisation(
        login: Any, coordinator: Any, org: Any, other_org: Any, person: Any,
        other_person: Any, driver_role: Any) -> None:
    client = login(coordinator)
    assert client.post(url("agreement_add", org, person_id=other_person.pk),
                       answers(driver_role)).status_code == 404
    theirs = CommunityRole.objects.create(organisation=other_org, name="Their role")
    response = client.post(url("agreement_add", org, person_id=person.pk), answers(theirs))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Agreement.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_a_review_date_in_the_past(login: Any, coordinator: Any, org: Any,
                                              person: Any, driver_role: Any) -> None:
    response = login(coordinator).post(url("agreement_add", org, person_id=person.pk),
                                       {**answers(driver_role), "review_on": "2026-01-01"})
    assert "The review date must be in the future." in response.content.decode()
    assert not Agreement.objects.exists()


def test_it_keeps_other_peoples_agreements_from_peer_mentors(login: Any, peer_mentor: Any, org: Any,
                                               person: Any, driver_role: Any) -> None:
    agreement = Agreement.objects.create(organisation=org, person=person, role=driver_role,
                                         what="Drive", time_asked="Weekly", support="Yes",
                                         contact="Jo", review_on=datetime.date(2027, 1, 1))
    assert login(peer_mentor).get(url("agreement", org, agreement_id=agreement.pk)
                                  ).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_a_peer_reads_and_prints_only_their_own_agreements(
        login: Any, peer_mentor: Any, org: Any, person: Any, driver_role: Any) -> None:
    own = Person.objects.create(organisation=org, name="Peer Person")
    Membership.objects.filter(user=peer_mentor).update(person=own)
    fields = {"role": driver_role, "what": "Drive members", "time_asked": "A morning a week",
              "support": "Monthly supervision", "contact": "Jo",
              "review_on": datetime.date(2027, 1, 1)}
    theirs = Agreement.objects.create(organisation=org, person=own, **fields)
    someone_elses = Agreement.objects.create(organisation=org, person=person, **fields)
    client = login(peer_mentor)
    listing = client.get(url("your_agreements", org)).content.decode()
    assert url("agreement", org, agreement_id=theirs.pk) in listing
    assert url("agreement", org, agreement_id=someone_elses.pk) not in listing
    page = client.get(url("agreement", org, agreement_id=theirs.pk)).content.decode()
    assert "Drive members" in page and "Record that it was agreed" not in page
    assert client.get(url("agreement_print", org, agreement_id=theirs.pk),
                      {"style": "easy_read"}).status_code == 200
    for name in ("agreement", "agreement_print", "agreement_pdf"):
        assert client.get(url(name, org, agreement_id=someone_elses.pk)).status_code == 404
    assert client.post(url("agreement_agree", org, agreement_id=theirs.pk)).status_code == 403
    assert client.get(url("agreement_edit", org, agreement_id=theirs.pk)).status_code == 403
