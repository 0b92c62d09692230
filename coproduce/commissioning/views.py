from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.organisations.access import OrgRequest, member_required

from . import grants
from .access import (
    funds_for,
    get_bid_for,
    get_fund_for,
    get_panellist_for,
    get_round_for,
    may_see_scores,
    my_panellist,
    panellist_for,
)
from .awards import award_order, award_round, move_bid, plan_awards, round_ranking
from .forms import (
    AwardForm,
    BidForm,
    CriteriaForm,
    DecisionHowForm,
    DeclarationForm,
    FeedbackForm,
    FundForm,
    MoveForm,
    PanellistForm,
    QuestionForm,
    RoundForm,
    ScoreForm,
)
from .letters import letter_for
from .models import (
    BidChannel,
    BidStatus,
    Declaration,
    Interest,
    Panellist,
    Round,
    RoundStatus,
    ScoreSheet,
)
from .public import save_bid
from .tasks import send_round_letters

NEXT_STAGE = {RoundStatus.OPEN: RoundStatus.SCORING, RoundStatus.SCORING: RoundStatus.MODERATION}


@member_required("view_funds")
def fund_list(request: OrgRequest) -> HttpResponse:
    funds = funds_for(request).prefetch_related("rounds")
    return render(request, "commissioning/fund_list.html", {"funds": funds})


