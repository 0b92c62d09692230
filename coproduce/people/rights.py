"""The rights of the people recorded: see everything held about one person, or erase it.

People knows its own tables. Apps above it (voices, projects, …) hold more about a person but
may not be imported here, so each registers, from its AppConfig.ready(), a `Holder`: a name,
an exporter that returns its part of a person's record as plain JSON-ready data, an eraser
that removes (or anonymises) that part, and optionally the date the person was last active
there (for the retention rule).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from coproduce.audit.models import Action, AuditEvent, forget, record

from .models import Person

Section = dict[str, Any] | list[Any]


@dataclass(frozen=True)
class Erasure:
    """What an eraser is asked to do for one person."""

    person: Person
    delete_voices: bool
    # Text that identifies the person (name, e-mail, phone, address…): anything kept that
    # mentions it must have it taken out.
    identifying: tuple[str, ...]

    def scrub(self, text: str) -> str:
        """Return `text` with every identifying string replaced by a neutral mark."""
        for value in sorted(self.identifying, key=len, reverse=True):
            # Whole words only, so that "Sam" leaves "same" alone.
            pattern = rf"(?<!\w){re.escape(value)}(?!\w)"
            text = re.sub(pattern, "[removed]", text, flags=re.IGNORECASE)
        return text

    def mentions(self, text: str) -> bool:
        lowered = text.lower()
        return any(value.lower() in lowered for value in self.identifying)


@dataclass(frozen=True)
class Holder:
    name: str
    export: Callable[[Person], Section]
    erase: Callable[[Erasure], dict[str, int]]
    last_active: Callable[[Person], datetime.date | None] | None = None


_holders: dict[str, Holder] = {}


def register(name: str, export: Callable[[Person], Section],
             erase: Callable[[Erasure], dict[str, int]],
             last_active: Callable[[Person], datetime.date | None] | None = None) -> None:
    """Add (or replace, so a reload stays harmless) what one app holds about people."""
    _holders[name] = Holder(name, export, erase, last_active)


def holders() -> list[Holder]:
    return list(_holders.values())


def identifying_text(person: Person) -> tuple[str, ...]:
    """The strings that would name this person if left anywhere (three letters or more)."""
    first_line = person.address.strip().splitlines()[0] if person.address.strip() else ""
    values = [person.name, person.email, person.phone, person.address, first_line,
              person.postcode, person.external_id]
    return tuple(sorted({v.strip() for v in values if len(v.strip()) >= 3}))


def own_record(person: Person, sensitive: bool) -> dict[str, Any]:
    """Everything the People app holds about the person."""
    data: dict[str, Any] = {
        "id": person.pk,
        "organisation": person.organisation.name,
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "address": person.address,
        "postcode": person.postcode,
        "contact_ways": person.contact_ways,
        "languages": person.languages,
        "groups": [group.name for group in person.groups.all()],
        "date_joined": person.date_joined.isoformat(),
        "external_id": person.external_id,
        "quote_as": person.quote_as,
        "archived_at": person.archived_at.isoformat() if person.archived_at else None,
        "created_at": person.created_at.isoformat(),
        "updated_at": person.updated_at.isoformat(),
        "consents": [
            {"purpose": c.purpose, "given": c.given, "how": c.how,
             "recorded_on": c.recorded_on.isoformat(),
             "recorded_by": c.recorded_by.email if c.recorded_by else None}
            for c in person.consents.select_related("recorded_by").order_by("recorded_on", "pk")
        ],
        "access_needs": [{"kind": n.kind, "detail": n.detail} for n in person.access_needs.all()],
        "journey": [{"stage": step.stage.name, "on": step.on.isoformat()}
                    for step in person.journey.select_related("stage").order_by("on", "pk")],
        "logins": [{"email": m.user.email, "role": m.role}
                   for m in person.logins.select_related("user")],
    }
    info = getattr(person, "sensitive", None)
    if info is None:
        data["special_category"] = None
    elif sensitive:
        data["special_category"] = {name: getattr(info, name) for name in info.FIELDS}
    else:
        data["special_category"] = "withheld: the person exporting may not see it"
    data["audit"] = [
        {"at": event.at.isoformat(), "action": event.action,
         "by": event.user.email if event.user else None}
        for event in AuditEvent.objects.filter(organisation=person.organisation,
                                               target=f"person {person.pk}")
        .select_related("user").order_by("at", "pk")
    ]
    return data


def export_person(person: Person, *, sensitive: bool) -> dict[str, Any]:
    """Return everything held about `person`: their record, then each app's part."""
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat(),
                            "person": own_record(person, sensitive)}
    for holder in holders():
        data[holder.name] = holder.export(person)
    return data


