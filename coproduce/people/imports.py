"""Import people from rows of a CSV or XLSX file, with a per-row error report.

Good rows go in, bad rows are reported with their row number, field and reason, and each
row is written whole or not at all. A row matching someone already imported (by external
id, else e-mail, else name, phone and postcode) is left alone, so re-importing is safe.
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.lib.tabular import Row
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


@dataclass
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    created: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rows_with_errors(self) -> int:
        return len({error.row for error in self.errors})


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


class PersonRow:
    """One row checked into the values a person is made of, or a list of errors."""

    def __init__(self, number: int, row: Row, stages: dict[str, JourneyStage]) -> None:
        self.number = number
        self.errors: list[RowError] = []
        self.values: dict[str, Any] = {}
        self.row = {key: tidy(value or "") for key, value in row.items() if key in COLUMNS}
        for key, value in row.items():
            if key in COLUMNS and value and has_control_characters(value):
                self.error(key, _("contains invisible control characters"))
        self.check_fields(stages)

    def error(self, field_name: str, message: str) -> None:
        self.errors.append(RowError(self.number, field_name, message))

    def check_fields(self, stages: dict[str, JourneyStage]) -> None:
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
        self.values["contact_ways"] = self.parse_choices(
            "contact_ways", choice_lookup(ContactWay.choices)
        )
        self.values["access_needs"] = self.parse_choices(
            "access_needs", choice_lookup(NeedKind.choices)
        )
        self.values["groups"] = split_list(row.get("groups", ""))
        if any(len(name) > 100 for name in self.values["groups"]):
            self.error("groups", _("a group name is longer than 100 characters"))
        stage_name = row.get("journey_stage", "").lower()
        self.values["stage"] = stages.get(stage_name) if stage_name else None
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


def create_person(organisation: Any, checked: PersonRow, user: Any,
                  groups: dict[str, Group]) -> Person:
    row, values = checked.row, checked.values
    person = Person.objects.create(
        organisation=organisation, name=row["name"], email=values["email"],
        phone=row.get("phone", ""), address=row.get("address", ""),
        postcode=row.get("postcode", "").upper(), contact_ways=values["contact_ways"],
        languages=row.get("languages", ""), date_joined=values["date_joined"],
        external_id=row.get("external_id", ""), import_key=checked.key, created_by=user,
    )
    for name in values["groups"]:
        if name.lower() not in groups:
            groups[name.lower()] = Group.objects.create(organisation=organisation, name=name)
    person.groups.set([groups[name.lower()] for name in values["groups"]])
    AccessNeed.objects.bulk_create(
        AccessNeed(person=person, kind=kind) for kind in values["access_needs"]
    )
    today = timezone.localdate()
    Consent.objects.bulk_create(
        Consent(person=person, purpose=purpose, given=given, how=RecordedHow.IMPORT,
                recorded_on=today, recorded_by=user)
        for purpose, given in values["consents"].items()
    )
    if values["stage"] is not None:
        JourneyStep.objects.create(person=person, stage=values["stage"], on=values["date_joined"])
    return person


def import_people(organisation: Any, rows: Iterable[tuple[int, Row]], user: Any = None
                  ) -> ImportReport:
    """Import rows into `organisation`; return what went in and what was wrong."""
    report = ImportReport()
    stages = {}
    for stage in JourneyStage.objects.filter(organisation=organisation):
        stages[stage.name.lower()] = stage
        if stage.name_cy:
            stages[stage.name_cy.lower()] = stage
    groups = {g.name.lower(): g for g in Group.objects.filter(organisation=organisation)}
    existing = set(
        Person.objects.filter(organisation=organisation).exclude(import_key="")
        .values_list("import_key", flat=True)
    )
    seen_in_file: dict[str, int] = {}
    columns: list[str] | None = None
    with transaction.atomic():
        for number, row in rows:
            if columns is None:
                columns = list(row)
                report.ignored_columns = [c for c in columns if c and c not in COLUMNS]
            checked = PersonRow(number, row, stages)
            key = checked.key
            if key in seen_in_file:
                checked.error(
                    "external_id" if key.startswith("ext:") else "email" if key.startswith(
                        "email:") else "name",
                    _("repeats row %(row)s") % {"row": seen_in_file[key]},
                )
            if checked.errors:
                report.errors.extend(checked.errors)
                continue
            seen_in_file[key] = number
            if key in existing:
                report.unchanged += 1
                continue
            try:
                with transaction.atomic():
                    create_person(organisation, checked, user, groups)
            except IntegrityError:
                report.errors.append(RowError(number, "", _("could not be saved; try again")))
                groups = {g.name.lower(): g for g in Group.objects.filter(organisation=organisation)}
                continue
            existing.add(key)
            report.created += 1
    return report