@member_required("manage_funds")
@require_http_methods(["GET", "POST"])
def fund_add(request: OrgRequest, fund_id: int | None = None) -> HttpResponse:
    fund = get_fund_for(request, fund_id, write=True) if fund_id else None
    form = FundForm(request.POST or None, instance=fund, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        fund = form.save(commit=False)
        fund.organisation = request.organisation
        fund.save()
        messages.success(request, _("The fund has been saved."))
        return redirect(fund)
    return render(request, "commissioning/form.html", {
        "form": form, "heading": _("Change the fund") if fund else _("Set up a fund"),
        "back": fund})


@member_required("view_funds")
def fund_detail(request: OrgRequest, fund_id: int) -> HttpResponse:
    fund = get_fund_for(request, fund_id)
    return render(request, "commissioning/fund_detail.html", {
        "fund": fund, "rounds": fund.rounds.all(), "questions": fund.questions.all()})


@member_required("manage_funds")
@require_http_methods(["GET", "POST"])
def question_add(request: OrgRequest, fund_id: int) -> HttpResponse:
    fund = get_fund_for(request, fund_id, write=True)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.fund = fund
        form.save()
        messages.success(request, _("The question has been added."))
        return redirect(fund)
    return render(request, "commissioning/form.html", {
        "form": form, "heading": _("Add an eligibility question"), "back": fund})


@member_required("manage_funds")
@require_http_methods(["GET", "POST"])
def round_add(request: OrgRequest, fund_id: int) -> HttpResponse:
    fund = get_fund_for(request, fund_id, write=True)
    form = RoundForm(request.POST or None, fund=fund)
    if request.method == "POST" and form.is_valid():
        form.instance.fund, form.instance.organisation = fund, request.organisation
        round = form.save()
        messages.success(request, _("The round has been set up. Now the panel drafts its "
                                    "criteria."))
        return redirect(round)
    return render(request, "commissioning/form.html", {
        "form": form, "heading": _("Start a round"), "back": fund})


@member_required("view_funds")
def round_detail(request: OrgRequest, grant_round_id: int) -> HttpResponse:
    round = get_round_for(request, grant_round_id)
    me = panellist_for(request, round)
    bids = round.bids.filter(status=BidStatus.SUBMITTED).prefetch_related("declarations")
    return render(request, "commissioning/round_detail.html", {
        "round": round, "fund": round.fund, "versions": round.criteria_versions.all()
        .prefetch_related("criteria"), "agreed": round.agreed_criteria, "me": me,
        "bids": bids, "panel": round.panel.select_related("person"),
        "mine": rows_for(me, list(bids)) if me else [],
        "drafts": round.bids.filter(status=BidStatus.DRAFT).count(),
        "next_stage": NEXT_STAGE.get(RoundStatus(round.status)),
        "may_see_scores": may_see_scores(request, round)})


def rows_for(panellist: Panellist, bids: list[Any]) -> list[tuple[Any, Any, Any]]:
    """Each bid with the scorer's declaration and current sheet."""
    declarations = {d.bid_id: d for d in panellist.declarations.all()}
    sheets = {s.bid_id: s for s in panellist.sheets.filter(current=True)}
    return [(bid, declarations.get(bid.pk), sheets.get(bid.pk)) for bid in bids
            if bid.eligible]


@member_required("propose_criteria")
@require_http_methods(["GET", "POST"])
def criteria_propose(request: OrgRequest, grant_round_id: int) -> HttpResponse:
    round = get_round_for(request, grant_round_id, "propose_criteria")
    form = CriteriaForm(request.POST or None, initial=initial_criteria(round, request))
    if request.method == "POST" and form.is_valid():
        try:
            grants.propose_criteria(round, form.drafts(), form.scale(),
                                    form.cleaned_data["proposer_name"], request.user,
                                    form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The new version of the criteria has been saved."))
            return redirect(round)
    return render(request, "commissioning/criteria_form.html", {"form": form, "round": round})


def initial_criteria(round: Round, request: OrgRequest) -> dict[str, Any]:
    """Start from the latest version, so a change is a small edit."""
    person = request.membership.person
    initial: dict[str, Any] = {"proposer_name": person.name if person else ""}
    latest = round.criteria_versions.first()
    if latest is None:
        return initial
    for row, criterion in enumerate(latest.criteria.all(), start=1):
        initial.update({f"name_{row}": criterion.name, f"name_cy_{row}": criterion.name_cy,
                        f"description_{row}": criterion.description,
                        f"description_cy_{row}": criterion.description_cy,
                        f"weight_{row}": criterion.weight})
    for score, (english, welsh) in enumerate(latest.scale, start=1):
        initial.update({f"meaning_{score}": english, f"meaning_cy_{score}": welsh})
    return initial


@member_required("manage_funds")
@require_http_methods(["GET", "POST"])
def criteria_agree(request: OrgRequest, grant_round_id: int, version_id: int) -> HttpResponse:
    round = get_round_for(request, grant_round_id, "manage_funds")
    version = get_object_or_404(round.criteria_versions.all(), pk=version_id)
    form = DecisionHowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grants.agree_criteria(version, request.user, form.cleaned_data["method"],
                                  form.votes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The criteria are agreed and frozen. The round is "
                                        "open for applications."))
            return redirect(round)
    return render(request, "commissioning/agree.html",
                  {"form": form, "round": round, "version": version})


@member_required("manage_funds")
def round_stage(request: OrgRequest, grant_round_id: int) -> HttpResponse:
    round = get_round_for(request, grant_round_id, "manage_funds")
    if request.method != "POST":  # after the round, so other organisations get 404
        return HttpResponseNotAllowed(["POST"])
    following = NEXT_STAGE.get(RoundStatus(round.status))
    if following is not None:
        Round.objects.filter(pk=round.pk, status=round.status).update(status=following)
        messages.success(request, _("The round has moved on to: %(stage)s.")
                         % {"stage": RoundStatus(following).label})
    return redirect(round)


@member_required("manage_funds")
@require_http_methods(["GET", "POST"])
def panellist_add(request: OrgRequest, grant_round_id: int) -> HttpResponse:
    round = get_round_for(request, grant_round_id, "manage_funds")
    form = PanellistForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        Panellist.objects.get_or_create(round=round, person=form.cleaned_data["person"],
                                        defaults={"on_paper": form.cleaned_data["on_paper"]})
        messages.success(request, _("%(name)s is on the panel.")
                         % {"name": form.cleaned_data["person"].name})
        return redirect(round)
    return render(request, "commissioning/form.html", {
        "form": form, "heading": _("Add a panel member"), "back": round})


@member_required("manage_funds")
@require_http_methods(["GET", "POST"])
def bid_paper(request: OrgRequest, grant_round_id: int) -> HttpResponse:
    """Staff type in an application that came on paper; the record says so."""
    round = get_round_for(request, grant_round_id, "manage_funds")
    form = BidForm(request.POST or None, request.FILES or None, fund=round.fund)
    if request.method == "POST" and form.is_valid():
        if not form.first_time():
            return redirect(round)
        bid = save_bid(form, round, BidChannel.PAPER, request.user)
        grants.submit_bid(bid)
        messages.success(request, _("The paper application has been entered as %(ref)s.")
                         % {"ref": bid.reference})
        return redirect(round)
    return render(request, "commissioning/apply.html", {
        "form": form, "round": round, "fund": round.fund, "paper_entry": True,
        "organisation": request.organisation})


@member_required("score_bids")
def bid_detail(request: OrgRequest, grant_round_id: int, bid_id: int) -> HttpResponse:
    round = get_round_for(request, grant_round_id, "score_bids")
    bid = get_bid_for(request, round, bid_id)
    sheets = (bid.sheets.select_related("panellist__person", "entered_by")
              if request.membership.allows("manage_funds") else None)
    return render(request, "commissioning/bid_detail.html", {
        "round": round, "bid": bid, "attachments": bid.attachments.defer("data"),
        "me": panellist_for(request, round), "sheets": sheets})


@member_required("score_bids")
def attachment(request: OrgRequest, grant_round_id: int, bid_id: int,
               attachment_id: int) -> HttpResponse:
    round = get_round_for(request, grant_round_id, "score_bids")
    bid = get_bid_for(request, round, bid_id)
    file = get_object_or_404(bid.attachments.all(), pk=attachment_id)
    response = HttpResponse(bytes(file.data), content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.pk}-{bid.reference}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_required("score_bids")
@require_http_methods(["GET", "POST"])
def declare(request: OrgRequest, grant_round_id: int, panellist_id: int | None = None
            ) -> HttpResponse:
    """A scorer declares, for each bid, before seeing them; staff enter a paper form."""
    round = get_round_for(request, grant_round_id, "manage_funds" if panellist_id else "score_bids")
    panellist = (get_panellist_for(round, panellist_id) if panellist_id
                 else my_panellist(request, round))
    bids = list(round.bids.filter(status=BidStatus.SUBMITTED, eligible=True))
    existing = {d.bid_id: d for d in panellist.declarations.all()}
    form = DeclarationForm(request.POST or None, bids=bids, existing=existing)
    if request.method == "POST" and form.is_valid():
        grants.declare(panellist, form.kinds(), request.user, on_paper=bool(panellist_id))
        messages.success(request, _("The declarations have been saved."))
        return redirect(round)
    return render(request, "commissioning/declare.html",
                  {"form": form, "round": round, "panellist": panellist,
                   "paper": bool(panellist_id)})


@member_required("score_bids")
@require_http_methods(["GET", "POST"])
def score(request: OrgRequest, grant_round_id: int, bid_id: int, panellist_id: int | None = None
          ) -> HttpResponse:
    """A scorer's own scores for one bid, or staff entering a paper sheet (marked so)."""
    round = get_round_for(request, grant_round_id, "manage_funds" if panellist_id else "score_bids")
    panellist = (get_panellist_for(round, panellist_id) if panellist_id
                 else my_panellist(request, round))
    bid = get_bid_for(request, round, bid_id)
    declaration = grants.declaration_of(panellist, bid)
    if declaration is None or declaration.kind == Interest.CONFLICT:
        return render(request, "commissioning/refused.html", {
            "round": round, "bid": bid, "declared": declaration is not None}, status=403)
    version = round.agreed_criteria
    last = ScoreSheet.objects.filter(panellist=panellist, bid=bid, current=True).first()
    form = ScoreForm(request.POST or None, criteria=list(version.criteria.all()) if version
                     else [], meanings=version.meanings() if version else [],
                     initial_scores={s.criterion_id: s for s in last.scores.all()} if last
                     else None)
    if request.method == "POST" and form.is_valid():
        try:
            grants.submit_scores(panellist, bid, form.scores(), request.user,
                                 on_paper=bool(panellist_id))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The scores for %(ref)s have been saved.")
                             % {"ref": bid.reference})
            return redirect(round)
    return render(request, "commissioning/score.html", {
        "form": form, "round": round, "bid": bid, "panellist": panellist, "last": last,
        "declaration": declaration, "paper": bool(panellist_id), "version": version})


