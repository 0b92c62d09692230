"""Import voices from a CSV or XLSX file, with a per-row report, without blocking anyone.

Columns are matched to fields by name (in English or Welsh, and the usual ways people name
them: "when", "what they said", "who"), or as the person importing maps them. Channels and
dates are read the way people write them. Each row becomes a `capture.VoiceIn` and is checked
like a voice from any other channel; people named by e-mail, phone, name or id are found in
People, or added.

An import runs in two passes. The first reads and checks the whole file outside any write
transaction, keeping the good rows in a temporary spool; a dry run stops there. The second
writes the spool in short transactions (so nobody else waits long for the write lock), under
the import's run, whose rows nobody sees until the run is marked done in one quick step: an
import appears all at once, or not at all. A run that died part-way is cleaned up by the next
import of its organisation. Re-importing adds nothing twice.
"""

import datetime
import functools
import pickle
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.imports.models import State, Upload
from coproduce.imports.registry import Importer
from coproduce.lib.tabular import ImportReport, Row, RowError
from coproduce.people.models import Person

from .capture import (
    Checked,
    Names,
    People,
    PersonRef,
    VoiceIn,
    announce_named_themes,
    announce_new,
    check,
    write_batch,
)
from .models import Channel, Kind, Voice

FIELDS = ["external_id", "text", "channel", "date_heard", "person_email", "person_phone",
          "person_name", "person_external_id", "group", "kind", "tags", "theme"]
BATCH = 2000  # rows checked, and kept in the spool, at a time
WRITE_BATCH = 1000  # rows written per transaction: about a fifth of a second of the lock
# SQLite has one write lock and wakes waiting writers by polling: a short pause after each
# batch lets another organisation's save in before the next batch takes the lock again.
PAUSE = 0.03

# What people call each field in their own spreadsheets (compared without case, spaces,
# hyphens or underscores).
HEADER_NAMES = {
    "text": ["text", "what they said", "what was said", "said", "comment", "comments",
             "feedback", "suggestion", "suggestions", "voice", "message", "idea", "notes of what "
             "they said", "their words", "beth ddywedon nhw", "sylw", "sylwadau", "neges"],
    "date_heard": ["date heard", "date", "when", "heard on", "date received", "received",
                   "day", "dyddiad", "pryd"],
    "channel": ["channel", "how", "how said", "how heard", "source", "via", "method", "sianel",
                "sut"],
    "person_email": ["person email", "email", "e-mail", "email address", "e-bost", "ebost"],
    "person_phone": ["person phone", "phone", "telephone", "phone number", "mobile", "ffôn",
                     "ffon", "rhif ffôn"],
    "person_name": ["person name", "who", "name", "person", "said by", "from", "their name",
                    "enw", "pwy"],
    "person_external_id": ["person external id", "person id", "member id", "membership number",
                           "member number", "client id"],
    "external_id": ["external id", "id", "reference", "ref", "voice id", "cyfeirnod"],
    "group": ["group", "community", "speaks for", "grŵp", "grwp"],
    "kind": ["kind", "type", "math"],
    "tags": ["tags", "tag", "labels", "tagiau"],
    "theme": ["theme", "topic", "thema", "pwnc"],
}

