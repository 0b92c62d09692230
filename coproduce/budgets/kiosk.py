"""Voting at a community event on a staff device: staff check each attendee against the voters
list (or their code), the attendee votes, and the device forgets them at once. The ballot page
is always blank and never cached, so the next voter cannot see or change the last one's vote.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from coproduce.organisations.access import OrgRequest, member_required

from . import voting
from .access import get_process_for
from .forms import BallotForm, EventVoterForm, FindVoterForm
from .models import Channel, Process, VoterCode


def event_key(process: Process) -> str:
    return f"budget-{process.pk}-event-voter"


def unused_matches(process: Process, text: str) -> list[VoterCode]:
    """Up to ten unused codes whose voter's name or postcode matches every word typed."""
    words = text.split()[:5]
    if not words:
        return []
    found = Q()
    for word in words:
        found &= (Q(name__icontains=word) | Q(postcode__icontains=word)
                  | Q(person__name__icontains=word) | Q(person__postcode__icontains=word))
    return list(process.codes.filter(found, used_at__isnull=True).select_related("person")
                .order_by("name", "id")[:10])


def verified_code(process: Process, data: dict[str, Any]) -> VoterCode:
    if data.get("listed"):
        code = process.codes.filter(pk=data["listed"], used_at__isnull=True).first()
        if code is None:
            raise voting.VoteRefused(_("This voter has already voted; the ballot is counted "
                                       "once."))
        return code
    return voting.find_code(process, str(data["code"]))


@member_required("run_budgets")
@never_cache
@require_http_methods(["GET", "POST"])
def event_start(request: OrgRequest, process_id: int) -> HttpResponse:
    process = get_process_for(request, process_id, write=True)
    request.session.pop(event_key(process), None)  # whoever was last is forgotten
    find = FindVoterForm(request.GET or None)
    matches = unused_matches(process, find.data.get("q", "")) if find.is_valid() else []
    if request.method == "POST" and str(request.POST.get("listed", "")).isdigit():
        matches = list(process.codes.filter(pk=request.POST["listed"]).select_related("person"))
    form = EventVoterForm(request.POST if request.method == "POST" else None, matches=matches)
    if request.method == "POST" and form.is_valid():
        try:
            code = verified_code(process, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            request.session[event_key(process)] = code.pk
            return redirect("budgets:event_ballot", org_slug=request.organisation.slug,
                            process_id=process.pk)
    return render(request, "budgets/event_start.html", {
        "process": process, "form": form, "find": find, "searched": bool(find.data.get("q"))})


@member_required("run_budgets")
@never_cache
@require_http_methods(["GET", "POST"])
def event_ballot(request: OrgRequest, process_id: int) -> HttpResponse:
    process = get_process_for(request, process_id, write=True)
    code = VoterCode.objects.filter(process=process, used_at__isnull=True,
                                    pk=request.session.get(event_key(process)) or 0).first()
    if code is None:
        return redirect("budgets:event", org_slug=request.organisation.slug,
                        process_id=process.pk)
    easy = request.GET.get("easy") == "1"
    form = BallotForm(request.POST or None, process=process, easy_read=easy)
    if request.method == "POST" and form.is_valid():
        try:
            voting.cast(process, voting.voter_of(code), Channel.EVENT, form.choices(),
                        language=get_language() or "", by=request.user, code=code,
                        replace=False)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            request.session.pop(event_key(process), None)
            messages.success(request, _("Thank you: the ballot has been taken. Please hand the "
                                        "device back to the staff member."))
            return redirect("budgets:event", org_slug=request.organisation.slug,
                            process_id=process.pk)
    return render(request, "budgets/event_ballot.html", {"process": process, "form": form,
                                                         "easy": easy})
