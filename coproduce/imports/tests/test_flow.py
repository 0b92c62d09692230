"""Importing in the browser: upload, say what each column holds, check, then import."""

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.audit.models import Action, AuditEvent
from coproduce.imports.models import SavedMapping, State, Upload
from coproduce.people.models import Person
from coproduce.voices.models import Voice

NOTES = ("when,what they said,who,notes\n30/11/2025,Warmer hall please,Ann,x\n"
         "1/11/2025,Later buses,Ann,\n12/31/2025,Month first,Bob,\n"
         "29/11/2025,=HYPERLINK(\"http://evil.example\"),Bob,\n")


def upload(client: Any, org: Any, kind: str, name: str, data: bytes) -> Any:
    return client.post(reverse("imports:upload", kwargs={"org_slug": org.slug, "kind": kind}),
                       {"file": SimpleUploadedFile(name, data, "text/csv")})


def mapping_form(client: Any, url: str) -> dict[str, str]:
    page = client.get(url).content.decode()
    data = {}
    for name, body in re.findall(r'<select name="(column_\d+)"[^>]*>(.*?)</select>', page,
                                 re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def test_a_coordinator_maps_checks_then_imports_a_spreadsheet(login: Any, coordinator: Any,
                                                               org: Any) -> None:
    client = login(coordinator)
    response = upload(client, org, "voices", "notes.csv", NOTES.encode())
    kept = Upload.objects.get(organisation=org)
    assert response.status_code == 302 and response.url.endswith(f"/import/file/{kept.pk}/")
    assert kept.mapping == {"when": "date_heard", "what_they_said": "text",
                            "who": "person_name"}
    page = client.get(response.url).content.decode()
    assert "Warmer hall please" in page and "30/11/2025" in page and "new to People" in page
    form = mapping_form(client, response.url)
    assert form == {"column_0": "date_heard", "column_1": "text", "column_2": "person_name",
                    "column_3": ""}
    checked = client.post(response.url, {**form, "add_people": "on"})
    assert checked.status_code == 302 and not Voice.objects.exists()  # a dry run
    page = client.get(checked.url).content.decode()
    assert re.search(r'id="import-created">\s*3<', page)
    assert "Row 3 (line 4 in the sheet)" in page and "month-first" in page
    assert "12/31/2025" in page
    refused = client.get(reverse("imports:refused", kwargs={"org_slug": org.slug,
                                                           "upload_id": kept.pk}))
    text = b"".join(refused.streaming_content).decode()
    assert "Month first" in text and "month-first" in text.lower()
    client.post(reverse("imports:confirm", kwargs={"org_slug": org.slug,
                                                   "upload_id": kept.pk}))
    assert Voice.objects.filter(organisation=org).count() == 3
    assert set(Person.objects.filter(organisation=org).values_list("name", flat=True)) == {
        "Ann", "Bob"}
    assert Upload.objects.get(pk=kept.pk).state == State.DONE
    assert AuditEvent.objects.filter(action=Action.IMPORT, organisation=org).exists()
    # Confirming twice imports nothing twice.
    client.post(reverse("imports:confirm", kwargs={"org_slug": org.slug,
                                                   "upload_id": kept.pk}))
    assert Voice.objects.filter(organisation=org).count() == 3


def test_the_mapping_is_remembered_for_the_next_file_with_the_same_headers(
        login: Any, coordinator: Any, org: Any) -> None:
    client = login(coordinator)
    first = upload(client, org, "voices", "a.csv", b"Said,Day\nMore buses,2025-02-01\n")
    client.post(first.url, {"column_0": "text", "column_1": "date_heard", "add_people": "on"})
    assert SavedMapping.objects.filter(organisation=org).count() == 1
    upload(client, org, "voices", "b.csv", b"Said,Day\nFewer buses,2025-02-02\n")
    assert Upload.objects.filter(filename="b.csv").get().mapping == {"said": "text",
                                                                     "day": "date_heard"}


def test_a_mapping_with_two_columns_for_one_field_changes_nothing(login: Any,
                                                                  coordinator: Any,
                                                                  org: Any) -> None:
    client = login(coordinator)
    response = upload(client, org, "voices", "a.csv", b"a,b,c\nx,y,2025-01-01\n")
    page = client.post(response.url, {"column_0": "text", "column_1": "text",
                                      "column_2": "date_heard"})
    assert page.status_code == 200 and "choose one" in page.content.decode()
    assert Upload.objects.get().state == State.UPLOADED and not Voice.objects.exists()


def test_an_unreadable_file_is_refused_at_upload(login: Any, coordinator: Any, org: Any
                                                 ) -> None:
    page = upload(login(coordinator), org, "voices", "a.xlsx", b"PK\x03\x04 not a workbook")
    assert page.status_code == 200 and "not a readable Excel" in page.content.decode()
    assert not Upload.objects.exists()


def test_a_large_file_is_checked_and_imported_by_the_worker(
        login: Any, coordinator: Any, org: Any, settings: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    settings.COPRODUCE_IMPORT_IN_REQUEST_BYTES = 10
    client = login(coordinator)
    response = upload(client, org, "voices", "a.csv", b"text,date_heard\nOne,2025-01-01\n")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(response.url, {"column_0": "text", "column_1": "date_heard"})
    kept = Upload.objects.get()
    assert kept.state == State.CHECKING
    check_url = reverse("imports:check", kwargs={"org_slug": org.slug, "upload_id": kept.pk})
    waiting = client.get(check_url).content.decode()
    # The page refreshes itself while the worker checks: htmx is loaded to do it.
    assert "being checked" in waiting and 'hx-trigger="every 3s"' in waiting
    assert "htmx.min.js" in waiting
    for callback in callbacks:
        callback()
    assert Upload.objects.get().state == State.CHECKED
    assert "htmx.min.js" not in client.get(check_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", kwargs={"org_slug": org.slug,
                                                       "upload_id": kept.pk}))
    assert Upload.objects.get().state == State.DONE and Voice.objects.count() == 1


