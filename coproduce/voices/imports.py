"""Import voices from a CSV or XLSX file, streaming, with a per-row error report.

Columns named external_id, text, channel, date_heard, person_email, group, kind and tags
map themselves; others can be mapped with `mapping` ({file column: field}). Good rows go in,
bad rows are reported with their number, field and reason, and the whole import is one
transaction, so a file that breaks part-way leaves nothing behind. Re-importing adds nothing
twice: a voice is known by its external id, else by a hash of its content.
"""

import datetime
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.lib.tabular import ImportReport, Row, RowError
from coproduce.lib.text import has_control_characters
from coproduce.people.models import Group, Person

from .capture import announce_named_themes
from .models import MAX_TEXT, Channel, Kind, Status, Tag, Voice

FIELDS = ["external_id", "text", "channel", "date_heard", "person_email", "group", "kind",
          "tags"]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
BATCH = 2000


def mapped(rows: Iterable[tuple[int, Row]], mapping: dict[str, str]
           ) -> Iterator[tuple[int, Row]]:
    """Rename the file's columns to field names as `mapping` says."""
    for number, row in rows:
        yield number, {mapping.get(key, key): value for key, value in row.items()}


class Context:
    """What every row is checked against, loaded once per import."""

    def __init__(self, organisation: Any) -> None:
        self.organisation = organisation
        self.people = dict(Person.objects.filter(organisation=organisation).exclude(email="")
                           .values_list("email", "pk"))
        self.people = {email.lower(): pk for email, pk in self.people.items()}
        self.groups = {name.lower(): pk for name, pk in Group.objects.filter(
            organisation=organisation).values_list("name", "pk")}
        self.tags = {name.lower(): pk for name, pk in Tag.objects.filter(
            organisation=organisation).values_list("name", "pk")}
        self.existing = set(Voice.objects.filter(organisation=organisation)
                            .exclude(import_key="").values_list("import_key", flat=True))
        self.channels = {value for value, _label in Channel.choices}
        self.kinds = {value for value, _label in Kind.choices}
        self.today = timezone.localdate()

    def group_id(self, name: str) -> int:
        key = name.lower()
        if key not in self.groups:
            self.groups[key] = Group.objects.create(organisation=self.organisation,
                                                    name=name).pk
        return self.groups[key]

    def tag_id(self, name: str) -> int:
        key = name.lower()
        if key not in self.tags:
            self.tags[key] = Tag.objects.create(organisation=self.organisation, name=name).pk
        return self.tags[key]


def check_row(number: int, row: Row, context: Context) -> tuple[dict[str, Any], list[RowError]]:
    """Return the row's values and its errors (an empty list when it can go in)."""
    errors: list[RowError] = []

    def error(name: str, message: str) -> None:
        errors.append(RowError(number, name, message))

    text = (row.get("text") or "").strip()
    if not text:
        error("text", _("is empty"))
    elif len(text) > MAX_TEXT:
        error("text", _("is longer than %(limit)s characters") % {"limit": MAX_TEXT})
    for name in FIELDS:
        if has_control_characters(row.get(name) or ""):
            error(name, _("contains invisible control characters"))
    external_id = (row.get("external_id") or "").strip()
    if len(external_id) > 100:
        error("external_id", _("is longer than %(limit)s characters") % {"limit": 100})
    channel = (row.get("channel") or "").strip().lower().replace(" ", "_").replace("-", "_")
    channel = channel or Channel.IMPORT
    if channel not in context.channels:
        error("channel", _("“%(value)s” is not a known channel") % {"value": row.get("channel")})
    heard_on = context.today
    date_text = (row.get("date_heard") or "").strip()
    if not date_text:
        error("date_heard", _("is missing"))
    else:
        try:
            heard_on = datetime.date.fromisoformat(date_text)
        except ValueError:
            error("date_heard", _("must be a real date written YYYY-MM-DD"))
        else:
            if heard_on > context.today:
                error("date_heard", _("is in the future"))
    email = (row.get("person_email") or "").strip().lower()
    person_id = None
    if email:
        if not EMAIL.match(email) or len(email) > 254:
            error("person_email", _("is not a valid email address"))
        else:
            person_id = context.people.get(email)
            if person_id is None:
                error("person_email", _("no one in People has this email address"))
    kind = (row.get("kind") or "").strip().lower() or Kind.IDEA
    if kind not in context.kinds:
        error("kind", _("“%(value)s” is not a known kind") % {"value": row.get("kind")})
    group = (row.get("group") or "").strip()
    tags = [t.strip() for t in re.split(r"[;,]", row.get("tags") or "") if t.strip()]
    if len(group) > 100 or any(len(tag) > 60 for tag in tags):
        error("group" if len(group) > 100 else "tags", _("a name is too long"))
    key = ("ext:" + external_id if external_id
           else Voice.content_key(text, heard_on, channel, email))
    theme = (row.get("theme") or "").strip()
    if len(theme) > 150:
        error("theme", _("a name is too long"))
    return {"text": text, "channel": channel, "heard_on": heard_on, "person_id": person_id,
            "kind": kind, "group": group, "tags": tags, "external_id": external_id,
            "key": key, "theme": theme}, errors