def find_person(organisation: Any, who: str) -> Person | None:
    """Find one of the organisation's people by id or e-mail address."""
    people = Person.objects.filter(organisation=organisation)
    if who.isdigit():
        return people.filter(pk=int(who)).first()
    found = list(people.filter(email__iexact=who.strip())[:2])
    return found[0] if len(found) == 1 else None


class ErasureRefused(Exception):
    pass


@transaction.atomic
def erase_person(person: Person, *, delete_voices: bool, by: Any = None) -> dict[str, int]:
    """Remove the person and everything that identifies them; keep that it was done.

    Each app's eraser runs first (voices deleted, or kept without their link and with any
    identifying text taken out), then the person's own rows go, and every earlier audit
    entry that named them is rewritten so that none does.
    """
    if person.logins.exists():
        raise ErasureRefused(
            "This person signs in to Coproduce: remove their membership first.")
    erasure = Erasure(person, delete_voices, identifying_text(person))
    counts: dict[str, int] = {}
    for holder in holders():
        for key, value in holder.erase(erasure).items():
            counts[f"{holder.name}.{key}"] = value
    organisation, target = person.organisation, f"person {person.pk}"
    counts["people.consents"] = person.consents.count()
    counts["people.access_needs"] = person.access_needs.count()
    counts["people.journey"] = person.journey.count()
    person.delete()  # consents, needs, journey and special-category data go with it
    counts["audit.rewritten"] = forget(organisation, target, erasure.identifying)
    record(Action.PERSON_ERASED, user=by, organisation=organisation, target="erased person",
           voices="deleted" if delete_voices else "kept anonymised")
    transaction.on_commit(flush_old_pages)
    return counts


def flush_old_pages() -> None:
    """On SQLite, copy the write-ahead log into the file and empty it: its old page images
    would otherwise still hold what was erased until the next checkpoint."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def last_active(person: Person) -> datetime.date:
    """The last date anything happened with this person, here or in any app."""
    dates = [timezone.localdate(person.updated_at), person.date_joined]
    own = person.consents.aggregate(on=Max("recorded_on"))["on"]
    step = person.journey.aggregate(on=Max("on"))["on"]
    dates += [d for d in (own, step) if d]
    for holder in holders():
        if holder.last_active is not None:
            seen = holder.last_active(person)
            if seen:
                dates.append(seen)
    return max(dates)


def inactive_people(organisation: Any, years: int, today: datetime.date) -> list[Person]:
    """People with nothing recorded for `years` years and no login (the retention rule)."""
    cutoff = today.replace(year=today.year - years) if not (
        today.month == 2 and today.day == 29) else today.replace(year=today.year - years, day=28)
    candidates = Person.objects.filter(organisation=organisation).filter(
        Q(updated_at__date__lt=cutoff) & Q(date_joined__lt=cutoff) & Q(logins__isnull=True)
    ).select_related("organisation")
    return [person for person in candidates if last_active(person) < cutoff]


def readable(value: Any) -> str:
    """One value of an export, as text a person can read."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {readable(item)}"
                         for key, item in value.items())
    if isinstance(value, list):
        return "\n".join(readable(item) for item in value)
    return str(value)


def sections(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The export as titled lists of (label, text) rows, for the page and the PDF."""
    result = []
    for name, section in data.items():
        if not isinstance(section, dict):
            continue
        rows = [(key.replace("_", " "), readable(value)) for key, value in section.items()]
        result.append((name, rows))
    return result
