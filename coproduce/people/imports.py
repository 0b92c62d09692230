"""Import people from rows of a CSV or XLSX file, with a per-row error report.

Good rows go in, bad rows are reported with their row number, field and reason, and each
row is written whole or not at all. A row matching someone already imported (by external
id, else e-mail, else name, phone and postcode) is left alone, so re-importing is safe.
"""

import datetime
import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.lib.tabular import ImportReport, Row, RowError
from coproduce.lib.text import has_control_characters, tidy

from .models import (
    AccessNeed,
    Consent,
    ConsentPurpose,
    ContactWay,
    Group,
    JourneyStage,
    JourneyStep,
    NeedKind,
    Person,
    RecordedHow,
    language_from_typed,
)

COLUMNS = [
    "external_id", "name", "email", "phone", "address", "postcode", "contact_ways", "languages",
    "access_needs", "groups", "journey_stage", "date_joined", "consent_contact",
    "consent_sensitive", "consent_quote", "consent_photos",
]
LIMITS = {"external_id": 100, "name": 150, "email": 254, "phone": 40, "address": 500,
          "postcode": 12, "languages": 200}
CONSENT_COLUMNS = {f"consent_{purpose.value}": purpose.value for purpose in ConsentPurpose}
YES = {"yes", "y", "true", "1", "ie", "do"}
NO = {"no", "n", "false", "0", "na", "naddo"}


