"""Drawing and keeping a panel: the named functions the views call."""

import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Algorithm, Selection
from .selection import Pool, Quota, QuotaError, legacy, maximin, replacement


def unsealed(selection: Selection) -> dict[str, Any]:
    """The pool as stored: ids, features, households and the people they stand for."""
    return json.loads(selection.sealed_pool or "{}") or {"ids": [], "features": {}}


def seal(pool: Pool, people: dict[str, int] | None = None) -> str:
    return json.dumps({"ids": pool.ids, "features": pool.features,
                       "households": pool.households, "people": people or {}})


def pool_of(selection: Selection) -> Pool:
    data = unsealed(selection)
    return Pool(data["ids"], data["features"], data.get("households", {}))


def quotas_of(selection: Selection) -> list[Quota]:
    return [Quota(**q) for q in selection.quotas]


def draw_panel(organisation: Any, title: str, pool: Pool, quotas: list[Quota], size: int,
               seed: str, algorithm: str, by: Any, people: dict[str, int] | None = None,
               special: list[str] | None = None, source: str = "") -> Selection:
    """Check the quotas, draw the panel and keep the draw with everything needed to check it
    (the pool encrypted, as its features may be special-category information)."""
    run = maximin if algorithm == Algorithm.MAXIMIN else legacy
    result = run(pool, quotas, size, seed)
    return Selection.objects.create(
        organisation=organisation, title=title, size=size, algorithm=algorithm, seed=seed,
        sealed_pool=seal(pool, people), special=special or [], source=source[:200],
        quotas=[q.__dict__ for q in quotas], panel=result.panel, reserves=result.reserves,
        probabilities=result.probabilities, portfolio=result.portfolio, created_by=by)


@transaction.atomic
def replace_member(selection: Selection, leaving: str) -> str:
    """Replace someone who drops out with the first reserve who keeps every quota."""
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if leaving not in selection.panel:
        raise QuotaError(_("%(id)s is not on the panel.") % {"id": leaving})
    chosen = replacement(pool_of(selection), quotas_of(selection), selection.panel, leaving,
                         selection.reserves)
    if chosen is None:
        raise QuotaError(_("No one on the reserve list keeps every quota: draw more reserves."))
    selection.panel = sorted([p for p in selection.panel if p != leaving] + [chosen])
    selection.reserves = [r for r in selection.reserves if r != chosen]
    selection.replaced = [*selection.replaced, [leaving, chosen]]
    selection.save(update_fields=["panel", "reserves", "replaced"])
    return chosen
