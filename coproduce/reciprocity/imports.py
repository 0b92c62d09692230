"""Import hours and payments from CSV or XLSX, with a per-row report, idempotent by external id.

Good rows go in and bad rows are reported with their number, field and reason; each row is
checked by the same functions the pages use (a week of more than 168 hours is refused).
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.lib.tabular import ImportReport, Row, RowError
from coproduce.people.models import Person
from coproduce.projects.models import Project

from .hours import Giver, record_hours
from .models import (
    Activity,
    Claim,
    ClaimKind,
    ClaimStatus,
    Contribution,
    Offer,
    OfferKind,
    OfferStatus,
    PayMethod,
)
from .money import AmountError, parse_minutes, parse_pence

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


class RowProblem(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def parse_date(text: str) -> datetime.date:
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowProblem("date", _("is not a date (use 2026-04-01 or 01/04/2026)"))


class Lookups:
    """The organisation's people and projects, loaded once per import instead of per row."""

    def __init__(self, organisation: Any) -> None:
        self.organisation = organisation
        self.by_email: dict[str, list[Person]] = {}
        self.by_name: dict[str, list[Person]] = {}
        for person in Person.objects.filter(organisation=organisation):
            if person.email:
                self.by_email.setdefault(person.email.lower(), []).append(person)
            self.by_name.setdefault(person.name.lower(), []).append(person)
        self.projects: dict[str, Project] = {}
        for project in Project.objects.filter(organisation=organisation).order_by("-pk"):
            self.projects[project.title.lower()] = project
            self.projects[str(project.pk)] = project

    def person(self, row: Row) -> Person:
        email = (row.get("person_email") or "").strip().lower()
        name = (row.get("person_name") or "").strip().lower()
        if not (email or name):
            raise RowProblem("person_email", _("give person_email or person_name"))
        matches = self.by_email.get(email, []) if email else self.by_name.get(name, [])
        if len(matches) != 1:
            raise RowProblem("person_email" if email else "person_name",
                             _("matches nobody") if not matches else _("matches more than "
                                                                       "one person"))
        return matches[0]

    def project(self, text: str | None) -> Project | None:
        key = (text or "").strip().lower()
        if not key:
            return None
        if key not in self.projects:
            raise RowProblem("project", _("no project with this title or number"))
        return self.projects[key]


def choice(text: str | None, values: Iterable[str], field: str) -> str:
    value = (text or "").strip().lower()
    if value not in values:
        raise RowProblem(field, _("must be one of: %(values)s") % {"values": ", ".join(values)})
    return value


def row_minutes(row: Row) -> int:
    try:
        if (row.get("minutes") or "").strip():
            return parse_minutes(row["minutes"])
        return parse_minutes(row.get("hours") or "", hours=True)
    except ValueError:
        raise RowProblem("minutes", _("is not a number of minutes or hours")) from None


def hours_row(organisation: Any, row: Row, by: Any, found: Lookups) -> None:
    kind = choice(row.get("kind") or "participant", ["participant", "staff"], "kind")
    if kind == "staff":
        email = (row.get("staff_email") or "").strip()
        staff = User.objects.filter(email__iexact=email, memberships__organisation=organisation
                                    ).first() if email else None
        if staff is None:
            raise RowProblem("staff_email", _("is not a member of this organisation"))
        giver = Giver(staff=staff)
    else:
        giver = Giver(person=found.person(row))
    cost = (row.get("hourly_cost") or "").strip()
    confirmed = (row.get("confirmed") or "").strip().lower()
    if confirmed not in YES | NO:
        raise RowProblem("confirmed", _("must be yes or no"))
    try:
        record_hours(
            organisation, giver, parse_date(row.get("date", "")), row_minutes(row),
            choice(row.get("activity") or "other", Activity.values, "activity"), by,
            project=found.project(row.get("project")),
            confirmed=confirmed in YES, hourly_cost_pence=parse_pence(cost) if cost else None,
            external_id=row["external_id"], description=_("Imported"))
    except AmountError:
        raise RowProblem("hourly_cost", _("is not an amount in pounds and pence")) from None
    except ValidationError as error:
        raise RowProblem("minutes", error.messages[0]) from None


RECOGNITION_STATUS = {"submitted": OfferStatus.OFFERED, "approved": OfferStatus.ACCEPTED,
                      "rejected": OfferStatus.DECLINED, "paid": OfferStatus.PAID}


def payment_row(organisation: Any, row: Row, by: Any, found: Lookups) -> None:
    kind = choice(row.get("kind"), ["expense", "recognition"], "kind")
    status = choice(row.get("status"), list(RECOGNITION_STATUS), "status")
    person, day = found.person(row), parse_date(row.get("date", ""))
    project = found.project(row.get("project"))
    try:
        amount = parse_pence(row.get("amount") or "")
    except AmountError:
        raise RowProblem("amount", _("is not an amount in pounds and pence")) from None
    if amount <= 0:
        raise RowProblem("amount", _("must be more than zero"))
    method = (row.get("method") or "").strip().lower()
    if method and method not in PayMethod.values:
        raise RowProblem("method", _("must be one of: %(values)s") % {
            "values": ", ".join(PayMethod.values)})
    paid = status == "paid"
    if kind == "expense":
        Claim.objects.create(
            organisation=organisation, person=person, spent_on=day, amount_pence=amount,
            kind=choice(row.get("category"), ClaimKind.values, "category"), project=project,
            status=ClaimStatus(status), description=(row.get("description") or "")[:300],
            entered_by=by, paid_on=day if paid else None, paid_method=method if paid else "",
            external_id=row["external_id"])
    else:
        Offer.objects.create(
            organisation=organisation, person=person, offered_on=day, amount_pence=amount,
            kind=choice(row.get("category") or "voucher", OfferKind.values, "category"),
            project=project, status=RECOGNITION_STATUS[status],
            answer_status=OfferStatus.ACCEPTED if paid else "",
            activity=(row.get("description") or _("Imported"))[:300], offered_by=by,
            paid_on=day if paid else None, paid_method=method if paid else "",
            external_id=row["external_id"])


def external_ids(organisation: Any, *models: Any) -> set[str]:
    known: set[str] = set()
    for model in models:
        known |= set(model.objects.filter(organisation=organisation).exclude(external_id="")
                     .values_list("external_id", flat=True))
    return known


def run(organisation: Any, rows: Iterable[tuple[int, Row]], by: Any, known: set[str],
        one_row: Any) -> ImportReport:
    """Add each new row with `one_row`, each in its own savepoint; skip rows already known."""
    report, found = ImportReport(), Lookups(organisation)
    with transaction.atomic():
        for number, row in rows:
            external_id = (row.get("external_id") or "").strip()
            if not external_id:
                report.errors.append(RowError(number, "external_id", _("is empty")))
                continue
            if external_id in known:
                report.unchanged += 1
                continue
            try:
                with transaction.atomic():
                    one_row(organisation, {**row, "external_id": external_id}, by, found)
            except RowProblem as problem:
                report.errors.append(RowError(number, problem.field, problem.message))
                continue
            known.add(external_id)
            report.created += 1
    return report


def import_hours(organisation: Any, rows: Iterable[tuple[int, Row]], by: Any = None
                 ) -> ImportReport:
    return run(organisation, rows, by, external_ids(organisation, Contribution), hours_row)


def import_payments(organisation: Any, rows: Iterable[tuple[int, Row]], by: Any = None
                    ) -> ImportReport:
    """Expenses and recognition payments; each row's kind says which it is."""
    return run(organisation, rows, by, external_ids(organisation, Claim, Offer), payment_row)
