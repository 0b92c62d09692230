"""Summaries over all of an organisation's voices, kept in the shared cache until voices change.

The build-up and the equity lens read every voice of the organisation; at 200,000 voices that
takes a few hundred milliseconds. Their results are cached (in the database cache that every
app server shares) under a key that changes whenever a voice is added, changed, deleted or
re-tagged, so nobody ever sees a stale figure.
"""

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db.models import Count, Max

from coproduce.people.models import Consent, Person

from .models import Voice

T = TypeVar("T")


def voices_version(organisation: Any) -> str:
    """A string that changes whenever the organisation's voices or their tags change."""
    summary = Voice.objects.filter(organisation=organisation).aggregate(
        n=Count("id"), changed=Max("updated_at"))
    tagged = Voice.tags.through.objects.filter(tag__organisation=organisation).aggregate(
        n=Count("id"), last=Max("id"))
    return f"{summary['n']}.{summary['changed']}.{tagged['n']}.{tagged['last']}"


def people_version(organisation: Any) -> str:
    """A string that changes when people, their groups or their consents change."""
    people = Person.objects.filter(organisation=organisation).aggregate(
        n=Count("id"), changed=Max("updated_at"))
    groups = Person.groups.through.objects.filter(person__organisation=organisation).aggregate(
        n=Count("id"), last=Max("id"))
    consents = Consent.objects.filter(person__organisation=organisation).aggregate(
        n=Count("id"), last=Max("id"))
    return (f"{people['n']}.{people['changed']}.{groups['n']}.{groups['last']}."
            f"{consents['n']}.{consents['last']}")


def cached_summary(organisation: Any, name: str, compute: Callable[[], T], *params: Any) -> T:
    key = ":".join(["voices", name, str(organisation.pk), voices_version(organisation),
                    *map(str, params)])
    return cast(T, cache.get_or_set(key.replace(" ", "_"), compute, timeout=24 * 3600))
