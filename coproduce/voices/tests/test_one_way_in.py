"""Every channel records voices through the one capture function, and imports read files
the way people write them: channels, dates and people, with reports they can act on."""

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coproduce.imports.models import State, Upload
from coproduce.lib.tabular import TableError, read_rows
from coproduce.organisations.models import ApiToken
from coproduce.people.models import Person
from coproduce.voices import capture
from coproduce.voices.imports import (
    abandon,
    check_mapping,
    guess_mapping,
    import_voices,
    read_date,
)
from coproduce.voices.models import Voice

TODAY = datetime.date(2026, 12, 1)


def rows(text: str | bytes, name: str = "voices.csv") -> Any:
    return read_rows(io.BytesIO(text.encode() if isinstance(text, str) else text), name)


@pytest.fixture
def token(org: Any) -> str:
    return ApiToken.issue(org, "survey tool")[1]


@pytest.fixture
def api() -> Any:
    return lambda token: Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0), tick=False):
        yield


@pytest.mark.parametrize("written", ["web_form", "Web form", "web-form", "WEB FORM",
                                     "Ffurflen ar-lein", "online", "website"])
def test_it_reads_a_channel_by_code_label_welsh_label_or_synonym(org: Any, written: str
                                                                  ) -> None:
    report = import_voices(org, rows(f"text,date_heard,channel\nMore buses,2026-11-30,"
                                     f"{written}\n"))
    assert report.created == 1, report.errors
    assert Voice.objects.get().channel == "web"


@pytest.mark.parametrize(("written", "channel"), [
    ("paper_form", "paper"), ("easy_read_form", "easy_read"), ("Easy-read form", "easy_read"),
    ("in person", "conversation"), ("letter", "paper"), ("text message", "phone"),
    ("Ffôn", "phone"), ("e-bost", "email"), ("Digwyddiad", "event")])
def test_it_reads_channels_as_people_write_them(org: Any, written: str, channel: str) -> None:
    import_voices(org, rows(f"text,date_heard,channel\nMore buses,2026-11-30,{written}\n"))
    assert Voice.objects.get().channel == channel


def test_an_unknown_channel_lists_the_accepted_ones(org: Any) -> None:
    report = import_voices(org, rows("text,date_heard,channel\nMore buses,2026-11-30,pigeon\n"))
    error = report.errors[0]
    assert (error.field, error.value) == ("channel", "pigeon")
    assert "Web form" in error.message and "Paper form" in error.message
    assert not Voice.objects.exists()


@pytest.mark.parametrize(("written", "date"), [
    ("2026-11-30", datetime.date(2026, 11, 30)), ("30/11/2026", datetime.date(2026, 11, 30)),
    ("1/3/26", datetime.date(2026, 3, 1)), ("30-11-2026", datetime.date(2026, 11, 30)),
    ("1 Dec 2026", datetime.date(2026, 12, 1)), ("1 Rhag 2026", datetime.date(2026, 12, 1)),
    ("3 Mawrth 2025", datetime.date(2025, 3, 3)), ("2nd November 2026", datetime.date(2026, 11, 2)),
    ("2026-11-30 14:05:00", datetime.date(2026, 11, 30)), ("5/6/99", datetime.date(1999, 6, 5)),
])
def test_it_reads_dates_day_first_as_people_write_them(written: str, date: datetime.date
                                                        ) -> None:
    assert read_date(written, TODAY) == (date, "")


@pytest.mark.parametrize(("written", "reason"), [
    ("11/30/2026", "month-first"), ("31/02/2026", "not a real date"),
    ("next tuesday", "not a date"), ("30 Smarch 2026", "not a date")])
def test_it_never_guesses_a_date(written: str, reason: str) -> None:
    date, message = read_date(written, TODAY)
    assert date is None and reason in message


def test_real_excel_date_cells_are_read(org: Any) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["What they said", "When"])
    sheet.append(["Bench by the pond", datetime.datetime(2026, 11, 29)])
    data = io.BytesIO()
    book.save(data)
    report = import_voices(org, rows(data.getvalue(), "notes.xlsx"))
    assert report.created == 1
    assert Voice.objects.get().heard_on == datetime.date(2026, 11, 29)