def test_people_are_imported_the_same_way(login: Any, coordinator: Any, org: Any) -> None:
    client = login(coordinator)
    response = upload(client, org, "people", "members.csv",
                      b"Full name,E-mail\nNia Jones,nia@mail.example\nOwain,not-an-email\n")
    assert Upload.objects.get().mapping == {"full_name": "name", "e_mail": "email"}
    checked = client.post(response.url, {"column_0": "name", "column_1": "email"})
    page = client.get(checked.url).content.decode()
    assert "not a valid email address" in page and not Person.objects.exists()
    client.post(reverse("imports:confirm", kwargs={"org_slug": org.slug,
                                                   "upload_id": Upload.objects.get().pk}))
    assert list(Person.objects.values_list("name", flat=True)) == ["Nia Jones"]


@pytest.mark.parametrize("kind", ["voices", "people"])
def test_a_viewer_may_not_import(login: Any, viewer: Any, org: Any, kind: str) -> None:
    response = upload(login(viewer), org, kind, "a.csv", b"text,date_heard\nx,2025-01-01\n")
    assert response.status_code == 403 and not Upload.objects.exists()


def test_an_unknown_kind_is_not_found(login: Any, coordinator: Any, org: Any) -> None:
    assert login(coordinator).get(f"/o/{org.slug}/import/secrets/").status_code == 404


def test_the_old_addresses_lead_to_the_new_pages(login: Any, coordinator: Any, org: Any
                                                 ) -> None:
    client = login(coordinator)
    assert client.get(f"/o/{org.slug}/voices/import/").url == f"/o/{org.slug}/import/voices/"
    assert client.get(f"/o/{org.slug}/people/import/").url == f"/o/{org.slug}/import/people/"


def test_a_get_of_confirm_is_refused(login: Any, coordinator: Any, org: Any) -> None:
    kept = Upload.objects.create(organisation=org, kind="voices", filename="a.csv",
                                 state=State.CHECKED)
    assert login(coordinator).get(reverse("imports:confirm", kwargs={
        "org_slug": org.slug, "upload_id": kept.pk})).status_code == 405
