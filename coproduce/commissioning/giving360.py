"""Awarded grants as 360Giving Data Standard 1.4 data: a JSON data package and CSV."""

import hashlib
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.lib.csvsafe import write_rows

from .models import Award, Fund

SCHEMAS = Path(__file__).resolve().parent / "schemas"
# The sha256 of each schema file, checked when it is loaded.
SCHEMA_DIGESTS = {
    "360-giving-package-schema.json":
        "a0b00ea849664f67f54953998b18486d30b27628d3c74754b7db855284f45c71",
    "360-giving-schema.json":
        "4756c3c8b8785f66c78c9d85af59abbdfe9050b7e2b1b061612727b8151b89e1",
}
CSV_COLUMNS = [
    ("Identifier", "id"), ("Title", "title"), ("Description", "description"),
    ("Currency", "currency"), ("Amount Applied For", "amountAppliedFor"),
    ("Amount Awarded", "amountAwarded"), ("Award Date", "awardDate"),
    ("Recipient Org:Identifier", "recipientOrganization.id"),
    ("Recipient Org:Name", "recipientOrganization.name"),
    ("Recipient Org:Charity Number", "recipientOrganization.charityNumber"),
    ("Funding Org:Identifier", "fundingOrganization.id"),
    ("Funding Org:Name", "fundingOrganization.name"),
    ("Grant Programme:Title", "grantProgramme.title"),
    ("From An Open Call?", "fromOpenCall"), ("Last Modified", "dateModified"),
]


class NotPublishable(Exception):
    """The fund lacks what 360Giving needs; the message says what to set."""


def awards_of(funds: "QuerySet[Fund]") -> "QuerySet[Award]":
    return (Award.objects.filter(bid__round__fund__in=funds)
            .select_related("bid__round__fund__organisation").order_by("bid__reference"))


def recipient(bid: Any, prefix: str) -> dict[str, str]:
    org = {"id": f"{prefix}-org-{bid.reference}", "name": bid.group_name}
    if bid.charity_number:
        org["id"] = f"GB-CHC-{bid.charity_number.replace(' ', '')}"
        org["charityNumber"] = bid.charity_number
    return org


def grant(award: Award) -> dict[str, Any]:
    """One award as a 360Giving grant."""
    bid = award.bid
    fund = bid.round.fund
    prefix = fund.identifier_prefix.strip()
    if not prefix.startswith("360G-"):
        raise NotPublishable(_("Set the fund's 360Giving prefix (it starts with 360G-) "
                               "before publishing its grants."))
    return {
        "id": f"{prefix}-{bid.reference}",
        "title": bid.title,
        "description": bid.summary,
        "currency": "GBP",
        "amountAppliedFor": float(bid.amount),
        "amountAwarded": float(award.amount),
        "awardDate": award.awarded_on.isoformat(),
        "dateModified": timezone.now().replace(microsecond=0).isoformat(),
        "fromOpenCall": "Yes",
        "recipientOrganization": [recipient(bid, prefix)],
        "fundingOrganization": [{"id": fund.funder_identifier.strip() or f"{prefix}-funder",
                                 "name": fund.organisation.name}],
        "grantProgramme": [{"code": f"{prefix}-round-{bid.round_id}",
                            "title": f"{fund.title}: {bid.round.title}"}],
    }


def package(awards: Iterable[Award]) -> dict[str, Any]:
    return {"grants": [grant(award) for award in awards]}


def cell(item: dict[str, Any], path: str) -> object:
    if "." in path:
        outer, inner = path.split(".")
        return (item.get(outer) or [{}])[0].get(inner, "")
    return item.get(path, "")


def as_csv(data: dict[str, Any]) -> str:
    """The package as 360Giving's CSV, formula-safe."""
    out = io.StringIO()
    write_rows(out, [title for title, _path in CSV_COLUMNS],
               ([cell(item, path) for _title, path in CSV_COLUMNS] for item in data["grants"]))
    return out.getvalue()


def load_schema(name: str) -> dict[str, Any]:
    """Read a schema file, refusing one that has been changed since it was checked in."""
    content = (SCHEMAS / name).read_bytes()
    expected = SCHEMA_DIGESTS[name]
    if hashlib.sha256(content).hexdigest() != expected:
        raise RuntimeError(f"{name} does not match its recorded sha256")
    result: dict[str, Any] = json.loads(content)
    return result


def problems(data: dict[str, Any]) -> list[str]:
    """Validate against the 360Giving schema (draft 2020-12, with format checks)."""
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    grant_schema = load_schema("360-giving-schema.json")
    package_schema = load_schema("360-giving-package-schema.json")
    registry: Registry[Any] = Registry().with_resources([
        (grant_schema["$id"], DRAFT202012.create_resource(grant_schema)),
        (package_schema["$id"], DRAFT202012.create_resource(package_schema)),
    ])
    validator = Draft202012Validator(package_schema, registry=registry,
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(str(p) for p in error.absolute_path) or '(package)'}: {error.message}"
            for error in validator.iter_errors(data)]

