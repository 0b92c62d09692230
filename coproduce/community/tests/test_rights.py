"""A person's community record is in their export and their timeline, and goes with them."""

import datetime
from typing import Any

import pytest

from coproduce.community.models import Check, Offer, RoleHolder, SupportSession
from coproduce.people.rights import erase_person, export_person
from coproduce.people.timeline import timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(person: Any, driver_role: Any) -> None:
    RoleHolder.objects.create(role=driver_role, person=person, since=datetime.date(2025, 2, 1))
    Check.objects.create(person=person, level="enhanced", checked_on=datetime.date(2025, 1, 1),
                         expires_on=datetime.date(2028, 1, 1), certificate_number="00987654321")
    SupportSession.objects.create(person=person, kind="supervision",
                                  on=datetime.date(2025, 3, 1), with_whom="Jo", notes="Fine")
    Offer.objects.create(person=person, skills="driving")


def test_it_exports_the_community_record_with_the_person(person: Any, record: None) -> None:
    data = export_person(person, sensitive=False)["community"]
    assert data["roles"][0]["role"] == "Volunteer driver"
    assert data["checks"][0]["certificate_number_held"] is True
    assert "00987654321" not in str(data)
    assert data["offer"]["skills"] == "driving"


def test_it_erases_the_community_record_with_the_person(person: Any, record: None) -> None:
    erase_person(person, delete_voices=True)
    assert not (RoleHolder.objects.exists() or Check.objects.exists()
                or SupportSession.objects.exists() or Offer.objects.exists())


def test_it_tells_the_persons_story_with_their_roles_and_checks(person: Any,
                                                                record: None) -> None:
    titles = [event.title for _when, event in timeline(person, only=["community"])]
    assert "Took on the role: Volunteer driver" in titles
    assert "Enhanced DBS check" in titles and "Supervision" in titles
