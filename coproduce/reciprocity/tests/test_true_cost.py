"""The true cost adds staff time at cost, participants' time by rate card, expenses,
recognition and overheads, and says which rate and date it used."""

import datetime
from typing import Any

from coproduce.reciprocity.costing import true_cost
from coproduce.reciprocity.models import Contribution, Costing, RateCard, Settings

from .factories import worked_example


def test_it_counts_the_worked_example(org: Any, coordinator: Any, admin_user: Any) -> None:
    project = worked_example(org, coordinator, admin_user)
    figures = true_cost(org, project).as_json()
    assert figures["staff_cost"] == "472.10"
    assert figures["participant_minutes"] == 1350
    assert figures["participant_value"] == "285.98"
    assert figures["rates"][0]["amount"] == "12.71"
    assert figures["rates"][0]["effective_from"] == "2026-04-01"
    assert "gov.uk" in figures["rates"][0]["source"]
    assert figures["expenses"] == "201.80"
    assert figures["recognition"] == "225.00"
    assert figures["overheads"] == "70.82"
    assert figures["overhead_basis"] == ["Welcome packs: 15% of staff cost = 70.82"]
    assert figures["true_cost"] == "1255.70"
    assert figures["funded"] == "900.00"
    assert figures["gap"] == "355.70"
    assert figures["excluded"]["claims_rejected"] == "12.00"
    assert figures["excluded"]["claims_submitted_not_approved"] == "8.40"


def test_it_values_the_day_before_at_the_earlier_rate(org: Any, coordinator: Any,
                                                      admin_user: Any) -> None:
    project = worked_example(org, coordinator, admin_user, day=datetime.date(2026, 3, 31))
    figures = true_cost(org, project).as_json()
    assert [r["amount"] for r in figures["rates"]] == ["12.21"]
    assert figures["rates"][0]["effective_from"] == "2025-04-01"
    assert figures["participant_value"] == "274.73"  # 1350 min at £12.21, half-up


def test_it_uses_the_card_the_organisation_chose(org: Any, coordinator: Any,
                                                 admin_user: Any) -> None:
    project = worked_example(org, coordinator, admin_user)
    Settings.objects.create(organisation=org, participant_card=RateCard.objects.get(
        key="real-living-wage-uk"))
    figures = true_cost(org, project).as_json()
    assert figures["rates"][0]["name"].startswith("Real Living Wage")
    assert figures["participant_value"] == "302.63"  # 1350 × 13.45 / 60 = 302.625


def test_it_leaves_out_hours_not_confirmed(org: Any, coordinator: Any, admin_user: Any) -> None:
    project = worked_example(org, coordinator, admin_user)
    Contribution.objects.filter(side="participant").update(status="disputed")
    figures = true_cost(org, project).as_json()
    assert figures["participant_minutes"] == 0
    assert figures["excluded"]["minutes_not_confirmed"] == 1350


def test_it_counts_in_the_same_number_of_queries_however_much_there_is(
    org: Any, coordinator: Any, admin_user: Any, django_assert_max_num_queries: Any
) -> None:
    worked_example(org, coordinator, admin_user)
    with django_assert_max_num_queries(10):
        small = true_cost(org).as_json()
    for day in [datetime.date(2025, 6, 2), datetime.date(2026, 5, 4)]:
        worked_example(org, coordinator, admin_user, day=day)
    with django_assert_max_num_queries(10):
        large = true_cost(org).as_json()
    assert [r["amount"] for r in large["rates"]] == ["12.21", "12.71"]
    assert small["true_cost"] == "1255.70"


def test_a_round_overhead_rate_reads_as_a_plain_percentage(org: Any, coordinator: Any,
                                                          admin_user: Any) -> None:
    project = worked_example(org, coordinator, admin_user)
    Costing.objects.filter(project=project).update(overhead_percent=20)
    basis = true_cost(org, project).as_json()["overhead_basis"]
    assert basis[0].startswith("Welcome packs: 20% of staff cost = ")  # not "2E+1%"
