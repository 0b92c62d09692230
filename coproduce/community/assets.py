"""The asset register's import and export, its map, and the counts of offered skills.

An import checks every row first and writes the good ones in one short transaction, so a
file is either read to the end or leaves nothing behind; a row is known again by its
reference, so importing the same file twice adds nothing twice.
"""

import io
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.lib import smallnumbers
from coproduce.lib.csvsafe import write_rows
from coproduce.lib.tabular import ImportReport, Row, RowError
from coproduce.people.models import Person

from .forms import clean_postcode
from .models import AccessFeature, Asset, AssetKind, Offer

COLUMNS = ["reference", "name", "name_cy", "kind", "description", "postcode", "latitude",
           "longitude", "access", "contact"]
SYNONYMS = {"id": "reference", "ref": "reference", "title": "name", "type": "kind",
            "welsh name": "name_cy", "enw": "name", "cod post": "postcode", "lat": "latitude",
            "lng": "longitude", "lon": "longitude", "access features": "access"}


class RowProblem(Exception):
    def __init__(self, field: str, message: str, value: str = "") -> None:
        super().__init__(message)
        self.field, self.message, self.value = field, message, value


def choose(text: str, choices: Any, field: str) -> str:
    """A value of `choices` written as its code or its English label."""
    wanted = " ".join(text.split()).lower()
    for value, label in choices.choices:
        if wanted in {value, str(label).lower(), str(label).split(" (")[0].lower()}:
            return str(value)
    raise RowProblem(field, _("must be one of: %(values)s") % {
        "values": ", ".join(choices.values)}, text)


def coordinate(text: str, field: str, low: int, high: int) -> Decimal | None:
    if not text.strip():
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise RowProblem(field, _("is not a number"), text) from None
    if not value.is_finite() or not low <= value <= high:
        raise RowProblem(field, _("is not in the United Kingdom"), text)
    return value.quantize(Decimal("0.00001"))


def asset_from(organisation: Any, row: Row) -> Asset:
    """Check one row and return the asset it describes (not saved)."""
    name = " ".join((row.get("name") or "").split())
    if not name:
        raise RowProblem("name", _("is empty"))
    if len(name) > 150:
        raise RowProblem("name", _("is longer than 150 characters"))
    try:
        postcode = clean_postcode(row.get("postcode") or "")
    except ValueError:
        raise RowProblem("postcode", _("is not a UK postcode"), row.get("postcode", "")
                         ) from None
    latitude = coordinate(row.get("latitude") or "", "latitude", 49, 61)
    longitude = coordinate(row.get("longitude") or "", "longitude", -9, 2)
    if (latitude is None) != (longitude is None):
        raise RowProblem("longitude", _("give both latitude and longitude, or neither"))
    access = [choose(part, AccessFeature, "access")
              for part in (row.get("access") or "").replace(",", ";").split(";") if part.strip()]
    return Asset(organisation=organisation, name=name,
                 name_cy=" ".join((row.get("name_cy") or "").split())[:150],
                 kind=choose(row.get("kind") or "other", AssetKind, "kind"),
                 description=(row.get("description") or "").strip()[:2000], postcode=postcode,
                 latitude=latitude, longitude=longitude, access=sorted(set(access)),
                 contact=" ".join((row.get("contact") or "").split())[:200],
                 external_id=(row.get("reference") or "").strip()[:100])


def import_assets(organisation: Any, rows: Iterable[tuple[int, Row]], user: Any = None,
                  mapping: dict[str, str] | None = None, dry_run: bool = False,
                  **_options: Any) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    known = set(Asset.objects.filter(organisation=organisation).exclude(external_id="")
                .values_list("external_id", flat=True))
    good: list[Asset] = []
    for number, raw in rows:
        if mapping is None:  # the command line: columns named as the export names them
            mapping = guess_columns(list(raw))
        row = {mapping[k]: v for k, v in raw.items() if k in mapping}
        try:
            asset = asset_from(organisation, row)
        except RowProblem as problem:
            report.errors.append(RowError(number, problem.field, problem.message,
                                          problem.value))
            report.refused_rows[number] = raw
            continue
        if asset.external_id and asset.external_id in known:
            report.unchanged += 1
            continue
        if asset.external_id:
            known.add(asset.external_id)
        good.append(asset)
    report.created = len(good)
    if not dry_run:
        with transaction.atomic():
            Asset.objects.bulk_create(good)
    return report