def test_people_are_found_by_email_phone_id_or_name_and_added_when_new(org: Any,
                                                                        other_org: Any) -> None:
    known = Person.objects.create(organisation=org, name="Glenys Price",
                                  email="Glenys@Mail.example", phone="07700 900123",
                                  external_id="M-7")
    Person.objects.create(organisation=other_org, name="Outsider", email="new@mail.example")
    report = import_voices(org, rows(
        "text,date_heard,person_email,person_phone,person_external_id,person_name\n"
        "One,2026-11-01,glenys@mail.example,,,\n"
        "Two,2026-11-01,,+44 7700 900123,,\n"
        "Three,2026-11-01,,,M-7,\n"
        "Four,2026-11-01,,,,glenys price\n"
        "Five,2026-11-01,new@mail.example,,,Nia New\n"
        "Six,2026-11-01,new@mail.example,,,\n"))
    assert report.errors == [] and report.created == 6 and report.people_created == 1
    assert {v.person_id for v in Voice.objects.filter(text__in=["One", "Two", "Three", "Four"])
            } == {known.pk}
    newcomer = Person.objects.get(organisation=org, email="new@mail.example")
    assert newcomer.name == "Nia New" and not newcomer.consents.exists()
    assert "import" in newcomer.came_from
    assert Voice.objects.filter(person=newcomer).count() == 2  # one person, added once


def test_no_new_people_refuses_those_rows_instead(org: Any, tmp_path: Path, capsys: Any
                                                  ) -> None:
    path = tmp_path / "voices.csv"
    path.write_text("text,date_heard,person_email\nOne,2026-11-01,new@mail.example\n")
    with pytest.raises(SystemExit):
        call_command("import-voices", "--org", org.slug, "--no-new-people", str(path))
    assert "row 1 (line 2 in the sheet): person_email:" in capsys.readouterr().err
    assert not Voice.objects.exists() and not Person.objects.filter(organisation=org).exists()


def test_two_people_of_the_same_name_are_not_guessed_between(org: Any) -> None:
    for email in ("a@mail.example", "b@mail.example"):
        Person.objects.create(organisation=org, name="Sam Jones", email=email)
    report = import_voices(org, rows("text,date_heard,person_name\nOne,2026-11-01,Sam Jones\n"))
    assert report.errors[0].field == "person_name" and "2 people" in report.errors[0].message


def test_columns_map_themselves_by_the_names_people_use(org: Any) -> None:
    report = import_voices(org, rows("when,what they said,who\n30/11/2026,Warmer hall,Ann\n"
                                     "1/11/2026,Later buses,Ann\n29/11/2026,Tea,Bob\n"
                                     "2/11/26,A choir,\n"))
    assert report.created == 4 and report.errors == [] and report.people_created == 2
    assert guess_mapping(["when", "what they said", "who"]) == {
        "when": "date_heard", "what they said": "text", "who": "person_name"}


def test_a_mapping_that_sends_two_columns_to_one_field_is_refused() -> None:
    problems = check_mapping({"a": "text", "b": "text", "c": "date_heard"})
    assert any("“a”, “b”" in problem for problem in problems)
    assert check_mapping({"c": "date_heard"}) == ["Choose the column that holds what people "
                                                  "said."]


def test_refused_rows_give_their_row_line_column_and_value(org: Any) -> None:
    report = import_voices(org, rows("text,date_heard\nFine,2026-11-01\n"
                                     "Bad date,2026-13-45\n"))
    error = report.errors[0]
    assert (error.row, error.line, error.field, error.value) == (2, 3, "date_heard",
                                                                "2026-13-45")
    assert "row 2 (line 3 in the sheet): date_heard:" in next(report.error_lines())
    assert report.refused_rows == {2: {"text": "Bad date", "date_heard": "2026-13-45"}}


def test_tags_are_kept_whole_through_the_api_and_the_form(org: Any, token: str, api: Any
                                                          ) -> None:
    response = api(token).post("/api/v1/voices", {
        "text": "More flowers", "date_heard": "2026-11-30", "tags": ["Parks, gardens"]},
        content_type="application/json")
    assert response.status_code == 201
    assert [t.name for t in Voice.objects.get().tags.all()] == ["Parks, gardens"]


