"""Pages anyone can use without signing in: a round's criteria, the application form (also in
easy read and on paper), a saved draft by its link, the results and the open data."""

import json
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .access import public_round
from .awards import round_ranking
from .forms import FILE_KINDS, BidForm
from .giving360 import NotPublishable, as_csv, package
from .grants import answers_from, next_reference, submit_bid
from .models import Attachment, Award, Bid, BidChannel, BidStatus, Interest, Round, RoundStatus

RATE_LIMIT = 10  # applications sent or saved per address per hour: plenty for a library PC


def over_limit(request: HttpRequest, round: Round) -> bool:
    """Count this address's posts to the round's form (shared by every app server)."""
    key = f"apply:{round.pk}:{request.META.get('REMOTE_ADDR', '')}"
    if cache.add(key, 1, timeout=3600):
        return False
    try:
        return cache.incr(key) > RATE_LIMIT
    except ValueError:
        return False


@transaction.atomic
def save_bid(form: BidForm, round: Round, channel: str, by: Any = None) -> Bid:
    """Save the form's bid (new or a draft) with its answers and any attachment."""
    bid = form.save(commit=False)
    if not bid.pk:
        bid.round, bid.organisation, bid.channel = round, round.organisation, channel
        bid.reference, bid.entered_by = next_reference(round), by
    bid.answers = answers_from(round.fund, form.cleaned_data)
    bid.save()
    upload = form.cleaned_data.get("attachment")
    if upload:
        kind = next(v for ext, v in FILE_KINDS.items() if upload.name.lower().endswith(ext))
        Attachment.objects.create(bid=bid, name=upload.name[:200], content_type=kind[1],
                                  size=upload.size, data=upload.read())
    return bid


def round_page(request: HttpRequest, org_slug: str, grant_round_id: int) -> HttpResponse:
    round = public_round(org_slug, grant_round_id)
    return render(request, "commissioning/public_round.html", {
        "round": round, "fund": round.fund, "organisation": round.organisation,
        "criteria": round.agreed_criteria, "questions": round.fund.questions.all()})


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, org_slug: str, grant_round_id: int, easy_read: bool = False,
          token: str = "") -> HttpResponse:
    """The application form; "save" keeps a draft that its own link reopens."""
    round = public_round(org_slug, grant_round_id)
    draft = get_object_or_404(round.bids, token=token, status=BidStatus.DRAFT) if token \
        else None
    easy_read = easy_read or (draft is not None and draft.channel == BidChannel.EASY_READ)
    form = BidForm(request.POST or None, request.FILES or None, fund=round.fund,
                   easy_read=easy_read, instance=draft)
    if request.method == "POST" and over_limit(request, round):
        form.add_error(None, _("A lot has been sent from this connection in the last hour. "
                               "Please try again later, or ask a member of staff."))
    elif request.method == "POST" and form.is_valid():
        channel = BidChannel.EASY_READ if easy_read else BidChannel.WEB
        try:
            with transaction.atomic():
                bid = save_bid(form, round, channel)
                if request.POST.get("action") != "save":
                    submit_bid(bid)
                    return render(request, "commissioning/applied.html", {
                        "round": round, "bid": bid, "organisation": round.organisation})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your application is saved. Keep this page's address "
                                        "to finish it later."))
            return redirect("commissioning:draft", org_slug=org_slug, grant_round_id=round.pk,
                            draft_token=bid.token)
    return render(request, "commissioning/apply.html", {
        "form": form, "round": round, "fund": round.fund, "organisation": round.organisation,
        "easy_read": easy_read, "draft": draft, "closed": round.status != RoundStatus.OPEN})


def apply_easy_read(request: HttpRequest, org_slug: str, grant_round_id: int) -> HttpResponse:
    return apply(request, org_slug, grant_round_id, easy_read=True)


def draft(request: HttpRequest, org_slug: str, grant_round_id: int, draft_token: str
          ) -> HttpResponse:
    return apply(request, org_slug, grant_round_id, token=draft_token)


def paper_form(request: HttpRequest, org_slug: str, grant_round_id: int) -> HttpResponse:
    """A form to print and fill in by hand; staff type it in afterwards."""
    round = public_round(org_slug, grant_round_id)
    return render(request, "commissioning/paper_form.html", {
        "round": round, "fund": round.fund, "organisation": round.organisation,
        "criteria": round.agreed_criteria, "questions": round.fund.questions.all()})


def results(request: HttpRequest, org_slug: str, grant_round_id: int) -> HttpResponse:
    """The round's results, published openly once the grants are awarded."""
    round = public_round(org_slug, grant_round_id)
    if round.status != RoundStatus.AWARDED:
        raise Http404
    by_rules, order = round_ranking(round)
    raw, _raw_order = round_ranking(round, "raw")
    bids = {bid.reference: bid for bid in round.bids.select_related("award")}
    return render(request, "commissioning/results.html", {
        "round": round, "fund": round.fund, "organisation": round.organisation,
        "criteria": round.agreed_criteria, "order": order, "bids": bids,
        "raw_places": {r.bid: r.position for r in raw.bids},
        "conflicts": declaration_counts(round, Interest.CONFLICT),
        "interests": declaration_counts(round, Interest.INTEREST),
        "moves": round.moves.select_related("bid"), "explanation": by_rules.explanation,
        "ineligible": round.bids.filter(status=BidStatus.SUBMITTED, eligible=False),
        "awards": Award.objects.filter(bid__round=round).select_related("bid")})


def declaration_counts(round: Round, kind: str) -> dict[str, int]:
    """How many panel members declared a conflict (or an interest) in each bid."""
    counts: dict[str, int] = {}
    for bid in round.bids.filter(declarations__kind=kind).values_list("reference", flat=True):
        counts[bid] = counts.get(bid, 0) + 1
    return counts


def open_data(request: HttpRequest, org_slug: str, grant_round_id: int, kind: str) -> HttpResponse:
    round = public_round(org_slug, grant_round_id)
    if round.status != RoundStatus.AWARDED:
        raise Http404
    try:
        data = package(Award.objects.filter(bid__round=round).select_related(
            "bid__round__fund__organisation").order_by("bid__reference"))
    except NotPublishable as error:
        return HttpResponse(str(error), status=409, content_type="text/plain; charset=utf-8")
    if kind == "csv":
        response = HttpResponse(as_csv(data), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False),
                                content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="360giving-round-{round.pk}.{kind}"'
    return response


def open_data_json(request: HttpRequest, org_slug: str, grant_round_id: int) -> HttpResponse:
    return open_data(request, org_slug, grant_round_id, "json")


def open_data_csv(request: HttpRequest, org_slug: str, grant_round_id: int) -> HttpResponse:
    return open_data(request, org_slug, grant_round_id, "csv")
