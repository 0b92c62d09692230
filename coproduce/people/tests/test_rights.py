"""Subject access and erasure: everything held about a person, and then none of it."""

import datetime
import json
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import Action, AuditEvent
from coproduce.conftest import make_person
from coproduce.notices.models import Notice
from coproduce.people.models import JourneyStage, NeedKind, Person, RecordedHow
from coproduce.people.rights import erase_person
from coproduce.projects.models import Contact, Meeting, Phase, Project, Role
from coproduce.themes.models import Placement, Theme, VoiceVector
from coproduce.voices.models import Interest, Voice
from coproduce.voices.search import search

NAME, EMAIL, PHONE = "Sian Roberts", "sian.roberts@mail.example", "07700 900123"
ADDRESS = "12 Quay Street\nSwansea"


def everything_about(org: Any, coordinator: Any) -> Person:
    person = make_person(org, NAME)
    person.email, person.phone, person.address, person.postcode = EMAIL, PHONE, ADDRESS, "SA1 1AA"
    person.save()
    person.record_consent("contact", True, RecordedHow.PAPER, datetime.date(2024, 5, 2))
    person.record_consent("contact", False, RecordedHow.PHONE, datetime.date(2024, 9, 2))
    person.set_access_needs([NeedKind.LARGE_PRINT], {NeedKind.LARGE_PRINT: "for Sian Roberts"})
    person.move_to_stage(JourneyStage.objects.filter(organisation=org).first(),
                         datetime.date(2024, 6, 1))
    own = Voice.objects.create(organisation=org, text="The bus to the centre is too early",
                               channel="phone", heard_on=datetime.date(2024, 6, 3),
                               person=person)
    other = Voice.objects.create(organisation=org, text="Ask Sian Roberts about the garden",
                                 channel="conversation", heard_on=datetime.date(2024, 6, 4))
    Interest.objects.create(voice=other, person=person, may_recontact=True)
    Notice.objects.create(organisation=org, person=person, purpose="outcome", method="email",
                          state="queued", subject="About the bus", body="We moved it",
                          to_email=person.email)
    theme = Theme.objects.create(organisation=org, key="bus", label="Buses")
    Placement.objects.create(voice=own, theme=theme)
    VoiceVector.objects.create(voice=own, data=b"\x00\x01")
    project = Project.objects.create(organisation=org, title="Transport", purpose="Buses")
    phase = Phase.objects.create(project=project, kind="co_planning")
    Role.objects.create(phase=phase, side="participant", involvement="decides", person=person)
    Contact.objects.create(project=project, person=person, routes=["email"])
    start = timezone.now() + datetime.timedelta(days=2)
    meeting = Meeting.objects.create(project=project, title="Panel", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=1),
                                     notes=f"{NAME} chaired; call {PHONE}")
    meeting.attendees.add(person)
    return person


