"""Money, time and permissions in templates, and the reciprocity panels other pages include."""

from typing import Any

from django import template
from django.db.models import Sum

from coproduce.reciprocity.costing import true_cost
from coproduce.reciprocity.models import Claim, ClaimStatus, Offer, OfferStatus
from coproduce.reciprocity.money import display, parse_pence

register = template.Library()


@register.filter
def money(pence: Any) -> str:
    """Whole pence as pounds: 125570 -> £1,255.70 (a string of pounds is shown as it is)."""
    if pence is None or pence == "":
        return "—"
    if isinstance(pence, str):
        return display(parse_pence(pence))
    return display(int(pence))


@register.filter
def duration(minutes: Any) -> str:
    """Minutes as hours and minutes: 150 -> '2 h 30 min'."""
    minutes = int(minutes or 0)
    sign = "−" if minutes < 0 else ""
    whole, part = divmod(abs(minutes), 60)
    if not whole:
        return f"{sign}{part} min"
    return f"{sign}{whole} h {part} min" if part else f"{sign}{whole} h"


@register.filter
def allows(membership: Any, permission: str) -> bool:
    """Ask the permission table, never a role name: {% if membership|allows:"x" %}."""
    return bool(membership) and membership.allows(permission)


@register.inclusion_tag("reciprocity/includes/project_cost.html", takes_context=True)
def project_true_cost(context: Any, project: Any) -> dict[str, Any]:
    membership = context.get("membership")
    if not (membership and membership.allows("view_true_cost")):
        return {"show": False}
    return {"show": True, "project": project, "figures": true_cost(project.organisation,
                                                                   project).as_json(),
            "organisation": project.organisation,
            "may_edit": membership.allows("edit_reciprocity")}


@register.inclusion_tag("reciprocity/includes/waiting.html", takes_context=True)
def payments_waiting(context: Any) -> dict[str, Any]:
    membership, organisation = context.get("membership"), context.get("organisation")
    if not (membership and membership.allows("view_reciprocity")):
        return {"show": False}
    claims = Claim.objects.filter(organisation=organisation)
    waiting = claims.filter(status=ClaimStatus.SUBMITTED).aggregate(n=Sum("amount_pence"))
    return {"show": True, "organisation": organisation,
            "waiting": claims.filter(status=ClaimStatus.SUBMITTED).count(),
            "waiting_pence": waiting["n"] or 0,
            "to_pay": claims.filter(status=ClaimStatus.APPROVED).count(),
            "offers_to_pay": Offer.objects.filter(organisation=organisation, status__in=[
                OfferStatus.ACCEPTED, OfferStatus.PART, OfferStatus.CHARITY,
                OfferStatus.CREDITS]).count()}
