"""Drawing and keeping a panel: the named functions the views call."""

from typing import Any

from django.db import transaction

from .models import Algorithm, Selection
from .selection import Pool, Quota, QuotaError, legacy, maximin, replacement


def pool_of(selection: Selection) -> Pool:
    data = selection.pool
    return Pool(data["ids"], data["features"], data.get("households", {}))


def quotas_of(selection: Selection) -> list[Quota]:
    return [Quota(**q) for q in selection.quotas]


def draw_panel(organisation: Any, title: str, pool: Pool, quotas: list[Quota], size: int,
               seed: str, algorithm: str, by: Any) -> Selection:
    """Check the quotas, draw the panel and keep the draw with everything needed to check it."""
    run = maximin if algorithm == Algorithm.MAXIMIN else legacy
    result = run(pool, quotas, size, seed)
    return Selection.objects.create(
        organisation=organisation, title=title, size=size, algorithm=algorithm, seed=seed,
        pool={"ids": pool.ids, "features": pool.features, "households": pool.households},
        quotas=[q.__dict__ for q in quotas], panel=result.panel, reserves=result.reserves,
        probabilities=result.probabilities, portfolio=result.portfolio, created_by=by)


@transaction.atomic
def replace_member(selection: Selection, leaving: str) -> str:
    """Replace someone who drops out with the first reserve who keeps every quota."""
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if leaving not in selection.panel:
        raise QuotaError(f"{leaving} is not on the panel.")
    chosen = replacement(pool_of(selection), quotas_of(selection), selection.panel, leaving,
                         selection.reserves)
    if chosen is None:
        raise QuotaError("No one on the reserve list keeps every quota: draw more reserves.")
    selection.panel = sorted([p for p in selection.panel if p != leaving] + [chosen])
    selection.reserves = [r for r in selection.reserves if r != chosen]
    selection.replaced = [*selection.replaced, [leaving, chosen]]
    selection.save(update_fields=["panel", "reserves", "replaced"])
    return chosen