# Ways people write channels beyond the codes and labels, in English and Welsh.
CHANNEL_SYNONYMS = {
    Channel.CONVERSATION: ["in person", "face to face", "f2f", "chat", "talk", "verbal",
                           "drop in", "drop-in", "visit", "home visit", "wyneb yn wyneb",
                           "sgwrs", "yn bersonol"],
    Channel.PHONE: ["telephone", "call", "phone call", "voicemail", "text message", "text",
                    "sms", "whatsapp", "ffôn", "galwad", "galwad ffôn", "neges destun"],
    Channel.EMAIL: ["e-mail", "mail", "e-bost", "ebost"],
    Channel.PAPER: ["paper", "letter", "post", "comment card", "suggestion box", "card",
                    "form", "llythyr", "papur", "cerdyn"],
    Channel.WEB: ["web", "website", "online", "online form", "internet", "webform",
                  "ar-lein", "gwefan"],
    Channel.EASY_READ: ["easy read", "easy-read", "easyread", "hawdd ei ddarllen"],
    Channel.EVENT: ["meeting", "workshop", "consultation", "focus group", "group session",
                    "drop-in session", "digwyddiad", "cyfarfod", "gweithdy"],
    Channel.SURVEY: ["questionnaire", "poll", "arolwg", "holiadur"],
    Channel.IMPORT: ["imported", "spreadsheet", "mewnforio"],
    Channel.API: ["api", "system"],
}
KIND_SYNONYMS = {
    Kind.IDEA: ["suggestion", "request", "syniad", "awgrym"],
    Kind.CONCERN: ["complaint", "problem", "issue", "worry", "pryder", "cwyn"],
    Kind.COMPLIMENT: ["praise", "thanks", "thank you", "canmoliaeth", "diolch"],
    Kind.QUESTION: ["query", "enquiry", "cwestiwn"],
}

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
    "ion": 1, "ionawr": 1, "chwe": 2, "chwef": 2, "chwefror": 2, "maw": 3, "mawrth": 3,
    "ebr": 4, "ebrill": 4, "mai": 5, "meh": 6, "mehefin": 6, "gor": 7, "gorff": 7,
    "gorffennaf": 7, "awst": 8, "medi": 9, "hyd": 10, "hydref": 10, "tach": 11,
    "tachwedd": 11, "rhag": 12, "rhagfyr": 12,
}
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                      r"(?:Z|[+-]\d{2}:?\d{2})?)?$")
NAMED_DATE = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th|af|ain|ed|fed|ydd)?\s+([^\W\d_]+)\.?"
                        r"|([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?)\s+(\d{4}|\d{2})$")


