"""The build-up: how many people, channels and groups stand behind each tag, and since when."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Model, Q, QuerySet

from .models import Tag, Voice


@dataclass
class BuildUp:
    tag: Model  # a Tag, or a theme
    voices: int
    people: int
    channels: int
    groups: int
    first: datetime.date
    last: datetime.date
    recent: int  # heard in the last 90 days
    before: int  # heard in the 90 days before that

    @property
    def trend(self) -> str:
        if self.recent > self.before:
            return "rising"
        if self.recent < self.before:
            return "falling"
        return "steady"


def build_up(organisation: Any, today: datetime.date) -> list[BuildUp]:
    """Tags with the voices behind them, the widest support first."""
    return support(Voice.tags.through.objects.filter(tag__organisation=organisation), "tag_id",
                   {tag.pk: tag for tag in Tag.objects.filter(organisation=organisation)}, today)


def support(links: "QuerySet[Any]", key: str, groups: dict[int, Any],
            today: datetime.date) -> list[BuildUp]:
    """For links of voices to groups (tags or themes): the support behind each group."""
    recent = today - datetime.timedelta(days=90)
    before = today - datetime.timedelta(days=180)
    rows = (
        links.values(key)
        .annotate(
            voices=Count("voice_id"),
            people=Count("voice__person_id", distinct=True),
            channels=Count("voice__channel", distinct=True),
            groups=Count("voice__group_id", distinct=True),
            first=Min("voice__heard_on"),
            last=Max("voice__heard_on"),
            recent=Count("voice_id", filter=Q(voice__heard_on__gt=recent)),
            before=Count("voice_id", filter=Q(voice__heard_on__gt=before,
                                              voice__heard_on__lte=recent)),
        )
    )
    result = [BuildUp(tag=groups[row.pop(key)], **row) for row in rows if row[key] in groups]
    return sorted(result, key=lambda b: (-b.people, -b.channels, -b.voices, str(b.tag)))
