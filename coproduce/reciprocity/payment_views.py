"""Expense claims, recognition offers, and how each person prefers to be recognised."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import CheckboxInput
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.audit.models import Action, record
from coproduce.organisations.access import OrgRequest, member_required, require, scoped
from coproduce.people.access import get_person_for

from . import claims, exports, recognition
from .access import get_claim_for, get_offer_for, get_receipt_for
from .forms import (
    AnswerForm,
    ClaimForm,
    DecideForm,
    OfferForm,
    PayForm,
    PreferenceForm,
    ReverseForm,
)
from .models import Claim, ClaimStatus, Offer, RecognitionPreference, Settings
from .published import ADVICE, GUIDE_LIMITS


def back_to(request: OrgRequest, obj: Claim | Offer) -> HttpResponse:
    if isinstance(obj, Claim):
        return redirect("reciprocity:claim", org_slug=request.organisation.slug, claim_id=obj.pk)
    return redirect("reciprocity:offer", org_slug=request.organisation.slug, offer_id=obj.pk)


@member_required("view_reciprocity")
def claim_list(request: OrgRequest) -> HttpResponse:
    found = scoped(request, Claim).select_related("person", "project")
    status = request.GET.get("status", "")
    if status in ClaimStatus.values:
        found = found.filter(status=status)
    return render(request, "reciprocity/claim_list.html", {
        "page": Paginator(found, 50).get_page(request.GET.get("page")), "status": status,
        "statuses": ClaimStatus.choices, "query": f"status={status}" if status else ""})


@member_required("view_reciprocity")
def claim_export(request: OrgRequest) -> StreamingHttpResponse:
    record(Action.EXPORT, request=request, target="expense claims")
    rows = scoped(request, Claim).select_related("person", "project")
    response = StreamingHttpResponse(exports.claim_lines(rows),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="expenses.csv"'
    return response


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def claim_add(request: OrgRequest) -> HttpResponse:
    form = ClaimForm(request.POST or None, request.FILES or None,
                     organisation=request.organisation,
                     initial={"spent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if not form.first_time():
            return redirect("reciprocity:claims", org_slug=request.organisation.slug)
        claim = form.save(commit=False)
        claim.organisation, claim.amount_pence = request.organisation, form.cleaned_data["amount"]
        upload = form.cleaned_data.get("receipts")
        claims.submit(claim, request.user, [upload] if upload else [])
        messages.success(request, _("The claim has been submitted. Someone else must approve "
                                    "it."))
        return back_to(request, claim)
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Enter an expense claim"), "multipart": True,
        "back": ("reciprocity:claims", _("Back to expenses"))})


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def claim_edit(request: OrgRequest, claim_id: int) -> HttpResponse:
    """Correct a claim still waiting for approval; a decided or paid claim is never edited."""
    claim = get_claim_for(request, claim_id, write=True)
    if claim.status != ClaimStatus.SUBMITTED:
        messages.warning(request, _("Only a claim waiting for approval can be changed. A paid "
                                    "claim is reversed by a new entry instead."))
        return back_to(request, claim)
    form = ClaimForm(request.POST or None, instance=claim, organisation=request.organisation,
                     initial={"amount": f"{claim.amount_pence / 100:.2f}"})
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.amount_pence = form.cleaned_data["amount"]
        claims.change(saved, request.user, form.cleaned_data.get("receipts"))
        messages.success(request, _("The claim has been changed."))
        return back_to(request, claim)
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Change the claim"), "multipart": True,
        "back": ("reciprocity:claims", _("Back to expenses"))})


@member_required("view_reciprocity")
def claim_detail(request: OrgRequest, claim_id: int) -> HttpResponse:
    claim = get_claim_for(request, claim_id)
    return render(request, "reciprocity/claim_detail.html", {
        "claim": claim, "receipts": claim.receipts.defer("content"),
        "decide": DecideForm(), "pay": PayForm(), "reverse": ReverseForm(),
        "reversal": Claim.objects.filter(reverses=claim).first(),
        "may_decide": claim.entered_by_id != request.user.pk})


@member_required("approve_claims")
@require_POST
def claim_decide(request: OrgRequest, claim_id: int) -> HttpResponse:
    claim = get_claim_for(request, claim_id)
    form = DecideForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        claims.decide(claim, request.POST.get("decision") == "approve", request.user, reason)
        messages.success(request, _("The claim is %(status)s.") % {
            "status": claim.get_status_display().lower()})
    except ValidationError as error:
        messages.warning(request, error.messages[0])
    return back_to(request, claim)


@member_required("approve_claims")
@require_POST
def claim_pay(request: OrgRequest, claim_id: int) -> HttpResponse:
    claim = get_claim_for(request, claim_id)
    form = PayForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("Give the date and how it was paid."))
        return back_to(request, claim)
    try:
        claims.pay(claim, form.cleaned_data["paid_on"], form.cleaned_data["method"],
                   form.cleaned_data["reference"], request.user)
        messages.success(request, _("The claim is recorded as paid."))
    except ValidationError as error:
        messages.warning(request, error.messages[0])
    return back_to(request, claim)


@member_required("approve_claims")
@require_POST
def claim_reverse(request: OrgRequest, claim_id: int) -> HttpResponse:
    claim = get_claim_for(request, claim_id)
    form = ReverseForm(request.POST)
    try:
        made = claims.reverse(claim, form.cleaned_data["reason"] if form.is_valid() else "",
                              request.user)
    except ValidationError as error:
        messages.warning(request, error.messages[0])
        return back_to(request, claim)
    messages.success(request, _("The payment is reversed by a new entry."))
    return back_to(request, made)


@member_required("view_reciprocity")
def receipt(request: OrgRequest, claim_id: int, receipt_id: int) -> HttpResponse:
    found = get_receipt_for(request, get_claim_for(request, claim_id), receipt_id)
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Content-Disposition"] = f'inline; filename="receipt-{found.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@member_required("view_reciprocity")
def offer_list(request: OrgRequest) -> HttpResponse:
    found = scoped(request, Offer).select_related("person", "project")
    return render(request, "reciprocity/offer_list.html", {
        "page": Paginator(found, 50).get_page(request.GET.get("page")), "query": ""})


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def offer_add(request: OrgRequest) -> HttpResponse:
    """Offer a payment or voucher; warn first if the person has said they receive benefits."""
    form = OfferForm(request.POST or None, organisation=request.organisation,
                     initial={"offered_on": timezone.localdate(),
                              "person": request.GET.get("person")})
    if request.method == "POST" and form.is_valid():
        offer = form.save(commit=False)
        offer.organisation, offer.amount_pence = request.organisation, form.cleaned_data["amount"]
        try:
            recognition.make_offer(offer, request.user, form.cleaned_data["warnings_seen"])
        except ValidationError as error:
            form.fields["warnings_seen"].widget = CheckboxInput()
            return render(request, "reciprocity/offer_form.html", {
                "form": form, "warnings": error.messages, "advice": ADVICE,
                "guide": GUIDE_LIMITS, "settings": Settings.of(request.organisation)})
        messages.success(request, _("The offer has been recorded."))
        return back_to(request, offer)
    return render(request, "reciprocity/offer_form.html", {"form": form})


@member_required("view_reciprocity")
def offer_detail(request: OrgRequest, offer_id: int) -> HttpResponse:
    offer = get_offer_for(request, offer_id)
    return render(request, "reciprocity/offer_detail.html", {
        "offer": offer, "answer": AnswerForm(), "pay": PayForm()})


@member_required("edit_reciprocity")
@require_POST
def offer_answer(request: OrgRequest, offer_id: int) -> HttpResponse:
    offer = get_offer_for(request, offer_id, write=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            recognition.answer(offer, data["status"], data.get("taken"), data["charity"],
                               data.get("credit_minutes"))
            messages.success(request, _("Their answer has been recorded."))
            return back_to(request, offer)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "reciprocity/offer_detail.html", {
        "offer": offer, "answer": form, "pay": PayForm()})


@member_required("approve_claims")
@require_POST
def offer_pay(request: OrgRequest, offer_id: int) -> HttpResponse:
    offer = get_offer_for(request, offer_id)
    form = PayForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("Give the date and how it was paid."))
        return back_to(request, offer)
    try:
        recognition.pay(offer, form.cleaned_data["paid_on"], form.cleaned_data["method"],
                        form.cleaned_data["reference"], request.user)
        messages.success(request, _("The offer is recorded as paid."))
    except ValidationError as error:
        messages.warning(request, error.messages[0])
    return back_to(request, offer)


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def preference(request: OrgRequest, person_id: int) -> HttpResponse:
    """Benefits and recognition preference: private, seen only by those allowed, audited."""
    person = get_person_for(request, person_id, write=True)
    require(request, "view_sensitive")
    found = RecognitionPreference.objects.filter(person=person).first()
    form = PreferenceForm(request.POST or None, initial={
        "receives_benefits": found.receives_benefits if found else "",
        "preference": found.preference if found else ""})
    if request.method == "POST" and form.is_valid():
        RecognitionPreference.objects.update_or_create(person=person, defaults=form.cleaned_data)
        record(Action.SENSITIVE_CHANGED, request=request, target=f"person {person.pk}",
               fields=["receives_benefits", "preference"])
        messages.success(request, _("Saved. Only staff allowed to see private details see this."))
        return redirect("reciprocity:person", org_slug=request.organisation.slug,
                        person_id=person.pk)
    record(Action.SENSITIVE_VIEWED, request=request, target=f"person {person.pk} recognition")
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Benefits and how they like to be recognised"),
        "caption": person.name, "advice": ADVICE,
        "back": ("reciprocity:offers", _("Back to recognition"))})
