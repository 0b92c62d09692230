"""The people export: one row per person, every cell safe to open in a spreadsheet."""

import csv
from collections.abc import Iterator

from django.db.models import QuerySet

from coproduce.lib.csvsafe import safe_cell
from coproduce.organisations.models import Organisation

from .imports import COLUMNS
from .models import JourneyStage, Person


class Echo:
    """A file-like object whose write() hands back the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def person_row(person: Person, stages: dict[int, str]) -> list[object]:
    consents = person.current_consents()

    def consent(purpose: str) -> str:
        return "" if purpose not in consents else "yes" if consents[purpose].is_held else "no"

    return [
        person.external_id, person.name, person.email, person.phone, person.address,
        person.postcode, "; ".join(person.contact_ways), person.languages,
        "; ".join(need.kind for need in person.access_needs.all()),
        "; ".join(group.name for group in person.groups.all()),
        stages.get(getattr(person, "current_stage_id", None) or 0, ""),
        person.date_joined.isoformat(),
        consent("contact"), consent("sensitive"), consent("quote"), consent("photos"),
    ]


def csv_lines(organisation: Organisation) -> Iterator[str]:
    """Yield the CSV export of an organisation's active people, line by line.

    The columns are the import's, so an export can be imported again.
    """
    people: QuerySet[Person] = (
        Person.objects.filter(organisation=organisation).active().with_stage()
        .prefetch_related("groups", "access_needs", "consents")
    )
    stages = dict(JourneyStage.objects.filter(organisation=organisation).values_list("pk", "name"))
    writer = csv.writer(Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield writer.writerow(COLUMNS)
    for person in people.iterator(chunk_size=500):
        yield writer.writerow([safe_cell(cell) for cell in person_row(person, stages)])
