"""Access to funds, rounds, bids and panel places: another organisation gets 404; a panel
member sees a bid only after declaring no conflict with it, and never another's scores
before submitting their own."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coproduce.organisations.access import OrgRequest, require, scoped

from .grants import declaration_of, has_scored_all
from .models import Bid, BidStatus, Fund, Interest, Panellist, Round


def funds_for(request: OrgRequest) -> "QuerySet[Fund]":
    require(request, "view_funds")
    return scoped(request, Fund).select_related("project", "organisation")


def get_fund_for(request: OrgRequest, fund_id: int, write: bool = False) -> Fund:
    if write:
        require(request, "manage_funds")
    return get_object_or_404(funds_for(request), pk=fund_id)


def get_round_for(request: OrgRequest, round_id: int, permission: str = "view_funds") -> Round:
    """Return a round of the member's organisation (404 otherwise), if their role allows."""
    require(request, permission)
    return get_object_or_404(scoped(request, Round).select_related("fund__project"),
                             pk=round_id)


def panellist_for(request: OrgRequest, round: Round) -> Panellist | None:
    """The member's own place on the round's panel, if they have one."""
    person = request.membership.person
    if person is None:
        return None
    return round.panel.filter(person=person).select_related("person").first()


def my_panellist(request: OrgRequest, round: Round) -> Panellist:
    """The member's place on the panel, or 403 for a member who is not on it."""
    panellist = panellist_for(request, round)
    if panellist is None:
        raise PermissionDenied
    return panellist


def get_panellist_for(round: Round, panellist_id: int) -> Panellist:
    return get_object_or_404(round.panel.select_related("person"), pk=panellist_id)


def get_bid_for(request: OrgRequest, round: Round, bid_id: int) -> Bid:
    """Staff see every bid; a panel member only one they declared no conflict with (403)."""
    bid = get_object_or_404(round.bids.filter(status=BidStatus.SUBMITTED), pk=bid_id)
    if request.membership.allows("manage_funds"):
        return bid
    declaration = declaration_of(my_panellist(request, round), bid)
    if declaration is None or declaration.kind == Interest.CONFLICT:
        raise PermissionDenied
    return bid


def may_see_scores(request: OrgRequest, round: Round) -> bool:
    """Staff, and a panel member once their own scores are in or scoring has closed."""
    if round.scores_visible or request.membership.allows("manage_funds"):
        return True
    panellist = panellist_for(request, round)
    return panellist is not None and panellist.sheets.exists() and has_scored_all(panellist)


def public_round(org_slug: str, grant_round_id: int) -> Round:
    """A round the public may see: its criteria are agreed. Anything else is 404."""
    round = get_object_or_404(Round.objects.select_related("fund", "organisation"),
                              pk=grant_round_id, organisation__slug=org_slug)
    if round.agreed_criteria is None:
        raise Http404
    return round
