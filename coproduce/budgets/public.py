"""The pages voters and the public use: vote with a code or a login, and the results."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.organisations.models import Membership

from . import voting
from .access import get_public_process
from .explain import explanation
from .forms import BallotForm, CodeForm
from .models import Channel, Process, Stage, VoterCode


def session_key(process: Process) -> str:
    return f"budget-{process.pk}-code"


def signed_in_voter(request: HttpRequest, process: Process) -> str | None:
    if request.user.is_authenticated and Membership.objects.filter(
            user=request.user, organisation=process.organisation).exists():  # type: ignore[misc]
        return f"user:{request.user.pk}"
    return None


@require_http_methods(["GET", "POST"])
def vote_start(request: HttpRequest, org_slug: str, process_id: int) -> HttpResponse:
    process = get_public_process(org_slug, process_id)
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            code = voting.find_code(process, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error.messages[0])
        else:
            request.session[session_key(process)] = {"id": code.pk, "claimed": False}
            return redirect("budgets:ballot", org_slug=org_slug, process_id=process.pk)
    return render(request, "budgets/vote_start.html", {
        "process": process, "form": form, "signed_in": signed_in_voter(request, process),
        "organisation": process.organisation})


@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, org_slug: str, process_id: int) -> HttpResponse:
    process = get_public_process(org_slug, process_id)
    held: dict[str, Any] = request.session.get(session_key(process)) or {}
    code = VoterCode.objects.filter(process=process, pk=held.get("id") or 0).first()
    voter = voting.voter_of(code) if code else signed_in_voter(request, process)
    if voter is None:
        return redirect("budgets:vote", org_slug=org_slug, process_id=process.pk)
    easy = request.GET.get("easy") == "1"
    form = BallotForm(request.POST or None, process=process, easy_read=easy)
    if request.method == "POST" and form.is_valid():
        claim = code if code and not held.get("claimed") else None
        try:
            voting.cast(process, voter, Channel.CODE if code else Channel.ONLINE,
                        form.choices(), language=get_language() or "", code=claim)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            if code:
                request.session[session_key(process)] = {"id": code.pk, "claimed": True}
            messages.success(request, _("Thank you: your ballot has been taken. You can change "
                                        "it here until voting closes."))
            return redirect("budgets:ballot", org_slug=org_slug, process_id=process.pk)
    mine = process.ballots.filter(voter=voter).first()
    return render(request, "budgets/ballot.html", {
        "process": process, "form": form, "easy": easy, "mine": mine,
        "open": process.stage == Stage.VOTING, "organisation": process.organisation})


def results(request: HttpRequest, org_slug: str, process_id: int) -> HttpResponse:
    process = get_public_process(org_slug, process_id)
    if process.stage != Stage.RESULTS or not process.result:
        return render(request, "budgets/results_pending.html",
                      {"process": process, "organisation": process.organisation})
    return render(request, "budgets/results.html", {
        "process": process, **explanation(process), "organisation": process.organisation})


def results_pb(request: HttpRequest, org_slug: str, process_id: int) -> HttpResponse:
    process = get_public_process(org_slug, process_id)
    if process.stage != Stage.RESULTS:
        return redirect("budgets:results", org_slug=org_slug, process_id=process.pk)
    response = HttpResponse(voting.as_pabulib(process), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{process.pk}.pb"'
    return response
