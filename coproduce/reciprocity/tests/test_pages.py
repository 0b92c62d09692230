"""Every reciprocity page opens for staff, and each role sees only what it may."""

import datetime
from typing import Any

from django.urls import reverse

from coproduce.reciprocity.models import Published, RateCard

PAGES = ["index", "hours", "hours_add", "hours_export", "hours_detail", "hours_correct",
         "person", "preference", "certificate", "claims", "claim_add", "claims_export",
         "claim", "receipt", "offers", "offer_add", "offer", "credits", "credit_transfer",
         "rates", "card_add", "rate_add", "staff_cost_add", "true_cost", "true_cost_csv",
         "published", "costing", "claim_edit", "credit_limit"]
ARGS = {"hours_detail": ["contribution_id"], "hours_correct": ["contribution_id"],
        "person": ["person_id"], "preference": ["person_id"], "certificate": ["certificate_id"],
        "claim": ["claim_id"], "receipt": ["claim_id", "receipt_id"], "offer": ["offer_id"],
        "rate_add": ["card_id"], "published": ["published_id"], "costing": ["project_id"],
        "claim_edit": ["submitted_claim_id"], "credit_limit": ["person_id"]}


def test_it_opens_every_page_for_an_administrator(login: Any, admin_user: Any, org: Any,
                                                  record: dict[str, Any]) -> None:
    client = login(admin_user)
    for name in [*PAGES, "settings"]:
        kwargs = {key.removeprefix("submitted_"): record[key] for key in ARGS.get(name, [])}
        response = client.get(reverse(f"reciprocity:{name}",
                                      kwargs={"org_slug": org.slug, **kwargs}))
        assert response.status_code == 200, name


def test_it_shows_the_true_cost_with_its_rate_on_the_project_page(
    login: Any, coordinator: Any, org: Any, record: dict[str, Any]
) -> None:
    page = login(coordinator).get(reverse("projects:detail", kwargs={
        "org_slug": org.slug, "project_id": record["project_id"]})).content.decode()
    assert "True cost so far" in page and "£1,255.70" in page and "£12.71" in page
    printable = login(coordinator).get(reverse("reciprocity:true_cost", kwargs={
        "org_slug": org.slug}) + f"?project={record['project_id']}&print=1").content.decode()
    assert "National Living Wage" in printable and "2026-04-01" in printable


def test_it_lets_a_viewer_see_totals_but_not_people(login: Any, viewer: Any, org: Any,
                                                   record: dict[str, Any]) -> None:
    client = login(viewer)
    assert client.get(reverse("reciprocity:true_cost", kwargs={"org_slug": org.slug})
                      ).status_code == 200
    for name in ["hours", "claims", "offers", "credits"]:
        assert client.get(reverse(f"reciprocity:{name}", kwargs={"org_slug": org.slug})
                          ).status_code == 403
    assert client.post(reverse("reciprocity:claim_pay", kwargs={
        "org_slug": org.slug, "claim_id": record["claim_id"]})).status_code == 403


def test_it_shows_the_dashboard_what_waits_for_payment(login: Any, coordinator: Any, org: Any,
                                                      record: dict[str, Any]) -> None:
    page = login(coordinator).get(reverse("reports:dashboard", kwargs={"org_slug": org.slug}))
    text = page.content.decode()
    assert "1 claim waiting for approval" in text and "9 recognition payments due" in text


def test_it_keeps_published_figures_when_a_rate_changes(login: Any, coordinator: Any,
                                                        org: Any,
                                                        record: dict[str, Any]) -> None:
    client = login(coordinator)
    client.post(reverse("reciprocity:publish", kwargs={"org_slug": org.slug})
                + f"?project={record['project_id']}")
    published = Published.objects.exclude(title="Q1").get()
    RateCard.objects.get(key="national-living-wage-21").rates.filter(
        effective_from=datetime.date(2026, 4, 1)).update(amount_pence=1500)
    page = client.get(reverse("reciprocity:published", kwargs={
        "org_slug": org.slug, "published_id": published.pk})).content.decode()
    assert "£1,255.70" in page and "£12.71" in page