# Rows are written with one executemany per batch: building a model instance per row and
# compiling bulk_create's SQL cost three times as long as the insert itself.
INSERT_COLUMNS = ["organisation_id", "text", "channel", "heard_on", "person_id", "on_behalf",
                  "recorded_by_id", "group_id", "kind", "status", "outcome", "outcome_public",
                  "public_summary", "external_id", "import_key", "created_at", "updated_at"]


def write_batch(batch: list[dict[str, Any]], context: Context, user: Any) -> None:
    now = timezone.now()
    organisation_id, user_id = context.organisation.pk, getattr(user, "pk", None)
    table = Voice._meta.db_table
    sql = (f"INSERT INTO {table} ({', '.join(INSERT_COLUMNS)}) "  # noqa: S608 - names are ours
           f"VALUES ({', '.join(['%s'] * len(INSERT_COLUMNS))})")
    rows = [
        (organisation_id, v["text"], v["channel"], v["heard_on"], v["person_id"], False,
         user_id, context.group_id(v["group"]) if v["group"] else None, v["kind"],
         Status.NEW, "", False, "", v["external_id"], v["key"], now, now)
        for v in batch
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    tagged = [v for v in batch if v["tags"] or v.get("theme")]
    if not tagged:
        return
    ids = dict(Voice.objects.filter(organisation=context.organisation,
                                    import_key__in=[v["key"] for v in tagged])
               .values_list("import_key", "pk"))
    Through = Voice.tags.through
    Through.objects.bulk_create(
        [Through(voice_id=ids[v["key"]], tag_id=context.tag_id(tag))
         for v in tagged for tag in v["tags"]],
        ignore_conflicts=True,
    )
    # A theme named in the file is one staff stand behind: made if new, its voices pinned.
    themed = [v for v in tagged if v.get("theme")]
    if themed:
        announce_named_themes(context.organisation,
                              [(ids[v["key"]], v["theme"]) for v in themed])


def import_voices(organisation: Any, rows: Iterable[tuple[int, Row]], user: Any = None,
                  mapping: dict[str, str] | None = None) -> ImportReport:
    """Import rows into `organisation`; return what went in and what was wrong."""
    report = ImportReport()
    context = Context(organisation)
    seen: dict[str, int] = {}
    batch: list[dict[str, Any]] = []
    first = True
    with transaction.atomic():
        for number, row in mapped(rows, mapping or {}):
            if first:
                report.ignored_columns = [c for c in row if c and c not in FIELDS + ["theme"]]
                first = False
            values, errors = check_row(number, row, context)
            key = values["key"]
            if not errors and key in seen:
                errors.append(RowError(
                    number, "external_id" if values["external_id"] else "text",
                    _("repeats row %(row)s") % {"row": seen[key]}))
            if errors:
                report.errors.extend(errors)
                continue
            seen[key] = number
            if key in context.existing:
                report.unchanged += 1
                continue
            batch.append(values)
            if len(batch) >= BATCH:
                write_batch(batch, context, user)
                report.created += len(batch)
                batch = []
        if batch:
            write_batch(batch, context, user)
            report.created += len(batch)
    return report
