"""Importing people from CSV and XLSX, and exporting them safely."""

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from coproduce.audit.models import Action, AuditEvent
from coproduce.lib.tabular import TableError, read_rows
from coproduce.people.imports import import_people
from coproduce.people.models import Person

GOOD_AND_BAD = (
    "external_id,name,email,date_joined,access_needs,groups,journey_stage,consent_contact,notes\n"
    "H-1,Alun Davies,alun@mail.example,2024-01-05,large print; bsl,Carers,Volunteer,yes,x\n"
    'H-2,"Bethan\nLloyd",not-an-email,2024-02-30,,,,,\n'
    "H-3,Ceri Owen,,2999-01-01,telepathy,,Astronaut,maybe,\n"
    "H-4,=HYPERLINK(\"http://evil.example\"),,,,,,,\n"
    "H-1,Alun Again,,,,,,,\n"
)


def rows(text: str | bytes, name: str = "people.csv") -> Any:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_rows(io.BytesIO(data), name)


def test_it_imports_good_rows_and_reports_bad_ones_by_row_field_and_reason(org: Any) -> None:
    report = import_people(org, rows(GOOD_AND_BAD))
    assert report.created == 2
    problems = {(e.row, e.field) for e in report.errors}
    # the quoted newline in row 2 does not start a new row
    assert (2, "email") in problems and (2, "date_joined") in problems
    assert {(3, "date_joined"), (3, "access_needs"), (3, "journey_stage"),
            (3, "consent_contact")} <= problems
    assert (5, "external_id") in problems  # repeats row 1, never overwrites it
    assert report.ignored_columns == ["notes"]
    alun = Person.objects.get(external_id="H-1")
    assert alun.name == "Alun Davies"
    assert {n.kind for n in alun.access_needs.all()} == {"large_print", "bsl"}
    assert [g.name for g in alun.groups.all()] == ["Carers"]
    assert alun.has_consent("contact")
    assert Person.objects.with_stage().get(pk=alun.pk).current_stage_id == \
        org.journey_stages.get(name="Volunteer").pk
    # a formula is kept as text, exactly as it was
    assert Person.objects.get(external_id="H-4").name == '=HYPERLINK("http://evil.example")'


def test_reimporting_the_same_file_creates_no_duplicates(org: Any) -> None:
    import_people(org, rows(GOOD_AND_BAD))
    again = import_people(org, rows(GOOD_AND_BAD))
    assert again.created == 0 and again.unchanged == 2
    assert Person.objects.count() == 2


def test_rows_without_an_id_are_matched_by_email_or_content(org: Any) -> None:
    text = "name,email,phone\nAlun,alun@mail.example,\nBethan,,07700 900001\n"
    assert import_people(org, rows(text)).created == 2
    assert import_people(org, rows(text)).created == 0
    assert Person.objects.count() == 2


def test_it_reads_windows_1252_and_utf8_with_bom(org: Any) -> None:
    cp1252 = "name,languages\nRenée Müller,Français\n".encode("cp1252")
    bom = "\ufeffname,languages\nSiôn Llŷr,Cymraeg\n".encode()
    assert import_people(org, rows(cp1252)).created == 1
    assert import_people(org, rows(bom)).created == 1
    assert set(Person.objects.values_list("name", flat=True)) == {"Renée Müller", "Siôn Llŷr"}
    # Letters and emails go in Welsh to whoever lists Welsh first; what was typed is kept.
    siôn = Person.objects.get(name="Siôn Llŷr")
    assert siôn.preferred_language == "cy" and siôn.languages == "Cymraeg"
    assert Person.objects.get(name="Renée Müller").preferred_language == "en"


def test_it_reads_xlsx(org: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Email", "Date joined"])
    sheet.append(["Dewi Jones", "dewi@mail.example", "2023-07-01"])
    sheet.append([None, None, None])
    sheet.append(["", "bad", None])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_people(org, rows(buffer.getvalue(), "people.xlsx"))
    assert report.created == 1
    assert {(e.row, e.field) for e in report.errors} == {(3, "name"), (3, "email")}
    assert str(Person.objects.get().date_joined) == "2023-07-01"


def test_it_refuses_control_characters_in_a_cell(org: Any) -> None:
    report = import_people(org, rows("name\nAlun\x07Davies\n"))
    assert report.created == 0 and report.errors[0].field == "name"


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "people.csv", "empty"),
    (b"PK\x03\x04 not really a workbook", "people.xlsx", "not a readable Excel"),
    (b"name\n", "people.pdf", "Choose a CSV"),
    (b"name,name\nA,B\n", "people.csv", "appears twice"),
])
def test_it_refuses_files_it_cannot_read(org: Any, data: bytes, name: str, message: str) -> None:
    with pytest.raises(TableError, match=message):
        import_people(org, rows(data, name))
    assert not Person.objects.exists()


def test_a_file_that_breaks_halfway_writes_nothing(org: Any) -> None:
    broken = "name,email\nAlun,\nBethan,\n" + 'Ceri,"x' + "y" * 200_000 + "\n"

    old = csv.field_size_limit(1000)
    try:
        with pytest.raises(TableError):
            import_people(org, rows(broken))
    finally:
        csv.field_size_limit(old)
    assert not Person.objects.exists()


def test_the_web_import_refuses_a_file_over_the_limit(login: Any, coordinator: Any, org: Any,
                                                      settings: Any) -> None:
    settings.COPRODUCE_MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("people.csv", b"name\n" + b"Alun\n" * 500, "text/csv")
    response = login(coordinator).post(
        reverse("imports:upload", kwargs={"org_slug": org.slug, "kind": "people"}),
        {"file": upload})
    assert "must be smaller than" in response.content.decode()
    assert not Person.objects.exists()


def test_the_command_imports_and_exits_non_zero_on_bad_rows(org: Any, tmp_path: Path,
                                                            capsys: Any) -> None:
    path = tmp_path / "people.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import-people", "--org", org.slug, str(path))
    assert exit_info.value.code == 1
    assert "row 2 (line 3 in the sheet): email: is not a valid email address" in (
        capsys.readouterr().err)
    assert Person.objects.count() == 2
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import-people", "--org", "nowhere", str(path))


def test_the_command_checks_a_file_without_importing_it(org: Any, tmp_path: Path,
                                                        capsys: Any) -> None:
    path = tmp_path / "people.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import-people", "--org", org.slug, "--dry-run", str(path))
    out = capsys.readouterr()
    assert "email: is not a valid email address" in out.err and out.out.strip()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.IMPORT).exists()


def test_the_export_is_formula_safe_audited_and_reimportable(login: Any, coordinator: Any,
                                                             org: Any, other_org: Any) -> None:
    import_people(org, rows(GOOD_AND_BAD))
    Person.objects.create(organisation=other_org, name="Someone Elsewhere")
    response = login(coordinator).get(reverse("people:export", kwargs={"org_slug": org.slug}))
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body
    assert "Someone Elsewhere" not in body
    assert AuditEvent.objects.filter(action=Action.EXPORT, user=coordinator).exists()
    Person.objects.filter(organisation=org).delete()
    report = import_people(org, rows(body.lstrip("\ufeff")))
    assert report.created == 2 and not report.errors
    assert Person.objects.filter(organisation=org, name="Alun Davies").exists()
