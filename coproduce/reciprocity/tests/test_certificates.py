"""Certificates count only confirmed time, in English or Welsh, and can be checked in public."""

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse

from coproduce.reciprocity.hours import Giver, dispute, record_hours
from coproduce.reciprocity.models import Certificate


def test_it_makes_a_certificate_of_confirmed_time_only(login: Any, coordinator: Any, org: Any,
                                                       person: Any) -> None:
    day = datetime.date(2026, 4, 1)
    record_hours(org, Giver(person=person), day, 150, "meeting", coordinator, confirmed=True)
    record_hours(org, Giver(person=person), day, 60, "hosting", coordinator)  # pending
    wrong = record_hours(org, Giver(person=person), day, 45, "training", coordinator,
                         confirmed=True)
    dispute(wrong, "I was not there", None)
    client = login(coordinator)
    response = client.post(reverse("reciprocity:certificate_issue", kwargs={
        "org_slug": org.slug, "person_id": person.pk}), {"language": "cy"})
    certificate = Certificate.objects.get()
    assert certificate.minutes == 150 and certificate.language == "cy"
    assert certificate.activities == [["Mynychu cyfarfod", 150]]
    assert response["Location"].endswith(f"/people/{person.pk}/")
    pdf = client.get(reverse("reciprocity:certificate", kwargs={
        "org_slug": org.slug, "certificate_id": certificate.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    public = Client().get(reverse("reciprocity:verify", kwargs={
        "org_slug": org.slug, "code": certificate.code})).content.decode()
    assert "2 h 30 min" in public and "Sian Roberts" in public
    assert "sian@mail.example" not in public and "Hostel" not in public


def test_it_refuses_a_certificate_without_confirmed_time(login: Any, coordinator: Any,
                                                         org: Any, person: Any) -> None:
    login(coordinator).post(reverse("reciprocity:certificate_issue", kwargs={
        "org_slug": org.slug, "person_id": person.pk}), {"language": "en"})
    assert not Certificate.objects.exists()


def test_it_answers_404_for_an_unknown_code(org: Any) -> None:
    assert Client().get(reverse("reciprocity:verify", kwargs={
        "org_slug": org.slug, "code": "NOPE"})).status_code == 404
