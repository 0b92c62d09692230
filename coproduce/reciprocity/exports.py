"""CSV exports of hours and claims: streamed, and safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from coproduce.lib.csvsafe import safe_cell

from .models import Claim, Contribution
from .money import pounds


class Echo:
    """A file-like object whose write() hands back the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def lines(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    writer = csv.writer(Echo())
    yield writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def hours_lines(entries: QuerySet[Contribution]) -> Iterator[str]:
    header = ["id", "date", "side", "who", "minutes", "hours", "activity", "project",
              "status", "description", "external_id"]
    rows = ([e.pk, e.on.isoformat(), e.side, e.giver_name, e.minutes, e.hours, e.activity,
             e.project.title if e.project else "", e.status, e.description, e.external_id]
            for e in entries.iterator(chunk_size=2000))
    return lines(header, rows)


def claim_lines(claims: QuerySet[Claim]) -> Iterator[str]:
    header = ["id", "date", "person", "category", "amount", "status", "project", "in_advance",
              "supplier", "paid_on", "method", "reference", "reverses", "description"]
    rows = ([c.pk, c.spent_on.isoformat(), c.person.name, c.kind, pounds(c.amount_pence),
             c.status, c.project.title if c.project else "", "yes" if c.in_advance else "no",
             c.supplier, c.paid_on.isoformat() if c.paid_on else "", c.paid_method,
             c.paid_reference, c.reverses_id or "", c.description]
            for c in claims.iterator(chunk_size=2000))
    return lines(header, rows)
