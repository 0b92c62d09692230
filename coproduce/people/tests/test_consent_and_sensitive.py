"""Consent per purpose, and special-category data: encrypted, consent-gated, audited."""

from typing import Any

from django.db import connection
from django.urls import reverse

from coproduce.audit.models import Action, AuditEvent
from coproduce.organisations.models import Membership
from coproduce.people.models import SensitiveInfo


def url(name: str, org: Any, person: Any) -> str:
    return reverse(f"people:{name}", kwargs={"org_slug": org.slug, "person_id": person.pk})


def test_it_keeps_the_history_of_consent(login: Any, coordinator: Any, org: Any,
                                         person: Any) -> None:
    client = login(coordinator)
    client.post(url("consent", org, person), {"purpose": "photos", "given": "yes",
                                              "how": "in_person", "recorded_on": "2025-01-02"})
    assert person.has_consent("photos")
    client.post(url("consent", org, person), {"purpose": "photos", "given": "no",
                                              "how": "phone", "recorded_on": "2025-03-04"})
    assert not person.has_consent("photos")
    assert person.consents.filter(purpose="photos").count() == 2
    assert AuditEvent.objects.filter(action=Action.CONSENT_CHANGED).count() == 2


def test_it_refuses_a_consent_dated_in_the_future(login: Any, coordinator: Any, org: Any,
                                                  person: Any) -> None:
    response = login(coordinator).post(url("consent", org, person), {
        "purpose": "photos", "given": "yes", "how": "web", "recorded_on": "2999-01-01"})
    assert response.status_code == 200
    assert not person.consents.filter(purpose="photos").exists()


def test_it_stores_special_category_data_encrypted(person: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT health FROM people_sensitiveinfo WHERE person_id = %s",
                       [person.pk])
        raw = cursor.fetchone()[0]
    assert "Diabetes" not in raw and raw.startswith("gAAAA")
    assert SensitiveInfo.objects.get(person=person).health == "Diabetes"


def test_it_shows_special_category_data_to_an_allowed_role_and_audits_it(
    login: Any, coordinator: Any, org: Any, person: Any
) -> None:
    response = login(coordinator).get(url("sensitive", org, person))
    assert response.status_code == 200 and "Diabetes" in response.content.decode()
    event = AuditEvent.objects.get(action=Action.SENSITIVE_VIEWED)
    assert event.user == coordinator and event.organisation == org
    assert event.target == f"person {person.pk}"


def test_it_hides_special_category_data_once_consent_is_withdrawn(
    login: Any, coordinator: Any, org: Any, person: Any
) -> None:
    client = login(coordinator)
    client.post(url("consent", org, person), {"purpose": "sensitive", "given": "no",
                                              "how": "phone", "recorded_on": "2025-06-01"})
    assert client.get(url("sensitive", org, person)).status_code == 403
    assert client.get(url("sensitive_edit", org, person)).status_code == 403
    assert "Diabetes" not in client.get(url("detail", org, person)).content.decode()
    assert not AuditEvent.objects.filter(action=Action.SENSITIVE_VIEWED).exists()


def test_it_refuses_a_coordinator_not_given_access(login: Any, coordinator: Any, org: Any,
                                                   person: Any) -> None:
    Membership.objects.filter(user=coordinator).update(may_view_sensitive=False)
    assert login(coordinator).get(url("sensitive", org, person)).status_code == 403


def test_it_saves_changes_to_special_category_data_and_audits_them(
    login: Any, coordinator: Any, org: Any, person: Any
) -> None:
    data = {name: "" for name in SensitiveInfo.FIELDS} | {"health": "Asthma"}
    response = login(coordinator).post(url("sensitive_edit", org, person), data)
    assert response.status_code == 302
    assert SensitiveInfo.objects.get(person=person).health == "Asthma"
    event = AuditEvent.objects.get(action=Action.SENSITIVE_CHANGED)
    assert "health" in event.detail["fields"]
    too_long = login(coordinator).post(url("sensitive_edit", org, person),
                                       data | {"health": "x" * 2001})
    assert too_long.status_code == 200
    assert SensitiveInfo.objects.get(person=person).health == "Asthma"


def test_it_audits_opening_the_special_category_edit_form(login: Any, coordinator: Any,
                                                          org: Any, person: Any) -> None:
    url = reverse("people:sensitive_edit", args=[org.slug, person.pk])
    page = login(coordinator).get(url)
    assert page.status_code == 200 and "Diabetes" in page.content.decode()
    event = AuditEvent.objects.get(action=Action.SENSITIVE_VIEWED)
    assert event.user == coordinator and event.detail == {"through": "edit form"}
