"""The equity lens: who is being heard, and who is not.

All figures are for one organisation and one period. For those who may see aggregates only,
groups below the small number (coproduce.lib.smallnumbers) are never broken down and counts
of 1 to 4 are shown as "fewer than 5".
"""

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone

from coproduce.lib import smallnumbers
from coproduce.people.models import Consent, ConsentPurpose, Group, Person

from .models import Channel, Voice

QUIET_RATIO = 0.5  # heard at less than half their share of the membership


@dataclass
class GroupRow:
    group: Group
    people: int
    voices: int
    heard: int  # distinct people of the group heard
    voice_share: float
    people_share: float

    @property
    def ratio(self) -> float | None:
        return self.voice_share / self.people_share if self.people_share else None

    @property
    def is_small(self) -> bool:
        return self.people < smallnumbers.threshold()

    @property
    def is_quiet(self) -> bool:
        return not self.is_small and self.ratio is not None and self.ratio < QUIET_RATIO


@dataclass
class Lens:
    start: datetime.date
    end: datetime.date
    total: int = 0
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_group: list[GroupRow] = field(default_factory=list)
    contributors: int = 0
    anonymous: int = 0
    top_tenth_share: float = 0.0
    gini: float = 0.0
    not_heard: int = 0
    not_heard_people: list[Person] = field(default_factory=list)

    @property
    def quiet_groups(self) -> list[GroupRow]:
        return [row for row in self.by_group if row.is_quiet]


def gini(counts: list[int]) -> float:
    """Gini coefficient of contributions: 0 when everyone is heard equally, near 1 when one is."""
    values = sorted(counts)
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum((index + 1) * value for index, value in enumerate(values))
    return (2 * weighted) / (n * total) - (n + 1) / n


def top_share(counts: list[int], fraction: float = 0.1) -> float:
    """Share of all voices that came from the most active `fraction` of contributors."""
    if not counts:
        return 0.0
    values = sorted(counts, reverse=True)
    top = max(1, math.ceil(len(values) * fraction))
    return sum(values[:top]) / sum(values)


def lens(organisation: Any, start: datetime.date, end: datetime.date,
         quiet_months: int = 6, list_limit: int = 50) -> Lens:
    voices = Voice.objects.filter(organisation=organisation, heard_on__range=(start, end))
    result = Lens(start=start, end=end)
    labels = dict(Channel.choices)
    channel_counts = dict(voices.values_list("channel").annotate(n=Count("id")))
    result.total = sum(channel_counts.values())
    result.by_channel = sorted(
        ((str(labels.get(channel, channel)), n) for channel, n in channel_counts.items()),
        key=lambda row: -row[1])

    counts = list(voices.filter(person__isnull=False).values("person")
                  .annotate(n=Count("id")).values_list("n", flat=True))
    result.contributors = len(counts)
    result.anonymous = result.total - sum(counts)
    result.top_tenth_share = top_share(counts)
    result.gini = gini(counts)

    people = Person.objects.filter(organisation=organisation).active()
    all_people = people.count()
    sizes = dict(people.filter(groups__isnull=False).values_list("groups")
                 .annotate(n=Count("id")))
    heard = {row["person__groups"]: row for row in voices.filter(person__groups__isnull=False)
             .values("person__groups")
             .annotate(n=Count("id"), heard=Count("person", distinct=True))}
    attributed = sum(counts) or 1
    for group in Group.objects.filter(organisation=organisation).order_by("name"):
        row = heard.get(group.pk, {"n": 0, "heard": 0})
        size = sizes.get(group.pk, 0)
        result.by_group.append(GroupRow(
            group=group, people=size, voices=row["n"], heard=row["heard"],
            voice_share=row["n"] / attributed,
            people_share=size / all_people if all_people else 0.0))

    cutoff = end - datetime.timedelta(days=int(quiet_months * 30.44))
    contact = Consent.objects.filter(person=OuterRef("pk"), purpose=ConsentPurpose.CONTACT
                                     ).order_by("-recorded_on", "-id").values("given")[:1]
    waiting = (people.annotate(contact=Subquery(contact), last=Max("voices__heard_on"))
               .filter(Q(last__lt=cutoff) | Q(last__isnull=True), contact=True)
               .not_on_break(timezone.localdate())
               .select_related("organisation").order_by("last", "name"))
    result.not_heard = waiting.count()
    result.not_heard_people = list(waiting[:list_limit])
    return result