def test_an_api_post_costs_the_same_whatever_the_number_of_voices(org: Any, token: str,
                                                                   api: Any) -> None:
    def queries(n: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            api(token).post("/api/v1/voices", {"text": f"Voice {n}", "date_heard": "2026-11-30",
                                               "person_email": f"sam{n}@mail.example"},
                            content_type="application/json")
        return len(captured)

    first = queries(1)
    capture.write_batch(org, [capture.Checked(capture.VoiceIn(
        text=f"Old {i}", channel="phone", heard_on=TODAY), None) for i in range(300)],
        None, capture.People(org), capture.Names(org))
    assert queries(2) == first


@pytest.mark.parametrize("channel", ["staff", "public", "easy_read", "import", "api"])
def test_every_channel_announces_its_new_voice_once_committed(
        channel: str, org: Any, login: Any, coordinator: Any, token: str, api: Any,
        client: Any, django_capture_on_commit_callbacks: Any) -> None:
    heard: list[tuple[int, list[int]]] = []
    capture.on_new_voices(lambda org_id, ids: heard.append((org_id, ids)))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            if channel == "staff":
                login(coordinator).post(f"/o/{org.slug}/voices/add/", {
                    "text": "Warmer hall", "who": "anonymous", "channel": "phone",
                    "heard_on": "2026-11-30", "kind": "idea", "form_token": "t" * 32})
            elif channel in ("public", "easy_read"):
                path = "say/" if channel == "public" else "say/easy-read/"
                client.post(f"/o/{org.slug}/{path}", {"text": "Warmer hall",
                                                       "form_token": "p" * 32})
            elif channel == "import":
                import_voices(org, rows("text,date_heard\nWarmer hall,2026-11-30\n"))
            else:
                api(token).post("/api/v1/voices", {"text": "Warmer hall",
                                                   "date_heard": "2026-11-30"},
                                content_type="application/json")
    finally:
        capture._new_voices.pop()
    voice = Voice.objects.get()
    assert heard == [(org.pk, [voice.pk])]


def test_an_import_is_invisible_until_it_is_done(org: Any) -> None:
    run = Upload.objects.create(organisation=org, kind="voices", filename="x.csv",
                                state=State.WRITING)
    capture.write_batch(org, [capture.Checked(capture.VoiceIn(
        text="Half-way", channel="phone", heard_on=TODAY), None)], None, capture.People(org),
        capture.Names(org), run.pk)
    assert not Voice.objects.exists() and Voice.everything.count() == 1
    Upload.objects.filter(pk=run.pk).update(state=State.DONE)
    assert Voice.objects.get().text == "Half-way"


def test_an_import_killed_part_way_is_cleaned_up_and_can_run_again(org: Any) -> None:
    run = Upload.objects.create(organisation=org, kind="voices", filename="x.csv",
                                state=State.WRITING,
                                heartbeat_at=datetime.datetime(2026, 12, 1, 11, 0,
                                                               tzinfo=datetime.UTC))
    capture.write_batch(org, [capture.Checked(capture.VoiceIn(
        text="Warmer hall", channel="import", heard_on=datetime.date(2026, 11, 30),
        external_id="A1"), None)], None, capture.People(org), capture.Names(org), run.pk)
    report = import_voices(org, rows("external_id,text,date_heard\nA1,Warmer hall,2026-11-30\n"))
    assert report.created == 1 and Voice.objects.get().external_id == "A1"
    assert Upload.objects.get(pk=run.pk).state == State.ABANDONED
    assert Voice.everything.count() == 1


def test_a_failed_import_leaves_nothing_and_removes_the_people_it_added(org: Any) -> None:
    def broken() -> Any:
        yield 1, {"text": "One", "date_heard": "2026-11-01", "person_email": "a@mail.example"}
        raise TableError("The file broke")

    with pytest.raises(TableError):
        import_voices(org, broken())
    assert not Voice.everything.exists() and not Person.objects.exists()


def test_abandoning_removes_rows_in_batches(org: Any) -> None:
    run = Upload.objects.create(organisation=org, kind="voices", filename="x.csv",
                                state=State.WRITING)
    capture.write_batch(org, [capture.Checked(capture.VoiceIn(
        text=f"V{i}", channel="phone", heard_on=TODAY), None) for i in range(50)], None,
        capture.People(org), capture.Names(org), run.pk)
    abandon(run)
    assert not Voice.everything.exists()


@pytest.mark.parametrize(("data", "message"), [
    ("text,date_heard\nCaf\u00e9,2026-11-01\n".encode() + b"\xe9t\xe9,2026-11-01\n",
     "mixes two encodings"),
    ("text,date_heard\n\u9053\u8def\u306e\u7a74,2026-11-01\n".encode("shift_jis"),
     "not in UTF-8 or Windows-1252"),
    (b'text,date_heard\n"Unclosed,2026-11-01\nNext,2026-11-02\n', "line 2 is never closed"),
    (b"a," * 600 + b"\n", "columns"),
    (",,\nx,y,z\n", "name the columns"),
    ("text,Text\nx,y\n", "appears twice"),
])
def test_files_that_cannot_be_read_honestly_are_refused_with_where(data: Any, message: str
                                                                    ) -> None:
    with pytest.raises(TableError, match=message):
        list(rows(data))


def test_utf16_and_windows_1252_with_welsh_letters_are_read(org: Any) -> None:
    import_voices(org, rows("text,date_heard\nTŷ a dŵr,2026-11-01\n".encode("utf-16")))
    import_voices(org, rows("text,date_heard\nCaffi â llaeth,2026-11-02\n".encode("cp1252")))
    assert set(Voice.objects.values_list("text", flat=True)) == {"Tŷ a dŵr", "Caffi â llaeth"}


def test_a_zip_bomb_workbook_is_refused(settings: Any) -> None:
    import zipfile

    from coproduce.lib import tabular

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (tabular.MAX_UNPACKED + 1))
    with pytest.raises(TableError, match="unpacks to more than"):
        list(rows(data.getvalue(), "bomb.xlsx"))


