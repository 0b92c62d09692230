"""Importing voices with a per-row report, and exporting them safely."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from coproduce.lib.tabular import TableError, read_rows
from coproduce.voices.imports import import_voices
from coproduce.voices.models import Voice

FILE = (
    "external_id,text,channel,date_heard,person_email,group,kind,tags,notes\n"
    "V1,Seaside trip please,phone,2025-04-01,sian@mail.example,Carers,idea,trips;seaside,x\n"
    'V2,"A long note\nover two lines",pigeon,2025-02-30,,,,,\n'
    "V3,,event,2999-01-01,not-an-email,,rant,,\n"
    "V4,=HYPERLINK(\"http://evil.example\"),email,2025-04-02,nobody@mail.example,,,,\n"
    "V1,Seaside trip again,phone,2025-04-03,,,,,\n"
    ",No id here,survey,2025-04-04,,,concern,,\n"
)


def rows(text: str | bytes, name: str = "voices.csv") -> Any:
    data = text.encode() if isinstance(text, str) else text
    return read_rows(io.BytesIO(data), name)


def test_it_imports_good_rows_and_reports_each_bad_one(org: Any, person: Any) -> None:
    report = import_voices(org, rows(FILE))
    assert report.created == 3 and report.people_created == 1
    problems = {(e.row, e.field) for e in report.errors}
    assert {(2, "channel"), (2, "date_heard")} <= problems  # the quoted newline is one row
    assert {(3, "text"), (3, "date_heard"), (3, "person_email"), (3, "kind")} <= problems
    assert (5, "external_id") in problems  # repeats row 1 and never overwrites it
    newcomer = Voice.objects.get(external_id="V4").person  # a valid address not yet in People
    assert newcomer.email == "nobody@mail.example" and "import" in newcomer.came_from
    assert not newcomer.has_consent("contact")
    assert report.ignored_columns == ["notes"]
    first = Voice.objects.get(external_id="V1")
    assert first.text == "Seaside trip please" and first.person == person
    assert first.group.name == "Carers"
    assert sorted(t.name for t in first.tags.all()) == ["seaside", "trips"]
    assert Voice.objects.get(text="No id here").kind == "concern"


def test_reimporting_adds_nothing_twice(org: Any, person: Any) -> None:
    import_voices(org, rows(FILE))
    again = import_voices(org, rows(FILE))
    assert again.created == 0 and again.unchanged == 3 and again.people_created == 0
    assert Voice.objects.count() == 3


def test_text_over_ten_thousand_characters_is_a_row_error(org: Any) -> None:
    report = import_voices(org, rows("text,date_heard\n" + "x" * 10_001 + ",2025-01-01\n"))
    assert report.created == 0 and report.errors[0].field == "text"


def test_it_reads_windows_1252_and_maps_columns(org: Any) -> None:
    data = "Comment,When\nCaf\u00e9 trip,2025-01-05\n".encode("cp1252")
    report = import_voices(org, rows(data), mapping={"comment": "text", "when": "date_heard"})
    assert report.created == 1 and Voice.objects.get().text == "Café trip"


def test_a_file_that_breaks_halfway_writes_nothing(org: Any) -> None:
    import csv

    old = csv.field_size_limit(1000)
    try:
        with pytest.raises(TableError):
            import_voices(org, rows("text,date_heard\nFine,2025-01-01\n"
                                    'Broken,"' + "y" * 5000 + "\n"))
    finally:
        csv.field_size_limit(old)
    assert not Voice.objects.exists()


def test_the_command_line_imports_with_a_map_and_reports_rows(org: Any, tmp_path: Path,
                                                              capsys: Any) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("Said,Day,Ref\nMore buses,2025-02-01,A1\nBad day,2025-13-01,A2\n")
    with pytest.raises(SystemExit) as exited:
        call_command("import-voices", "--org", org.slug, "--map", "Said=text",
                     "--map", "Day=date_heard", "--map", "Ref=external_id", str(path))
    assert exited.value.code == 1
    assert "row 2 (line 3 in the sheet): date_heard:" in capsys.readouterr().err
    assert Voice.objects.get().external_id == "A1"
    with pytest.raises(CommandError, match="COLUMN=FIELD"):
        call_command("import-voices", "--org", org.slug, "--map", "Said=nonsense", str(path))


def test_exports_are_formula_safe_and_keep_the_text(org: Any, person: Any, capsys: Any) -> None:
    import_voices(org, rows(FILE.replace("nobody@mail.example", "")))
    call_command("export-voices", "--org", org.slug, "--format", "json")
    records = json.loads(capsys.readouterr().out)
    assert {"external_id", "text", "channel", "date_heard", "status"} <= set(records[0])
    formula = next(r for r in records if r["external_id"] == "V4")
    assert formula["text"] == '=HYPERLINK("http://evil.example")'
    call_command("export-voices", "--org", org.slug)
    csv_text = capsys.readouterr().out
    assert "'=HYPERLINK" in csv_text and "\n=HYPERLINK" not in csv_text
    assert Voice.objects.get(external_id="V4").text.startswith("=HYPERLINK")


def test_the_web_export_is_for_staff_of_this_organisation(login: Any, coordinator: Any,
                                                          viewer: Any, org: Any,
                                                          other_org: Any) -> None:
    Voice.objects.create(organisation=org, text="Ours", channel="phone", heard_on="2025-01-01")
    Voice.objects.create(organisation=other_org, text="Theirs", channel="phone",
                         heard_on="2025-01-01")
    response = login(coordinator).get(f"/o/{org.slug}/voices/export/?format=json")
    records = json.loads(b"".join(response.streaming_content))
    assert [r["text"] for r in records] == ["Ours"]
    assert login(viewer).get(f"/o/{org.slug}/voices/export/").status_code == 403
