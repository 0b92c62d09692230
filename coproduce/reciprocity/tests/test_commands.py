"""The command line: import hours and payments (idempotent, per-row report), true cost JSON."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from coproduce.organisations.models import Membership
from coproduce.projects.models import Project
from coproduce.reciprocity.models import Claim, Contribution, Offer

from .factories import staff_member, worked_example


def test_it_imports_hours_once_and_reports_bad_rows(tmp_path: Path, org: Any, person: Any,
                                                    coordinator: Any) -> None:
    Project.objects.create(organisation=org, title="Welcome packs", purpose="x")
    worker = staff_member(org, "worker@harbour.example", 2140)
    Membership.objects.create(user=worker, organisation=org, role="coordinator")
    path = tmp_path / "hours.csv"
    path.write_text(
        "external_id,date,hours,minutes,person_email,person_name,staff_email,kind,activity,"
        "project,hourly_cost,confirmed\n"
        "h1,2026-04-01,2.5,,sian@mail.example,,,participant,meeting,Welcome packs,,yes\n"
        "h2,01/04/2026,,90,,Sian Roberts,,participant,mentoring,,,no\n"
        "h3,2026-04-01,7.5,,,,worker@harbour.example,staff,preparation,Welcome packs,"
        "\"£21.40\",yes\n"
        "h4,2026-04-01,-3,,sian@mail.example,,,participant,meeting,,,yes\n"
        "h5,yesterday,1,,sian@mail.example,,,participant,meeting,,,yes\n"
        "h6,2026-04-01,1,,nobody@mail.example,,,participant,meeting,,,yes\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit):
        call_command("import-hours", "--org", org.slug, str(path), stdout=out, stderr=err)
    assert "3 added" in out.getvalue()
    assert "row 4" in err.getvalue() and "row 5 (line 6 in the sheet): date" in err.getvalue()
    assert "row 6 (line 7 in the sheet): person_email" in err.getvalue()
    assert sorted(Contribution.objects.values_list("external_id", "minutes", "status")) == [
        ("h1", 150, "confirmed"), ("h2", 90, "pending"), ("h3", 450, "confirmed")]
    assert Contribution.objects.get(external_id="h3").hourly_cost_pence == 2140
    with pytest.raises(SystemExit):
        call_command("import-hours", "--org", org.slug, str(path), stdout=out, stderr=err)
    assert Contribution.objects.count() == 3


def test_it_imports_payments(tmp_path: Path, org: Any, person: Any) -> None:
    path = tmp_path / "payments.csv"
    path.write_text(
        "external_id,date,person_email,kind,category,amount,status,project,method,description\n"
        "p1,2026-04-01,sian@mail.example,expense,travel,\"£1,046.80\",paid,,bank,Bus\n"
        "p2,2026-04-01,sian@mail.example,recognition,voucher,25,approved,,,Panel\n"
        "p3,2026-04-01,sian@mail.example,expense,travel,12.5.0,paid,,,Bad\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit):
        call_command("import-payments", "--org", org.slug, str(path), stdout=out, stderr=err)
    assert "row 3 (line 4 in the sheet): amount" in err.getvalue()
    claim = Claim.objects.get()
    assert (claim.amount_pence, claim.status, claim.paid_method) == (104680, "paid", "bank")
    assert Offer.objects.get().status == "accepted"


def test_it_prints_the_true_cost_as_json(org: Any, coordinator: Any, admin_user: Any) -> None:
    project = worked_example(org, coordinator, admin_user)
    out = StringIO()
    call_command("true-cost", "--org", org.slug, "--project", str(project.pk), "--from",
                 "2026-04-01", "--to", "2026-04-30", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["true_cost"], data["gap"], data["funded"]) == ("1255.70", "355.70", "900.00")
    assert data["rates"] == [{"name": "National Living Wage (21 and over)", "amount": "12.71",
                              "effective_from": "2026-04-01", "minutes": 1350,
                              "value": "285.98", "source": data["rates"][0]["source"]}]
    assert data["in_kind_share"] == "0.2277"