def test_a_million_empty_rows_end_the_sheet(org: Any) -> None:
    report = import_voices(org, rows("text,date_heard\nOne,2026-11-01\n" + ",\n" * 20_000
                                     + "Lost,2026-11-01\n"))
    assert report.created == 1


def test_the_sixty_row_file_keeps_every_good_row(org: Any) -> None:
    channels = ["web_form", "paper_form", "easy_read_form", "phone", "Web form", "in person",
                "Paper form", "email", "event", "survey"]
    good = [f"G{i},Good voice number {i},{channels[i % 10]},{(i % 28) + 1}/11/2026,"
            f"person{i % 7}@mail.example" for i in range(45)]
    bad = ["B0,,phone,01/11/2026,", "B1,Bad channel,carrier pigeon,01/11/2026,",
           "B2,Future,phone,01/12/2027,", "B3,Month first,phone,11/30/2026,",
           "B4,Not a date,phone,someday,", "B5,Bad email,phone,01/11/2026,not-an-email",
           "G3,Repeated id,phone,01/11/2026,", "B7," + "x" * 10_001 + ",phone,01/11/2026,",
           "B8,Impossible,phone,30/02/2026,", "B9,No date,phone,,",
           "B10,Bad kind,phone,01/11/2026,,rant", "B11,Bell\u0007,phone,01/11/2026,",
           "B12,Very old,phone,01/01/1850,", "B13,Bad email two,phone,01/11/2026,a@b",
           "B14,Unknown,smoke signals,01/11/2026,"]
    text = "external_id,text,channel,date_heard,person_email,kind\n" + "\n".join(
        [line if line.count(",") == 5 else line + "," for line in good + bad]) + "\n"
    report = import_voices(org, rows(text))
    assert report.created == 45 and report.rows_with_errors == 15
    assert Voice.objects.count() == 45 and report.people_created == 7
    assert {e.row for e in report.errors} == set(range(46, 61))


def test_an_import_of_old_web_form_answers_sends_no_receipts(org: Any,
                                                            django_capture_on_commit_callbacks
                                                            : Any) -> None:
    from coproduce.notices.models import Notice

    person = Person.objects.create(organisation=org, name="Ann", email="ann@mail.example")
    person.record_consent("contact", True, "paper", datetime.date(2025, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        import_voices(org, rows("text,date_heard,channel,person_email\n"
                                "Old answer,2025-06-01,web,ann@mail.example\n"))
    assert Voice.objects.get().person == person and not Notice.objects.exists()