def choice_lookup(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Map both codes and English labels (lower case) to codes."""
    lookup: dict[str, str] = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
        lookup[value.replace("_", " ")] = value
    return lookup


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]


class Lookups:
    """What rows are checked against: the organisation's stages, groups and choices."""

    def __init__(self, organisation: Any) -> None:
        self.stages: dict[str, JourneyStage] = {}
        for stage in JourneyStage.objects.filter(organisation=organisation):
            self.stages[stage.name.lower()] = stage
            if stage.name_cy:
                self.stages[stage.name_cy.lower()] = stage
        self.groups = {g.name.lower(): g for g in Group.objects.filter(organisation=organisation)}
        self.contact_ways = choice_lookup(ContactWay.choices)
        self.needs = choice_lookup(NeedKind.choices)


class PersonRow:
    """One row checked into the values a person is made of, or a list of errors."""

    def __init__(self, number: int, row: Row, lookups: Lookups) -> None:
        self.number = number
        self.errors: list[RowError] = []
        self.values: dict[str, Any] = {}
        self.row = {key: tidy(value or "") for key, value in row.items() if key in COLUMNS}
        for key, value in row.items():
            if key in COLUMNS and value and has_control_characters(value):
                self.error(key, _("contains invisible control characters"))
        self.check_fields(lookups)

    def error(self, field_name: str, message: str) -> None:
        self.errors.append(RowError(self.number, field_name, message))

    def check_fields(self, lookups: Lookups) -> None:
        row = self.row
        for name, limit in LIMITS.items():
            if len(row.get(name, "")) > limit:
                self.error(name, _("is longer than %(limit)s characters") % {"limit": limit})
        if not row.get("name"):
            self.error("name", _("is missing"))
        email = row.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.error("email", _("is not a valid email address"))
        self.values["email"] = email
        self.values["date_joined"] = self.parse_date(row.get("date_joined", ""))
        self.values["contact_ways"] = self.parse_choices("contact_ways", lookups.contact_ways)
        self.values["access_needs"] = self.parse_choices("access_needs", lookups.needs)
        self.values["groups"] = split_list(row.get("groups", ""))
        if any(len(name) > 100 for name in self.values["groups"]):
            self.error("groups", _("a group name is longer than 100 characters"))
        stage_name = row.get("journey_stage", "").lower()
        self.values["stage"] = lookups.stages.get(stage_name) if stage_name else None
        if stage_name and self.values["stage"] is None:
            self.error("journey_stage", _("is not one of this organisation's journey stages"))
        self.values["consents"] = {}
        for column, purpose in CONSENT_COLUMNS.items():
            answer = row.get(column, "").lower()
            if answer in YES:
                self.values["consents"][purpose] = True
            elif answer in NO:
                self.values["consents"][purpose] = False
            elif answer:
                self.error(column, _("must be yes, no or empty"))

    def parse_date(self, text: str) -> datetime.date:
        if not text:
            return timezone.localdate()
        try:
            value = datetime.date.fromisoformat(text)
        except ValueError:
            self.error("date_joined", _("must be a real date written YYYY-MM-DD"))
            return timezone.localdate()
        if value > timezone.localdate():
            self.error("date_joined", _("is in the future"))
        return value

    def parse_choices(self, column: str, lookup: dict[str, str]) -> list[str]:
        chosen: list[str] = []
        for part in split_list(self.row.get(column, "")):
            code = lookup.get(part.lower())
            if code is None:
                self.error(column, _("“%(value)s” is not a known choice") % {"value": part})
            elif code not in chosen:
                chosen.append(code)
        return chosen

    @property
    def key(self) -> str:
        row = self.row
        if row.get("external_id"):
            return "ext:" + row["external_id"]
        if self.values.get("email"):
            return "email:" + self.values["email"]
        basis = "|".join(row.get(name, "").lower() for name in ("name", "phone", "postcode"))
        return "row:" + hashlib.sha256(basis.encode()).hexdigest()[:40]

    @property
    def key_field(self) -> str:
        return {"ext": "external_id", "email": "email"}.get(self.key.split(":")[0], "name")

    def person(self, organisation: Any, user: Any) -> Person:
        row, values = self.row, self.values
        return Person(
            organisation=organisation, name=row["name"], email=values["email"],
            phone=row.get("phone", ""), address=row.get("address", ""),
            postcode=row.get("postcode", "").upper(), contact_ways=values["contact_ways"],
            languages=row.get("languages", ""),
            preferred_language=language_from_typed(row.get("languages", "")),
            date_joined=values["date_joined"],
            external_id=row.get("external_id", ""), import_key=self.key, created_by=user,
        )


def create_people(organisation: Any, batch: list[PersonRow], user: Any,
                  lookups: Lookups) -> None:
    """Write a batch of checked rows, with their groups, needs, consents and journey."""
    people = Person.objects.bulk_create([checked.person(organisation, user) for checked in batch])
    for checked in batch:
        for name in checked.values["groups"]:
            if name.lower() not in lookups.groups:
                lookups.groups[name.lower()] = Group.objects.create(
                    organisation=organisation, name=name)
    today = timezone.localdate()
    memberships, needs, consents, steps = [], [], [], []
    for person, checked in zip(people, batch, strict=True):
        values = checked.values
        memberships += [Person.groups.through(person_id=person.pk,
                                              group_id=lookups.groups[name.lower()].pk)
                        for name in values["groups"]]
        needs += [AccessNeed(person=person, kind=kind) for kind in values["access_needs"]]
        consents += [Consent(person=person, purpose=purpose, given=given, how=RecordedHow.IMPORT,
                             recorded_on=today, recorded_by=user)
                     for purpose, given in values["consents"].items()]
        if values["stage"] is not None:
            steps.append(JourneyStep(person=person, stage=values["stage"],
                                     on=values["date_joined"]))
    Person.groups.through.objects.bulk_create(memberships, ignore_conflicts=True)
    AccessNeed.objects.bulk_create(needs)
    Consent.objects.bulk_create(consents)
    JourneyStep.objects.bulk_create(steps)


BATCH = 500


def import_people(organisation: Any, rows: Iterable[tuple[int, Row]], user: Any = None,
                  dry_run: bool = False) -> ImportReport:
    """Import rows into `organisation`; return what went in (or would) and what was wrong.

    Every row is read and checked before anything is written, so the write lock is held only
    while the good rows are written, in one transaction: a file that cannot be read to the end
    (or a clash with an import running at the same moment) leaves nothing behind.
    """
    report = ImportReport(dry_run=dry_run)
    lookups = Lookups(organisation)
    existing = set(
        Person.objects.filter(organisation=organisation).exclude(import_key="")
        .values_list("import_key", flat=True)
    )
    seen_in_file: dict[str, int] = {}
    good: list[PersonRow] = []
    columns: list[str] | None = None
    for number, row in rows:
        if columns is None:
            columns = list(row)
            report.ignored_columns = [c for c in columns if c and c not in COLUMNS]
        checked = PersonRow(number, row, lookups)
        key = checked.key
        if key in seen_in_file:
            checked.error(checked.key_field,
                          _("repeats row %(row)s") % {"row": seen_in_file[key]})
        if checked.errors:
            report.errors.extend(checked.errors)
            if len(report.refused_rows) < 10_000:
                report.refused_rows[number] = row
            continue
        seen_in_file[key] = number
        if key in existing:
            report.unchanged += 1
            continue
        good.append(checked)
    report.created = len(good)
    if dry_run:
        return report
    with transaction.atomic():
        for start in range(0, len(good), BATCH):
            create_people(organisation, good[start:start + BATCH], user, lookups)
    return report


SYNONYMS = {"e_mail": "email", "email_address": "email", "telephone": "phone",
            "mobile": "phone", "phone_number": "phone", "full_name": "name", "enw": "name",
            "e_bost": "email", "cod_post": "postcode", "post_code": "postcode"}


def guess_columns(columns: list[str]) -> dict[str, str]:
    """Columns named as People's fields, or as people often name them, map themselves."""
    mapping: dict[str, str] = {}
    for column in columns:
        field = column if column in COLUMNS else SYNONYMS.get(column)
        if field and field not in mapping.values():
            mapping[column] = field
    return mapping


def check_columns(mapping: dict[str, str]) -> list[str]:
    chosen = list(mapping.values())
    problems = [_("Two columns are sent to “%(field)s”: choose one.") % {"field": field}
                for field in sorted({f for f in chosen if chosen.count(f) > 1})]
    if "name" not in chosen:
        problems.append(_("Choose the column that holds each person's name."))
    return problems


def run_import(organisation: Any, rows: Iterable[tuple[int, Row]], user: Any = None,
               mapping: dict[str, str] | None = None, dry_run: bool = False,
               **_options: Any) -> ImportReport:
    """Import with the columns renamed as `mapping` says (the import pages' way in)."""
    renamed = ((number, {mapping[k]: v for k, v in row.items() if k in mapping})
               for number, row in rows) if mapping is not None else rows
    return import_people(organisation, renamed, user, dry_run=dry_run)


def preview_person(organisation: Any, row: Row) -> list[tuple[Any, str]]:
    checked = PersonRow(1, row, Lookups(organisation))
    problems = {error.field: error.message for error in checked.errors}
    return [(name, f"⚠ {problems[name]}" if name in problems else row.get(name, ""))
            for name in COLUMNS if name in row]


def importer() -> Any:
    from django.utils.translation import gettext_lazy

    from coproduce.imports.registry import Importer

    return Importer(
        kind="people", title=gettext_lazy("Import people"), permission="import_people",
        fields={column: column for column in COLUMNS}, required=["name"],
        guess=guess_columns, check_mapping=check_columns, run=run_import,
        preview=preview_person, back_url_name="people:list",
        help_text=gettext_lazy("Only a name is required. Separate several values in one "
                               "cell with semicolons. Consent columns take yes or no."))
