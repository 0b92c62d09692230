"""Access to reciprocity records: staff see the organisation's; a participant sees only their
own entries, through the People record their login is linked to; anything else is 404."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coproduce.organisations.access import OrgRequest, require, scoped
from coproduce.people.models import Person

from .models import (
    Certificate,
    Claim,
    Contribution,
    CreditAccount,
    Offer,
    Published,
    RateCard,
    Receipt,
    Transfer,
)


def contributions_for(request: OrgRequest) -> "QuerySet[Contribution]":
    require(request, "view_reciprocity")
    return scoped(request, Contribution).select_related("person", "staff", "project")


def get_contribution_for(request: OrgRequest, contribution_id: int,
                         write: bool = False) -> Contribution:
    if write:
        require(request, "edit_reciprocity")
    return get_object_or_404(contributions_for(request), pk=contribution_id)


def own_person(request: OrgRequest) -> Person:
    """The People record of the signed-in member, or 404 if their login is not linked."""
    require(request, "view_own_reciprocity")
    person = request.membership.person
    if person is None or person.organisation_id != request.organisation.pk:
        raise Http404
    return person


def get_own_contribution_for(request: OrgRequest, contribution_id: int) -> Contribution:
    return get_object_or_404(scoped(request, Contribution).filter(person=own_person(request)),
                             pk=contribution_id)


def get_claim_for(request: OrgRequest, claim_id: int, write: bool = False) -> Claim:
    require(request, "edit_reciprocity" if write else "view_reciprocity")
    return get_object_or_404(scoped(request, Claim).select_related("person", "project"),
                             pk=claim_id)


def get_receipt_for(request: OrgRequest, claim: Claim, receipt_id: int) -> Receipt:
    return get_object_or_404(claim.receipts.all(), pk=receipt_id)


def get_offer_for(request: OrgRequest, offer_id: int, write: bool = False) -> Offer:
    require(request, "edit_reciprocity" if write else "view_reciprocity")
    return get_object_or_404(scoped(request, Offer).select_related("person", "project"),
                             pk=offer_id)


def get_transfer_for(request: OrgRequest, transfer_id: int) -> Transfer:
    require(request, "edit_reciprocity")
    return get_object_or_404(scoped(request, Transfer), pk=transfer_id)


def accounts_for(request: OrgRequest) -> "QuerySet[CreditAccount]":
    require(request, "view_reciprocity")
    return scoped(request, CreditAccount).select_related("person")


def cards_for(request: OrgRequest) -> "QuerySet[RateCard]":
    """The published cards and the organisation's own."""
    own = scoped(request, RateCard)
    return (RateCard.objects.filter(organisation=None) | own).prefetch_related("rates")


def get_own_card_for(request: OrgRequest, card_id: int) -> RateCard:
    """A card the organisation made (published cards cannot be changed), or 404."""
    require(request, "edit_reciprocity")
    return get_object_or_404(scoped(request, RateCard), pk=card_id)


def get_certificate_for(request: OrgRequest, certificate_id: int) -> Certificate:
    require(request, "view_reciprocity")
    return get_object_or_404(scoped(request, Certificate), pk=certificate_id)


def get_published_for(request: OrgRequest, published_id: int) -> Published:
    require(request, "view_true_cost")
    return get_object_or_404(scoped(request, Published), pk=published_id)
