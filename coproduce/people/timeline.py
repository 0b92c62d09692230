"""A person's whole story on one page: what they said, what they were told, what they took
part in, and their consent, in date order.

Each app contributes its own section by registering a function here when it starts (people may
not import the apps above it). A section function takes the person and returns its events
with a fixed number of queries, whatever their number, so the page stays fast at 1,000 events.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
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


def timeline(person: Person, only: Iterable[str] = ()) -> list[tuple[str, Event]]:
    """Every event of the chosen sections (all if none), newest first, with its date shown."""
    wanted = set(only) or set(_sections)
    events = [event for key, section in _sections.items() if key in wanted
              for event in section.collect(person)]
    months = [""] + [str(MONTHS_3[month]).title() for month in range(1, 13)]
    return [(f"{e.when.day} {months[e.when.month]} {e.when.year}", e)
            for e in sorted(events, key=lambda e: e.when, reverse=True)]


def as_html(rows: list[tuple[str, Event]]) -> SafeString:
    """The timeline's list items, built here because a template loop over 1,000 events is the
    slowest part of the page. Everything shown is escaped."""
    items = []
    for when, event in rows:
        title = escape(event.title)
        if event.url:
            title = f'<a class="govuk-link" href="{escape(event.url)}">{title}</a>'
        tags = "".join(f' <strong class="govuk-tag govuk-tag--grey">{escape(tag)}</strong>'
                       for tag in event.tags)
        detail = (f'<br><span class="govuk-hint govuk-!-display-inline">{escape(event.detail)}'
                  "</span>") if event.detail else ""
        items.append(f'<li class="app-timeline__item"><span class="govuk-body-s '
                     f'govuk-!-font-weight-bold">{escape(when)}</span> {title}{tags}{detail}</li>')
    return mark_safe("\n".join(items))  # noqa: S308 - every value above is escaped


def labels(choices: Any) -> dict[str, str]:
    """A TextChoices' labels in the page's language, translated once rather than per row."""
    return {value: str(label) for value, label in choices.choices}


def url_maker(name: str, **kwargs: Any) -> Callable[[int], str]:
    """Reverse a URL once and fill in each object's id, for pages that link hundreds of rows."""
    pattern = reverse(name, kwargs={**kwargs, "voice_id": 999999999})
    return lambda pk: pattern.replace("999999999", str(pk))


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
