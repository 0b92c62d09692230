from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.lib import smallnumbers
from coproduce.lib.formchecks import UploadForm
from coproduce.lib.tabular import TableError
from coproduce.organisations.access import OrgRequest, member_required
from coproduce.voices.access import get_voice_for

from . import voting
from .access import get_process_for, get_proposal_for, get_theme_for, processes_for
from .forms import (
    BallotForm,
    CodesForm,
    ImportForm,
    PaperVoterForm,
    ProcessForm,
    ProposalForm,
    ProposalFromForm,
    ReviewForm,
)
from .letters import qr_svg
from .models import Channel, Stage
from .pabulib import PabulibError
from .voters import import_voters


@member_required("view_budgets")
def process_list(request: OrgRequest) -> HttpResponse:
    processes = processes_for(request).annotate(ballot_count=Count("ballots"))
    return render(request, "budgets/process_list.html", {"processes": processes})


@member_required("run_budgets")
@require_http_methods(["GET", "POST"])
def process_add(request: OrgRequest) -> HttpResponse:
    form = ProcessForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        process = form.save(commit=False)
        process.organisation, process.created_by = request.organisation, request.user
        process.save()
        process.history.create(stage=process.stage, by=request.user)
        messages.success(request, _("The budget vote has been set up. Now add proposals."))
        return redirect(process)
    return render(request, "budgets/process_form.html", {"form": form})


@member_required("view_budgets")
def process_detail(request: OrgRequest, process_id: int) -> HttpResponse:
    process = get_process_for(request, process_id)
    hide = not request.membership.allows("run_budgets")  # ballots are voters: small numbers
    return render(request, "budgets/process_detail.html", {
        "process": process, "proposals": process.proposals.select_related("theme"),
        "history": process.history.all(),
        "ballots": smallnumbers.shown(process.ballots.count(), hide),
        "paper": smallnumbers.shown(process.ballots.filter(channel=Channel.PAPER).count(), hide),
        "codes": process.codes.count(),
        "used": smallnumbers.shown(process.codes.filter(used_at__isnull=False).count(), hide),
        "next": voting.NEXT.get(Stage(process.stage)),
    })


