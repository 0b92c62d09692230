"""Eligibility from an uploaded voters list: one voter code per eligible voter, with a report
of every row refused (its row, line, column and reason), so that one ballot is taken per
eligible voter however they vote (letter, paper or at an event).

A voter is known by the list's reference, else their e-mail, else their name and postcode;
uploading the same list again, or a longer one, adds only the voters not yet on it. Someone
whose e-mail matches a person in People is linked to them (their letter uses People's address).
"""

from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.lib.tabular import ImportReport, Row, RowError, read_rows
from coproduce.lib.text import has_control_characters, tidy
from coproduce.people.models import Person

from .models import Process, VoterCode

COLUMNS = {"reference": 200, "name": 150, "email": 254, "address": 500, "postcode": 12}
MAX_VOTERS = 20_000  # a ward's electorate; bigger lists are split by area


def key_of(row: Row) -> str:
    if row.get("reference"):
        return f"ref:{row['reference'].lower()}"
    if row.get("email"):
        return f"email:{row['email'].lower()}"
    name = " ".join(row["name"].lower().split())
    return f"name:{name}|{row.get('postcode', '').replace(' ', '').lower()}"


def check_row(number: int, row: Row) -> list[RowError]:
    errors = [RowError(number, name, _("is longer than %(limit)s characters")
                       % {"limit": limit}, row[name])
              for name, limit in COLUMNS.items() if len(row.get(name, "")) > limit]
    errors += [RowError(number, name, _("contains invisible control characters"))
               for name in COLUMNS if has_control_characters(row.get(name, ""))]
    if not row.get("name"):
        errors.append(RowError(number, "name", _("is missing")))
    if row.get("email"):
        try:
            validate_email(row["email"])
        except ValidationError:
            errors.append(RowError(number, "email", _("is not a valid email address"),
                                   row["email"]))
    return errors


def read_list(stream: IO[bytes], filename: str) -> tuple[dict[str, tuple[int, Row]],
                                                          ImportReport]:
    """The list's voters by key, first row kept, and the report of rows refused."""
    report = ImportReport()
    voters: dict[str, tuple[int, Row]] = {}
    for number, raw in read_rows(stream, filename):
        row = {name: tidy(raw.get(name) or "") for name in COLUMNS}
        errors = check_row(number, row)
        if not errors and key_of(row) in voters:
            errors = [RowError(number, "", _("is the same voter as row %(row)s")
                               % {"row": voters[key_of(row)][0]})]
        if errors:
            report.errors += errors
            report.refused_rows[number] = raw
            continue
        voters[key_of(row)] = (number, row)
        if len(voters) > MAX_VOTERS:
            raise ValidationError(_("The list has more than %(n)s voters: split it by area.")
                                  % {"n": f"{MAX_VOTERS:,}"})
    return voters, report


def import_voters(process: Process, stream: IO[bytes], filename: str) -> ImportReport:
    """Add a voter code for each eligible voter on the list not already given one."""
    voters, report = read_list(stream, filename)
    emails = {row["email"].lower() for _n, row in voters.values() if row["email"]}
    people = {p.email.lower(): p for p in Person.objects.filter(
        organisation=process.organisation, archived_at__isnull=True, email__in=emails)}
    with transaction.atomic():
        have = set(process.codes.exclude(reference="").values_list("reference", flat=True))
        linked = set(process.codes.filter(person__isnull=False).values_list("person_id",
                                                                            flat=True))
        new = []
        for key, (_number, row) in voters.items():
            person = people.get(row["email"].lower()) if row["email"] else None
            if key in have or (person is not None and person.pk in linked):
                report.unchanged += 1
                continue
            new.append(VoterCode(process=process, reference=key, person=person,
                                 name=row["name"], address=row["address"],
                                 postcode=row["postcode"].upper()))
        VoterCode.objects.bulk_create(new, batch_size=2000)
    report.created = len(new)
    return report