@member_required("view_funds")
def ranking(request: OrgRequest, grant_round_id: int) -> HttpResponse:
    round = get_round_for(request, grant_round_id)
    if not may_see_scores(request, round):
        return render(request, "commissioning/not_yet.html", {"round": round}, status=403)
    method = "raw" if request.GET.get("method") == "raw" else "z"
    by_rules, order = round_ranking(round, method)
    plan = plan_awards(award_order(order), round.budget)
    return render(request, "commissioning/ranking.html", {
        "round": round, "ranking": by_rules, "order": order, "plan": plan, "method": method,
        "interests": declared_interests(round),
        "moves": round.moves.select_related("bid"), "move_form": MoveForm(round=round),
        "bids": {bid.reference: bid for bid in round.bids.all()}})


def declared_interests(round: Round) -> dict[str, list[str]]:
    """Who declared an interest (and may still score) in each bid."""
    interests: dict[str, list[str]] = {}
    for reference, name in Declaration.objects.filter(
            bid__round=round, kind=Interest.INTEREST).values_list("bid__reference",
                                                                  "panellist__person__name"):
        interests.setdefault(reference, []).append(name)
    return interests


@member_required("award_grants")
def move(request: OrgRequest, grant_round_id: int) -> HttpResponse:
    round = get_round_for(request, grant_round_id, "award_grants")
    if request.method != "POST":  # after the round, so other organisations get 404
        return HttpResponseNotAllowed(["POST"])
    form = MoveForm(request.POST, round=round)
    if form.is_valid():
        try:
            move_bid(round, form.cleaned_data["bid"], form.cleaned_data["to_position"],
                     form.cleaned_data["reason"], request.user,
                     form.cleaned_data["proposed_by"], form.cleaned_data["method"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The change to the ranking has been recorded."))
    else:
        messages.error(request, _("Choose the bid, its new place and say why."))
    return redirect("commissioning:ranking", org_slug=request.organisation.slug,
                    grant_round_id=round.pk)


@member_required("award_grants")
@require_http_methods(["GET", "POST"])
def award(request: OrgRequest, grant_round_id: int) -> HttpResponse:
    round = get_round_for(request, grant_round_id, "award_grants")
    _rules, order = round_ranking(round)
    plan = plan_awards(award_order(order), round.budget)
    form = AwardForm(request.POST or None, order=award_order(order), planned=plan.amounts)
    if request.method == "POST" and form.is_valid():
        try:
            award_round(round, form.amounts(), request.user, form.cleaned_data["proposed_by"],
                        form.cleaned_data["method"], form.votes(), form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The grants have been awarded and the decision is in "
                                        "the project's log."))
            return redirect(round)
    return render(request, "commissioning/award.html",
                  {"form": form, "round": round, "plan": plan})


@member_required("award_grants")
@require_http_methods(["GET", "POST"])
def feedback(request: OrgRequest, grant_round_id: int, bid_id: int) -> HttpResponse:
    """The panel approves the feedback the letter gives, drawn from scorers' comments."""
    round = get_round_for(request, grant_round_id, "award_grants")
    bid = get_bid_for(request, round, bid_id)
    form = FeedbackForm(request.POST or None, instance=bid)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The approved feedback has been saved."))
        return redirect("commissioning:letter", org_slug=request.organisation.slug,
                        grant_round_id=round.pk, bid_id=bid.pk)
    sheets = bid.sheets.filter(current=True).prefetch_related("scores__criterion")
    comments = [score for sheet in sheets for score in sheet.scores.all() if score.comment]
    return render(request, "commissioning/feedback.html",
                  {"form": form, "round": round, "bid": bid, "comments": comments})


@member_required("award_grants")
def letter(request: OrgRequest, grant_round_id: int, bid_id: int) -> HttpResponse:
    """The letter to print (or read before it is e-mailed), in the applicant's language."""
    round = get_round_for(request, grant_round_id, "award_grants")
    bid = get_bid_for(request, round, bid_id)
    return render(request, "commissioning/letter.html",
                  {"round": round, "bid": bid, "letter": letter_for(bid)})


@member_required("award_grants")
def letters_print(request: OrgRequest, grant_round_id: int) -> HttpResponse:
    """Every letter for applicants without an e-mail address, to print in one go."""
    round = get_round_for(request, grant_round_id, "award_grants")
    bids = round.bids.filter(status=BidStatus.SUBMITTED, email="").select_related(
        "round__fund", "organisation")
    return render(request, "commissioning/letters_print.html", {
        "round": round, "letters": [(bid, letter_for(bid)) for bid in bids]})


@member_required("award_grants")
def letters_send(request: OrgRequest, grant_round_id: int) -> HttpResponse:
    round = get_round_for(request, grant_round_id, "award_grants")
    if request.method != "POST":  # after the round, so other organisations get 404
        return HttpResponseNotAllowed(["POST"])
    if round.status != RoundStatus.AWARDED:
        messages.error(request, _("Letters go out once the grants are awarded."))
        return redirect(round)
    send_round_letters.enqueue(round.pk)
    messages.success(request, _("The letters are being e-mailed. Applicants without an e-mail "
                                "address need a printed letter."))
    return redirect(round)
