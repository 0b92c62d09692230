"""A person's whole story on one page: what they said, what they were told, what they took
part in, and their consent, in date order.

Each app contributes its own section by registering a function here when it starts (people may
not import the apps above it). A section function takes the person and returns its events
with a fixed number of queries, whatever their number, so the page stays fast at 1,000 events.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Person


@dataclass(frozen=True)
class Event:
    when: datetime.date
    section: str
    title: str
    detail: str = ""
    url: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


Collect = Callable[[Person], Iterable[Event]]


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    collect: Collect


_sections: dict[str, Section] = {}


def register(key: str, label: str | Promise, collect: Collect) -> None:
    """Add (or replace) a section of the timeline; `collect(person)` returns its events."""
    _sections[key] = Section(key, label, collect)


def sections() -> list[Section]:
    return list(_sections.values())


def day_of(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def timeline(person: Person, only: Iterable[str] = ()) -> list[Event]:
    """Every event of the chosen sections (all if none), newest first."""
    wanted = set(only) or set(_sections)
    events = [event for key, section in _sections.items() if key in wanted
              for event in section.collect(person)]
    return sorted(events, key=lambda e: e.when, reverse=True)


def consent_events(person: Person) -> Iterable[Event]:
    for consent in person.consents.all():
        state = _("given") if consent.given else _("withdrawn or refused")
        yield Event(consent.recorded_on, "consent",
                    f"{consent.get_purpose_display()}: {state}", str(consent.get_how_display()))


def journey_events(person: Person) -> Iterable[Event]:
    for step in person.journey.select_related("stage"):
        yield Event(step.on, "consent", _("Became: %(stage)s") % {"stage": step.stage})


def register_own(_unused: Any = None) -> None:
    register("consent", gettext_lazy("Consent and journey"),
             lambda p: [*consent_events(p), *journey_events(p)])