@member_required("run_budgets")
def process_advance(request: OrgRequest, process_id: int) -> HttpResponse:
    process = get_process_for(request, process_id, write=True)
    if request.method != "POST":  # checked after the object, so outsiders still get 404
        return HttpResponseNotAllowed(["POST"])
    try:
        voting.advance(process, request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(process)


@member_required("run_budgets")
@require_http_methods(["GET", "POST"])
def proposal_add(request: OrgRequest, process_id: int) -> HttpResponse:
    process = get_process_for(request, process_id, write=True)
    initial = {"theme": request.GET.get("theme")} if request.GET.get("theme") else None
    form = ProposalForm(request.POST or None, request.FILES or None, initial=initial,
                        organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        if not process.allows("propose"):
            messages.error(request, _("Proposals are closed for this vote."))
            return redirect(process)
        proposal = form.save(commit=False)
        proposal.process = process
        proposal.save()
        messages.success(request, _("The proposal has been added for review."))
        return redirect(process)
    return render(request, "budgets/proposal_form.html", {"form": form, "process": process})


@member_required("run_budgets")
@require_http_methods(["GET", "POST"])
def proposal_review(request: OrgRequest, process_id: int, proposal_id: int) -> HttpResponse:
    process = get_process_for(request, process_id, write=True)
    proposal = get_proposal_for(process, proposal_id)
    form = ReviewForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        if not process.allows("review"):
            messages.error(request, _("Voting has started: the ballot can no longer change."))
            return redirect(process)
        form.save()
        messages.success(request, _("The review has been saved."))
        return redirect(process)
    return render(request, "budgets/review_form.html", {"form": form, "process": process,
                                                        "proposal": proposal})


@member_required("run_budgets")
@require_http_methods(["GET", "POST"])
def codes(request: OrgRequest, process_id: int) -> HttpResponse:
    process = get_process_for(request, process_id, write=True)
    form = CodesForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        made = voting.issue_codes(process, form.chosen_people(),
                                  form.cleaned_data["extra"] or 0)
        messages.success(request, _("%(n)s voter codes made.") % {"n": made})
        return redirect("budgets:letters", org_slug=request.organisation.slug,
                        process_id=process.pk)
    return render(request, "budgets/codes_form.html", {"form": form, "process": process})


@member_required("run_budgets")
def letters(request: OrgRequest, process_id: int) -> HttpResponse:
    process = get_process_for(request, process_id, write=True)
    vote_url = request.build_absolute_uri(process.get_absolute_url().replace(
        f"/budgets/{process.pk}/", f"/budgets/{process.pk}/vote/"))
    unused = process.codes.filter(used_at__isnull=True).select_related("person")
    return render(request, "budgets/letters.html", {
        "process": process, "vote_url": vote_url,
        "letters": [(code, qr_svg(f"{vote_url}?code={code.code}")) for code in unused[:500]]})


@member_required("run_budgets")
@require_http_methods(["GET", "POST"])
def paper_ballot(request: OrgRequest, process_id: int) -> HttpResponse:
    process = get_process_for(request, process_id, write=True)
    voter = PaperVoterForm(request.POST or None, organisation=request.organisation)
    ballot = BallotForm(request.POST or None, process=process)
    if request.method == "POST" and voter.is_valid() and ballot.is_valid():
        try:
            voting.enter_paper(process, voter.cleaned_data, ballot.choices(), request.user)
        except ValidationError as error:
            ballot.add_error(None, error.messages[0])
        else:
            messages.success(request, _("The paper ballot has been entered."))
            return redirect("budgets:paper", org_slug=request.organisation.slug,
                            process_id=process.pk)
    return render(request, "budgets/paper_form.html", {"voter": voter, "ballot": ballot,
                                                       "process": process})


@member_required("view_budgets")
def export_pb(request: OrgRequest, process_id: int) -> HttpResponse:
    process = get_process_for(request, process_id)
    response = HttpResponse(voting.as_pabulib(process), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{process.pk}.pb"'
    return response


@member_required("run_budgets")
@require_http_methods(["GET", "POST"])
def import_pb(request: OrgRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            process = voting.import_pabulib(request.organisation, upload.read(), upload.name,
                                            request.user)
        except (PabulibError, ValueError) as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The file has been imported. Close voting and publish "
                                        "to count it."))
            return redirect(process)
    return render(request, "budgets/import_form.html", {"form": form,
                                                        "language": get_language()})


@member_required("run_budgets")
@require_http_methods(["GET", "POST"])
def voters_list(request: OrgRequest, process_id: int) -> HttpResponse:
    """Upload the list of eligible voters: a code for each, and a report of rows refused."""
    process = get_process_for(request, process_id, write=True)
    form, report = UploadForm(request.POST or None, request.FILES or None), None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if process.stage not in (Stage.PROPOSALS, Stage.REVIEW, Stage.VOTING):
            form.add_error("file", _("Voting has closed: the voters list can no longer change."))
        else:
            try:
                report = import_voters(process, upload, upload.name)
            except (TableError, ValidationError) as error:
                form.add_error("file", error.messages[0] if isinstance(
                    error, ValidationError) else str(error))
    return render(request, "budgets/voters_form.html", {
        "form": form, "process": process, "report": report,
        "listed": process.codes.exclude(reference="").count()})


@member_required("run_budgets")
@require_http_methods(["GET", "POST"])
def proposal_from_theme(request: OrgRequest, theme_id: int) -> HttpResponse:
    theme = get_theme_for(request, theme_id)
    voices = [p.voice.text for p in theme.placements.select_related("voice")[:3]]
    return proposal_from(request, {"title": theme.label[:150],
                                   "description": "\n\n".join(voices)[:2000]}, theme=theme)


@member_required("run_budgets")
@require_http_methods(["GET", "POST"])
def proposal_from_voice(request: OrgRequest, voice_id: int) -> HttpResponse:
    voice = get_voice_for(request, voice_id)
    return proposal_from(request, {"title": voice.text[:150], "description": voice.text[:2000]},
                         voice=voice)


def proposal_from(request: OrgRequest, initial: dict[str, str], **source: Any) -> HttpResponse:
    """The proposal form, filled from a theme or a voice, for a vote collecting proposals."""
    form = ProposalFromForm(request.POST or None, request.FILES or None, initial=initial,
                            organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        proposal.process = form.cleaned_data["process"]
        proposal.theme, proposal.voice = source.get("theme"), source.get("voice")
        proposal.save()
        messages.success(request, _("The proposal has been added for review."))
        return redirect(proposal.process)
    return render(request, "budgets/proposal_from.html", {"form": form, **source})