def database_text() -> str:
    """Every text (and blob) value in every table, search and audit tables included."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - our own table names
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        found.append(bytes(value).decode("utf-8", "ignore"))
                    elif value is not None:
                        found.append(str(value))
    return "\n".join(found).lower()


def traces(text: str) -> list[str]:
    return [value for value in (NAME, "roberts", EMAIL, PHONE, "12 quay street", "sa1 1aa")
            if value.lower() in text]


@pytest.mark.django_db(transaction=True)
def test_it_leaves_no_trace_of_an_erased_person_but_keeps_anonymised_voices(
    org: Any, admin_user: Any, coordinator: Any, login: Any,
) -> None:
    person = everything_about(org, coordinator)
    staff = login(coordinator)
    assert staff.get(reverse("people:sensitive", args=[org.slug, person.pk])).status_code == 200
    staff.post(reverse("people:consent", args=[org.slug, person.pk]),
               {"purpose": "photos", "given": "True", "how": "paper", "recorded_on": "2024-07-01"})
    AuditEvent.objects.create(action=Action.LOGIN_FAILED, target=EMAIL)
    assert traces(database_text())

    client = login(admin_user)
    page = client.get(reverse("people:erase", args=[org.slug, person.pk]))
    assert page.status_code == 200 and "cannot be undone" in page.content.decode()
    refused = client.post(reverse("people:erase", args=[org.slug, person.pk]), {"confirm": "on"})
    assert refused.status_code == 200 and Person.objects.filter(pk=person.pk).exists()
    response = client.post(reverse("people:erase", args=[org.slug, person.pk]),
                           {"voices": "keep", "confirm": "on"})
    assert response.status_code == 302

    assert traces(database_text()) == []
    assert not Person.objects.filter(pk=person.pk).exists()
    kept = Voice.objects.get(text="The bus to the centre is too early")
    assert kept.person is None and Placement.objects.filter(voice=kept).exists()
    assert Voice.objects.get(pk__gt=kept.pk).text == "Ask [removed] about the garden"
    assert list(search(Voice.objects.all(), "Roberts")) == []
    erased = AuditEvent.objects.get(action=Action.PERSON_ERASED)
    assert erased.user == admin_user and erased.target == "erased person"
    assert erased.detail == {"voices": "kept anonymised"}
    assert AuditEvent.objects.filter(target="erased person",
                                     action=Action.SENSITIVE_VIEWED).exists()


@pytest.mark.django_db(transaction=True)
def test_it_deletes_the_voices_with_their_vectors_and_search_rows_when_asked(
    org: Any, coordinator: Any,
) -> None:
    person = everything_about(org, coordinator)
    call_command("erase-person", "--org", org.slug, "--person", EMAIL, "--delete-voices",
                 "--yes", stdout=StringIO())
    assert not Voice.objects.filter(text__contains="bus").exists()
    assert not VoiceVector.objects.exists() and not Placement.objects.exists()
    assert list(search(Voice.objects.all(), "bus")) == []
    assert traces(database_text()) == []
    assert not Person.objects.filter(pk=person.pk).exists()


def test_it_refuses_erasure_without_yes_or_a_voices_choice(org: Any, person: Any) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("erase-person", "--org", org.slug, "--person", str(person.pk),
                     "--keep-anonymised-voices")
    with pytest.raises(CommandError):
        call_command("erase-person", "--org", org.slug, "--person", str(person.pk), "--yes")
    with pytest.raises(CommandError, match="No single person"):
        call_command("erase-person", "--org", org.slug, "--person", "nobody@x.example",
                     "--delete-voices", "--yes")
    assert Person.objects.filter(pk=person.pk).exists()


def test_it_lets_only_administrators_erase_and_only_their_own_people(
    org: Any, person: Any, coordinator: Any, admin_user: Any, other_person: Any, login: Any,
) -> None:
    url = reverse("people:erase", args=[org.slug, person.pk])
    data = {"voices": "delete", "confirm": "on"}
    assert login(coordinator).post(url, data).status_code == 403
    other = reverse("people:erase", args=[org.slug, other_person.pk])
    assert login(admin_user).post(other, data).status_code == 404
    assert Person.objects.filter(pk__in=[person.pk, other_person.pk]).count() == 2


def test_it_refuses_to_erase_someone_who_signs_in(org: Any, person: Any, peer_mentor: Any
                                                   ) -> None:
    peer_mentor.memberships.update(person=person)
    with pytest.raises(Exception, match="membership"):
        erase_person(person, delete_voices=True)
    assert Person.objects.filter(pk=person.pk).exists()


def test_it_exports_everything_held_about_a_person(org: Any, coordinator: Any, login: Any
                                                    ) -> None:
    person = everything_about(org, coordinator)
    out = StringIO()
    call_command("export-person", "--org", org.slug, "--person", EMAIL, stdout=out)
    data = json.loads(out.getvalue())
    record = data["person"]
    assert record["name"] == NAME and record["phone"] == PHONE and record["address"] == ADDRESS
    assert [c["given"] for c in record["consents"] if c["purpose"] == "contact"] == [True, False]
    assert record["access_needs"] == [{"kind": "large_print", "detail": "for Sian Roberts"}]
    assert record["special_category"]["health"] == "Diabetes"
    assert len(record["journey"]) == 1
    assert [v["text"] for v in data["voices"]["voices"]] == ["The bus to the centre is too early"]
    assert data["voices"]["interests"][0]["text"] == "Ask Sian Roberts about the garden"
    assert data["notices"]["notices"][0]["method"] == "email"
    assert data["projects"]["roles"][0]["project"] == "Transport"
    assert data["projects"]["meetings"][0]["title"] == "Panel"
    assert data["projects"]["contacts"][0]["routes"] == ["email"]
    assert AuditEvent.objects.filter(action=Action.PERSON_EXPORTED,
                                     target=f"person {person.pk}").exists()

    page = login(coordinator).get(reverse("people:export_person", args=[org.slug, person.pk]))
    assert page.status_code == 200 and "The bus to the centre" in page.content.decode()
    pdf = login(coordinator).get(reverse("people:export_person", args=[org.slug, person.pk]),
                                 {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_it_withholds_special_category_data_from_staff_who_may_not_see_it(
    org: Any, person: Any, coordinator: Any, login: Any, viewer: Any,
) -> None:
    coordinator.memberships.update(may_view_sensitive=False)
    url = reverse("people:export_person", args=[org.slug, person.pk])
    data = login(coordinator).get(url, {"format": "json"}).json()
    assert "withheld" in data["person"]["special_category"]
    assert login(viewer).get(url).status_code == 403


@time_machine.travel(datetime.datetime(2031, 3, 1, 12, tzinfo=datetime.UTC))
def test_it_anonymises_people_inactive_for_the_organisations_retention_period(
    org: Any,
) -> None:
    with time_machine.travel(datetime.datetime(2024, 1, 10, tzinfo=datetime.UTC)):
        old = make_person(org, "Old Timer")
        Voice.objects.create(organisation=org, text="Keep the café", channel="phone",
                             heard_on=datetime.date(2024, 1, 10), person=old)
        recent = make_person(org, "Still Here")
    Voice.objects.create(organisation=org, text="More benches", channel="phone",
                         heard_on=datetime.date(2030, 12, 1), person=recent)
    out = StringIO()
    call_command("apply-retention", stdout=out)
    assert out.getvalue() == ""
    org.retention_years = 5
    org.save()
    call_command("apply-retention", "--dry-run", stdout=out)
    assert f"would erase person {old.pk}" in out.getvalue()
    assert f"person {recent.pk}" not in out.getvalue()
    assert Person.objects.filter(pk=old.pk).exists()
    call_command("apply-retention", stdout=out)
    assert not Person.objects.filter(pk=old.pk).exists()
    assert Person.objects.filter(pk=recent.pk).exists()
    assert Voice.objects.get(text="Keep the café").person is None
