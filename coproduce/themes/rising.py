"""Themes rising: more open voices in the last weeks than in the weeks before.

Only open voices count (a theme whose voices are all answered is not "rising"), and voices
removed by staff never count.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from coproduce.voices.models import OUTCOME_STATUSES

from .models import Theme

WINDOW_DAYS = 30
FEWEST = 3  # fewer new voices than this is not yet a rise


@dataclass(frozen=True)
class Rising:
    theme: Theme
    recent: int
    before: int


def rising(organisation: Any, today: datetime.date, limit: int = 5) -> list[Rising]:
    """The themes with the most open voices lately, where that is more than before (1 query)."""
    start = today - datetime.timedelta(days=WINDOW_DAYS)
    earlier = start - datetime.timedelta(days=WINDOW_DAYS)
    is_open = ~Q(placements__voice__status__in=OUTCOME_STATUSES) & Q(
        placements__voice__removed_at__isnull=True)
    # Filtering first keeps the count to the last two windows' voices (one join).
    themes = (Theme.objects.filter(organisation=organisation,
                                   placements__voice__heard_on__gt=earlier,
                                   placements__voice__heard_on__lte=today)
              .annotate(recent=Count("placements", filter=is_open & Q(
                  placements__voice__heard_on__gt=start,
                  placements__voice__heard_on__lte=today)),
                        before=Count("placements", filter=is_open & Q(
                            placements__voice__heard_on__gt=earlier,
                            placements__voice__heard_on__lte=start)))
              .filter(recent__gte=FEWEST).select_related("organisation")
              .order_by("-recent", "label"))
    return [Rising(t, t.recent, t.before) for t in themes if t.recent > t.before][:limit]