def guess_columns(columns: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for column in columns:
        key = " ".join(column.replace("_", " ").split()).lower()
        field = column if column in COLUMNS else SYNONYMS.get(key, key.replace(" ", "_"))
        if field in COLUMNS and field not in mapping.values():
            mapping[column] = field
    return mapping


def check_columns(mapping: dict[str, str]) -> list[str]:
    chosen = list(mapping.values())
    problems = [_("Two columns are sent to “%(field)s”: choose one.") % {"field": field}
                for field in sorted(set(chosen)) if chosen.count(field) > 1]
    if "name" not in chosen:
        problems.append(_("Choose the column that holds each asset's name."))
    return problems


def preview(organisation: Any, row: Row) -> list[tuple[Any, str]]:
    try:
        asset_from(organisation, row)
        problem: RowProblem | None = None
    except RowProblem as error:
        problem = error
    return [(name, f"⚠ {problem.message}" if problem and problem.field == name
             else row.get(name, "")) for name in COLUMNS if name in row]


def importer() -> Any:
    from coproduce.imports.registry import Importer

    return Importer(
        kind="assets", title=gettext_lazy("Import community assets"),
        permission="edit_assets", fields={column: column for column in COLUMNS},
        required=["name"], guess=guess_columns, check_mapping=check_columns,
        run=import_assets, preview=preview, back_url_name="community:assets",
        help_text=gettext_lazy("Only a name is required. Kind is place, group, equipment, "
                               "transport or other; separate access features with "
                               "semicolons (step_free; hearing_loop; toilets; parking; "
                               "transport)."),
        noun=lambda n: _("%(n)s assets") % {"n": n})


def export_csv(assets: Iterable[Asset]) -> str:
    """The register as CSV in the import's columns, safe to open in a spreadsheet."""
    out = io.StringIO()
    write_rows(out, COLUMNS, ([a.external_id, a.name, a.name_cy, a.kind, a.description,
                               a.postcode, a.latitude or "", a.longitude or "",
                               "; ".join(a.access), a.contact] for a in assets))
    return out.getvalue()


@dataclass
class SkillCount:
    skill: str
    people: int
    names: list[str]

    @property
    def shown(self) -> str:
        """The count, or "fewer than 5" (for those who may see aggregates only)."""
        return smallnumbers.shown(self.people)


def offered_skills(people: "Iterable[Person] | Any") -> list[SkillCount]:
    """How many people offer each skill; named only where they agreed to be."""
    counts: Counter[str] = Counter()
    named: dict[str, list[str]] = {}
    for offer in Offer.objects.filter(person__in=people, person__archived_at__isnull=True
                                      ).select_related("person"):
        for skill in offer.skill_list():
            counts[skill] += 1
            if offer.share_skills:
                named.setdefault(skill, []).append(offer.person.name)
    return [SkillCount(skill, n, sorted(named.get(skill, [])))
            for skill, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


TILE = 256


@dataclass
class Marker:
    number: int
    asset: Asset
    left: int
    top: int


@dataclass
class Tile:
    url: str
    left: int
    top: int


@dataclass
class Map:
    tiles: list[Tile]
    markers: list[Marker]
    width: int
    height: int
    attribution: str


def map_tiles() -> str:
    return getattr(settings, "COPRODUCE_MAP_TILES", "")


def tile_origin() -> str:
    """The scheme and host of the map tiles, for the page's Content-Security-Policy."""
    url = map_tiles()
    return "/".join(url.split("/")[:3]) if "://" in url else ""


def world_xy(latitude: float, longitude: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel position of a point at `zoom`."""
    scale = TILE * 2 ** zoom
    sin = math.sin(math.radians(latitude))
    x = (longitude + 180) / 360 * scale
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale
    return x, y


def build_map(assets: list[Asset], most_tiles: int = 4) -> Map | None:
    """A map of the placed assets made of plain tile images and positioned links (no
    script needed); None when tiles are not configured or no asset has a position."""
    url, placed = map_tiles(), [a for a in assets if a.has_position]
    if not url or not placed:
        return None
    points = [(float(a.latitude), float(a.longitude)) for a in placed]  # type: ignore[arg-type]
    for zoom in range(16, 2, -1):
        xy = [world_xy(lat, lng, zoom) for lat, lng in points]
        first_x, first_y = int(min(x for x, _y in xy) // TILE), int(min(y for _x, y in xy)
                                                                     // TILE)
        last_x, last_y = int(max(x for x, _y in xy) // TILE), int(max(y for _x, y in xy) // TILE)
        if last_x - first_x < most_tiles and last_y - first_y < most_tiles:
            break
    tiles = [Tile(url.format(z=zoom, x=tx, y=ty), (tx - first_x) * TILE, (ty - first_y) * TILE)
             for ty in range(first_y, last_y + 1) for tx in range(first_x, last_x + 1)]
    markers = [Marker(number, asset, int(x - first_x * TILE), int(y - first_y * TILE))
               for number, (asset, (x, y)) in enumerate(zip(placed, xy, strict=True), start=1)]
    return Map(tiles, markers, (last_x - first_x + 1) * TILE, (last_y - first_y + 1) * TILE,
               getattr(settings, "COPRODUCE_MAP_ATTRIBUTION", ""))
