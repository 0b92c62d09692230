"""Awards export as 360Giving 1.4 data (JSON and CSV), valid against the schema."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from jsonschema import Draft202012Validator

from coproduce.commissioning.awards import award_round
from coproduce.commissioning.giving360 import load_schema, package, problems
from coproduce.commissioning.models import Award, Bid

from .test_grant_round import scored_round


def awarded(org: Any) -> Any:
    round = scored_round(org)
    refs = {bid.title: bid.reference for bid in round.bids.all()}
    award_round(round, {refs["Park"]: 6000, refs["Radio"]: 3000}, None, "participant", "vote")
    Bid.objects.filter(title="Park").update(group_name="=HYPERLINK(\"x\")",
                                            charity_number="1234567")
    return round


def test_the_export_validates_against_the_360giving_schema(org: Any) -> None:
    awarded(org)
    data = package(Award.objects.select_related("bid__round__fund__organisation"))
    assert problems(data) == []
    grant = data["grants"][0]
    assert grant["awardDate"].count("-") == 2 and grant["currency"] == "GBP"
    assert grant["recipientOrganization"][0]["id"] == "GB-CHC-1234567"


def test_a_plain_award_date_needs_the_format_checker(org: Any) -> None:
    awarded(org)
    data = package(Award.objects.select_related("bid__round__fund__organisation"))
    grant_schema = load_schema("360-giving-schema.json")
    unchecked = Draft202012Validator(grant_schema)  # no format checker: oneOf matches twice
    assert not unchecked.is_valid(data["grants"][0])
    data["grants"][0]["awardDate"] = "last Tuesday"
    assert any("awardDate" in line for line in problems(data))


def test_it_refuses_a_grant_missing_a_required_field(org: Any) -> None:
    awarded(org)
    data = package(Award.objects.select_related("bid__round__fund__organisation"))
    del data["grants"][0]["fundingOrganization"]
    assert any("fundingOrganization" in line for line in problems(data))


def test_the_public_csv_is_formula_safe(org: Any, client: Any) -> None:
    round = awarded(org)
    response = client.get(reverse("commissioning:open_data_csv", kwargs={
        "org_slug": org.slug, "grant_round_id": round.pk}))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    names = {row["Recipient Org:Name"] for row in rows}
    assert "'=HYPERLINK(\"x\")" in names
    assert {row["Amount Awarded"] for row in rows} == {"6000.0", "3000.0"}


def test_the_command_writes_a_valid_data_package(org: Any, tmp_path: Path) -> None:
    awarded(org)
    out = tmp_path / "grants.json"
    call_command("export-360giving", "--org", org.slug, "--out", str(out))
    data = json.loads(out.read_text())
    assert len(data["grants"]) == 2 and problems(data) == []


def test_the_command_says_so_when_nothing_is_awarded(org: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No grants have been awarded"):
        call_command("export-360giving", "--org", org.slug, "--out", str(tmp_path / "x.json"))
