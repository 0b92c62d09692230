"""Demo panel drawn from People for the housing association: only residents whose latest
consent allows contact, stratified by where they are on the involvement journey."""

import math
from collections import Counter
from typing import Any

from django.db import transaction

from coproduce.people.models import Person
from coproduce.sortition.drawing import draw_panel
from coproduce.sortition.selection import Quota
from coproduce.sortition.sources import build_pool, describe_source

TITLE = "Repairs service design panel"
SIZE = 12


def quotas_for(values: Counter[str], size: int) -> list[Quota]:
    """Quotas near each value's share of the pool, loose enough for the household rule."""
    total = sum(values.values())
    return [Quota("stage", value, max(0, math.floor(count * size / total) - 1),
                  min(count, math.ceil(count * size / total) + 1))
            for value, count in sorted(values.items())]


def make_people_panel(organisation: Any, by: Any) -> None:
    if organisation.slug != "northgate-homes" or organisation.panel_selections.filter(
            title=TITLE).exists():
        return
    built = build_pool(Person.objects.filter(organisation=organisation), ["stage"], True)
    if len(built.pool.ids) < SIZE * 2:
        return
    quotas = quotas_for(Counter(f["stage"] for f in built.pool.features.values()), SIZE)
    with transaction.atomic():
        draw_panel(organisation, TITLE, built.pool, quotas, SIZE,
                   "2026 04 02 numbers drawn at the tenants' forum", "maximin", by,
                   people=built.people, source=describe_source("people"))