def squash(text: str) -> str:
    """Lower case without accents, spaces, hyphens, underscores or full stops."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if c.isalnum() and not unicodedata.combining(c))


def choice_names(choices: Iterable[tuple[str, Any]], synonyms: dict[Any, list[str]]
                 ) -> dict[str, str]:
    """Every way of writing each choice (code, English and Welsh labels, synonyms) -> code."""
    names: dict[str, str] = {}
    for value, label in choices:
        for written in [value, str(label), *synonyms.get(value, [])]:
            names.setdefault(squash(written), value)
        with translation.override("cy"):
            names.setdefault(squash(str(label)), value)
    return names


def guess_mapping(columns: list[str], known: dict[str, str] | None = None) -> dict[str, str]:
    """Match each column to a field by its name; columns nobody recognises are left out."""
    names = {squash(name): field for field, written in HEADER_NAMES.items()
             for name in [field, *written]}
    mapping: dict[str, str] = {}
    for column in columns:
        field = (known or {}).get(column) or names.get(squash(column))
        if field and field not in mapping.values():
            mapping[column] = field
    return mapping


def check_mapping(mapping: dict[str, str]) -> list[str]:
    """What is wrong with a mapping, as sentences (an empty list when it can be used)."""
    problems = []
    chosen = [field for field in mapping.values() if field]
    for field in sorted({f for f in chosen if chosen.count(f) > 1}):
        columns = ", ".join(f"“{c}”" for c, f in mapping.items() if f == field)
        problems.append(_("The columns %(columns)s are all sent to “%(field)s”: choose one.")
                        % {"columns": columns, "field": field})
    for field in chosen:
        if field not in FIELDS:
            problems.append(_("“%(field)s” is not a field voices have.") % {"field": field})
    if "text" not in chosen:
        problems.append(_("Choose the column that holds what people said."))
    if "date_heard" not in chosen:
        problems.append(_("Choose the column that holds the date they said it."))
    return problems


def two_digit_year(year: int, today: datetime.date) -> int:
    return year + (2000 if 2000 + year <= today.year else 1900)


def read_date(text: str, today: datetime.date) -> tuple[datetime.date | None, str]:
    """Read a date as people write it in the UK; return it, or why it cannot be read."""
    text = " ".join(text.strip().split())
    try:
        if match := ISO_DATE.match(text):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day), ""
        if match := NUMERIC_DATE.match(text):
            day, month, year = (int(part) for part in match.groups())
            if len(match.group(3)) == 2:
                year = two_digit_year(year, today)
            if month > 12 and day <= 12:
                return None, _("reads only month-first (as in the US): write it day first, "
                               "like 30/11/2026, or as 2026-11-30")
            return datetime.date(year, month, day), ""
        if match := NAMED_DATE.match(text):
            day_text = match.group(1) or match.group(4)
            month_name = squash(match.group(2) or match.group(3))
            year = int(match.group(5))
            year = two_digit_year(year, today) if len(match.group(5)) == 2 else year
            if month_name in MONTHS:
                return datetime.date(year, MONTHS[month_name], int(day_text)), ""
    except ValueError:
        return None, _("is not a real date")
    return None, _("is not a date Coproduce can read: write it like 30/11/2026 or 2026-11-30")


class RowReader:
    """Turns one row of a file into a `VoiceIn`, or says what is wrong with it."""

    def __init__(self) -> None:
        self.channels = choice_names(Channel.choices, CHANNEL_SYNONYMS)
        self.kinds = choice_names(Kind.choices, KIND_SYNONYMS)
        self.today = timezone.localdate()
        # Files repeat the same few channels and dates thousands of times: read each once.
        self.read_date = functools.lru_cache(maxsize=4096)(
            lambda text: read_date(text, self.today))
        self.squash = functools.lru_cache(maxsize=1024)(squash)

    def read(self, number: int, row: Row) -> tuple[VoiceIn, list[RowError]]:
        errors: list[RowError] = []

        def value(name: str) -> str:
            return (row.get(name) or "").strip()

        channel = Channel.IMPORT.value
        if value("channel"):
            channel = self.channels.get(self.squash(value("channel")), "")
            if not channel:
                accepted = ", ".join(str(label) for _value, label in Channel.choices)
                errors.append(RowError(number, "channel", _(
                    "is not a channel Coproduce knows; use one of: %(accepted)s")
                    % {"accepted": accepted}, value("channel")))
        kind = Kind.IDEA.value
        if value("kind"):
            kind = self.kinds.get(self.squash(value("kind")), "")
            if not kind:
                errors.append(RowError(number, "kind", _("is not a known kind"), value("kind")))
        heard_on = None
        if value("date_heard"):
            heard_on, reason = self.read_date(value("date_heard"))
            if reason:
                errors.append(RowError(number, "date_heard", reason, value("date_heard")))
        voice = VoiceIn(
            text=row.get("text") or "", channel=channel or Channel.IMPORT, heard_on=heard_on,
            kind=kind or Kind.IDEA, group=value("group"), external_id=value("external_id"),
            tags=[tag.strip() for tag in (row.get("tags") or "").split(";") if tag.strip()],
            theme=value("theme"),
            who=PersonRef(email=value("person_email"), phone=value("person_phone"),
                          name=value("person_name"), external_id=value("person_external_id")))
        known = {error.field for error in errors}
        for name, message in check(voice, self.today):
            if name not in known and not (name == "date_heard" and "date_heard" in known):
                errors.append(RowError(number, name, message, row.get(name) or ""))
        return voice, errors


def mapped(rows: Iterable[tuple[int, Row]], mapping: dict[str, str]
           ) -> Iterator[tuple[int, Row, Row]]:
    """Yield (number, row with field names, the row as the file had it)."""
    for number, row in rows:
        yield number, {mapping[key]: value for key, value in row.items() if key in mapping}, row


class Spool:
    """Checked voices kept on disk between the two passes, a batch at a time."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in batches()
        self.batch: list[tuple[Any, ...]] = []

    def add(self, item: Checked) -> None:
        self.batch.append(spooled(item))
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            pickle.dump(self.batch, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.batch = []

    def batches(self) -> Iterator[list[Checked]]:
        self.flush()
        self.file.seek(0)
        try:
            while True:
                try:
                    rows = pickle.load(self.file)  # noqa: S301 - our own temporary file
                except EOFError:
                    return
                yield [unspooled(row) for row in rows]
        finally:
            self.file.close()


def spooled(item: Checked) -> tuple[Any, ...]:
    """A checked voice as a plain tuple, which pickles many times faster than objects."""
    v, who = item.voice, item.voice.who
    return (v.text, v.channel, v.heard_on.toordinal() if v.heard_on else 0, v.kind, v.group,
            tuple(v.tags), v.external_id, v.theme, who.email, who.phone, who.name,
            who.external_id, item.person)


def unspooled(row: tuple[Any, ...]) -> Checked:
    (text, channel, day, kind, group, tags, external_id, theme, email, phone, name,
     person_id, person) = row
    return Checked(VoiceIn(text=text, channel=channel, kind=kind, group=group,
                           heard_on=datetime.date.fromordinal(day) if day else None,
                           tags=list(tags), external_id=external_id, theme=theme,
                           who=PersonRef(email, phone, name, person_id)), person)


def existing_keys(organisation: Any) -> set[str]:
    return set(Voice.objects.filter(organisation=organisation).values_list("import_key",
                                                                           flat=True))


def check_file(organisation: Any, rows: Iterable[tuple[int, Row]], mapping: dict[str, str],
               people: People, report: ImportReport, spool: Spool) -> None:
    """The first pass: read and check every row, spool the good ones, report the rest."""
    reader, existing = RowReader(), existing_keys(organisation)
    seen: dict[str, int] = {}
    pending: list[tuple[int, Row, VoiceIn, list[RowError]]] = []

    def settle() -> None:
        people.load([voice.who for _n, _r, voice, _e in pending if voice.who])
        for number, original, voice, errors in pending:
            person = None
            if voice.who and not errors:
                person, problem = people.find(voice.who)
                if problem:
                    errors.append(RowError(number, problem[0], problem[1],
                                           getattr(voice.who, problem[0][7:], "")))
            if not errors and voice.key in seen:
                errors.append(RowError(number, "external_id" if voice.external_id else "text",
                                       _("repeats row %(row)s") % {"row": seen[voice.key]},
                                       voice.external_id or voice.text))
            if errors:
                report.errors.extend(errors)
                if len(report.refused_rows) < 10_000:
                    report.refused_rows[number] = original
                continue
            seen[voice.key] = number
            if voice.key in existing:
                report.unchanged += 1
            else:
                report.created += 1
                spool.add(Checked(voice, person))
        pending.clear()

    for number, row, original in mapped(rows, mapping):
        voice, errors = reader.read(number, row)
        pending.append((number, original, voice, errors))
        if len(pending) >= BATCH:
            settle()
    settle()
    report.people_created = len(people.pending)


def clean_up_stale(organisation: Any) -> None:
    """Remove what imports that died part-way wrote, so their rows can be imported again."""
    for run in Upload.objects.filter(organisation=organisation, kind="voices",
                                     state=State.WRITING):
        if run.is_stale():
            abandon(run)


def abandon(run: Upload) -> None:
    """Delete an unfinished import's rows, and the people it added, in short batches."""
    Upload.objects.filter(pk=run.pk).update(state=State.ABANDONED)
    rows = Voice.everything.filter(import_run=run)
    while ids := list(rows.values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            Voice.everything.filter(pk__in=ids).delete()
    added = (run.report or {}).get("people_added", [])
    for start in range(0, len(added), BATCH):
        with transaction.atomic():
            Person.objects.filter(pk__in=added[start:start + BATCH],
                                  voices__isnull=True).delete()


def write_batches(spool: Spool) -> Iterator[list[Checked]]:
    for batch in spool.batches():
        for start in range(0, len(batch), WRITE_BATCH):
            yield batch[start:start + WRITE_BATCH]


def write_spool(organisation: Any, spool: Spool, people: People, user: Any, run: Upload
                ) -> list[int]:
    """The second pass: write the spool under `run` in short transactions, then show it."""
    names, ids = Names(organisation), list[int]()
    themed: list[tuple[int, str]] = []
    try:
        for batch in write_batches(spool):
            with transaction.atomic():
                state = Upload.objects.filter(pk=run.pk).values_list("state", flat=True)
                if state.first() != State.WRITING:
                    raise RuntimeError("the import was stopped")
                new = write_batch(organisation, batch, user, people, names, run.pk)
                ids += new.values()
                themed += [(new[item.key], item.voice.theme.strip()) for item in batch
                           if item.key in new and item.voice.theme.strip()]
                Upload.objects.filter(pk=run.pk).update(
                    heartbeat_at=timezone.now(), report={"people_added": people.created})
            if connection.vendor == "sqlite" and not connection.in_atomic_block:
                time.sleep(PAUSE)
        with transaction.atomic():
            Upload.objects.filter(pk=run.pk).update(state=State.DONE)
            announce_named_themes(organisation, themed)
            for start in range(0, len(ids), BATCH):
                announce_new(organisation.pk, ids[start:start + BATCH])
    except BaseException:
        run.report = {"people_added": people.created}
        abandon(run)
        Upload.objects.filter(pk=run.pk).update(state=State.FAILED)
        raise
    return ids


def import_voices(organisation: Any, rows: Iterable[tuple[int, Row]], user: Any = None,
                  mapping: dict[str, str] | None = None, add_people: bool = True,
                  dry_run: bool = False, run: Upload | None = None,
                  columns: list[str] | None = None) -> ImportReport:
    """Import rows into `organisation`; return what went in (or would) and what was wrong.

    Without `mapping`, columns map themselves by name. With `dry_run`, nothing is written.
    """
    report = ImportReport(dry_run=dry_run)
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return report
    columns = columns or list(first[1])
    mapping = mapping if mapping is not None else guess_mapping(columns)
    report.ignored_columns = [c for c in columns if c not in mapping and not c.startswith(
        "column_")]
    people = People(organisation, add_people,
                    _("Added by an import of voices on %(date)s")
                    % {"date": timezone.localdate().isoformat()})
    spool = Spool()
    clean_up_stale(organisation)
    check_file(organisation, chain_first(first, rows), mapping, people, report, spool)
    if dry_run:
        spool.file.close()
        return report
    if run is None:
        run = Upload.objects.create(organisation=organisation, kind="voices",
                                    filename="", created_by=user, mapping=mapping,
                                    columns=columns)
    Upload.objects.filter(pk=run.pk).update(state=State.WRITING, heartbeat_at=timezone.now())
    write_spool(organisation, spool, people, user, run)
    report.people_created = len(people.created)
    return report


def chain_first(first: tuple[int, Row], rows: Iterator[tuple[int, Row]]
                ) -> Iterator[tuple[int, Row]]:
    yield first
    yield from rows


FIELD_LABELS = {
    "text": gettext_lazy("What they said"), "date_heard": gettext_lazy("Date heard"),
    "channel": gettext_lazy("How it was said (channel)"),
    "person_email": gettext_lazy("Their email address"),
    "person_phone": gettext_lazy("Their phone number"), "person_name": gettext_lazy("Their name"),
    "person_external_id": gettext_lazy("Their id in another system"),
    "external_id": gettext_lazy("The voice's id in another system"),
    "group": gettext_lazy("Group or community it speaks for"), "kind": gettext_lazy("Kind"),
    "tags": gettext_lazy("Tags (separated by semicolons)"), "theme": gettext_lazy("Theme"),
}


def preview_row(organisation: Any, row: Row) -> list[tuple[Any, str]]:
    """How one mapped row would be kept, field by field, or what is wrong with each field."""
    voice, errors = RowReader().read(1, row)
    problems = {error.field: error.message for error in errors}
    people = People(organisation, True)
    person = ""
    if voice.who:
        people.load([voice.who])
        found, problem = people.find(voice.who)
        person = (problem[1] if problem else _("new to People") if isinstance(found, str)
                  else _("already in People"))
        person = f"{voice.who.name or voice.who.email or voice.who.phone} ({person})"
    shown = {"text": voice.text.strip(),
             "date_heard": voice.heard_on.strftime("%d/%m/%Y") if voice.heard_on else "",
             "channel": str(Channel(voice.channel).label) if voice.channel else "",
             "kind": str(Kind(voice.kind).label), "group": voice.group,
             "tags": "; ".join(voice.tags), "theme": voice.theme,
             "external_id": voice.external_id}
    values: list[tuple[Any, str]] = []
    for name in ["text", "date_heard", "channel", "kind", "group", "tags", "theme",
                 "external_id"]:
        if name in row or name in ("channel", "kind"):
            values.append((FIELD_LABELS[name], f"⚠ {problems[name]}" if name in problems
                           else shown[name]))
    values.append((gettext_lazy("Who said it"), person or _("Anonymous")))
    return values


def importer() -> Importer:
    return Importer(
        kind="voices", title=gettext_lazy("Import voices"), permission="edit_voices",
        fields=FIELD_LABELS, required=["text", "date_heard"], guess=guess_mapping,
        check_mapping=check_mapping, run=import_voices, preview=preview_row,
        offers_new_people=True, back_url_name="voices:list",
        help_text=gettext_lazy("Dates can be written 30/11/2026, 1 Dec 2026 or 2026-11-30. "
                               "People are found in People by email, phone, id or name."))
