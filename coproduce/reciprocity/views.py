"""Hours given, a person's own record, their certificates, and the overview."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.audit.models import Action, record
from coproduce.organisations.access import OrgRequest, member_required, scoped
from coproduce.organisations.models import Organisation
from coproduce.people.access import get_person_for
from coproduce.people.models import Person
from coproduce.projects.access import get_meeting_for, get_project_for

from . import certificates, credits, exports, hours
from .access import (
    contributions_for,
    get_certificate_for,
    get_contribution_for,
    get_own_contribution_for,
    own_person,
)
from .forms import AttendanceForm, CertificateForm, CorrectForm, DisputeForm, HoursForm
from .models import (
    Certificate,
    Claim,
    ClaimStatus,
    Contribution,
    HoursStatus,
    Offer,
    OfferStatus,
)


@member_required("view_own_reciprocity")
def index(request: OrgRequest) -> HttpResponse:
    """Where to start: staff see what waits; others go to what they may see."""
    if not request.membership.allows("view_reciprocity"):
        if request.membership.allows("view_true_cost"):
            return redirect("reciprocity:true_cost", org_slug=request.organisation.slug)
        return redirect("reciprocity:mine", org_slug=request.organisation.slug)
    return render(request, "reciprocity/index.html", {
        "pending_hours": scoped(request, Contribution).exclude(
            status=HoursStatus.CONFIRMED).count(),
        "claims_waiting": scoped(request, Claim).filter(status=ClaimStatus.SUBMITTED).count(),
        "claims_to_pay": scoped(request, Claim).filter(status=ClaimStatus.APPROVED).count(),
        "offers_to_pay": scoped(request, Offer).filter(status__in=[
            OfferStatus.ACCEPTED, OfferStatus.PART, OfferStatus.CHARITY,
            OfferStatus.CREDITS]).count(),
    })


@member_required("view_reciprocity")
def hours_list(request: OrgRequest) -> HttpResponse:
    entries = contributions_for(request)
    status = request.GET.get("status", "")
    if status in HoursStatus.values:
        entries = entries.filter(status=status)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "reciprocity/hours_list.html", {
        "page": page, "status": status, "statuses": HoursStatus.choices,
        "query": f"status={status}" if status else "",
        "total": entries.aggregate(total=Sum("minutes"))["total"] or 0})


@member_required("view_reciprocity")
def hours_export(request: OrgRequest) -> StreamingHttpResponse:
    record(Action.EXPORT, request=request, target="hours")
    response = StreamingHttpResponse(exports.hours_lines(contributions_for(request)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hours.csv"'
    return response


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def hours_add(request: OrgRequest) -> HttpResponse:
    form = HoursForm(request.POST or None, organisation=request.organisation,
                     initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if form.first_time():
            data = form.cleaned_data
            hours.record_hours(request.organisation, data["giver"], data["on"], data["minutes"],
                               data["activity"], request.user, project=data["project"],
                               description=data["description"], confirmed=data["confirmed"])
            messages.success(request, _("The time has been recorded."))
        return redirect("reciprocity:hours", org_slug=request.organisation.slug)
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Record time given"), "warnings": form.warnings,
        "back": ("reciprocity:hours", _("Back to hours"))})


@member_required("view_reciprocity")
def hours_detail(request: OrgRequest, contribution_id: int) -> HttpResponse:
    entry = get_contribution_for(request, contribution_id)
    return render(request, "reciprocity/hours_detail.html", {
        "entry": entry, "history": entry.history.select_related("by"),
        "correct": CorrectForm(initial={"minutes": f"{entry.minutes / 60:g}"}),
        "credits": entry.credit_transfers.prefetch_related("entries")})


@member_required("edit_reciprocity")
@require_POST
def hours_confirm(request: OrgRequest, contribution_id: int) -> HttpResponse:
    entry = get_contribution_for(request, contribution_id, write=True)
    if entry.status != HoursStatus.CONFIRMED:
        hours.confirm(entry, request.user)
        messages.success(request, _("The time is confirmed."))
    return redirect("reciprocity:hours_detail", org_slug=request.organisation.slug,
                    contribution_id=entry.pk)


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def hours_correct(request: OrgRequest, contribution_id: int) -> HttpResponse:
    entry = get_contribution_for(request, contribution_id, write=True)
    form = CorrectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            for warning in hours.correct(entry, form.cleaned_data["minutes"],
                                         form.cleaned_data["note"], request.user):
                messages.warning(request, warning)
        except ValidationError as error:
            form.add_error("minutes", error)
        else:
            messages.success(request, _("The entry is corrected; its history is kept."))
            return redirect("reciprocity:hours_detail", org_slug=request.organisation.slug,
                            contribution_id=entry.pk)
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Correct the time"), "caption": str(entry),
        "back": ("reciprocity:hours", _("Back to hours"))})


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def attendance(request: OrgRequest, project_id: int, meeting_id: int) -> HttpResponse:
    """Record everyone's time at a meeting in one step (who came ticked, its length filled)."""
    project = get_project_for(request, project_id, write=True)
    meeting = get_meeting_for(request, project, meeting_id)
    came, staff_came = hours.who_came(meeting)
    form = AttendanceForm(request.POST or None, people=meeting.attendees.all(),
                          staff=meeting.staff.all(), initial={
                              "people": came, "staff": staff_came,
                              "minutes": f"{hours.meeting_minutes(meeting) / 60:g}"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = hours.record_attendance(meeting, data["people"], data["staff"],
                                           data["minutes"], request.user, data["confirmed"])
        except ValidationError as error:
            form.add_error("minutes", error)
        else:
            messages.success(request, _("Time recorded for %(n)s people.") % {"n": len(made)})
            return redirect("projects:meeting", org_slug=request.organisation.slug,
                            project_id=project.pk, meeting_id=meeting.pk)
    return render(request, "reciprocity/attendance.html", {
        "form": form, "meeting": meeting, "project": project,
        "already": meeting.contributions.select_related("person", "staff")})


@member_required("view_own_reciprocity")
def mine(request: OrgRequest) -> HttpResponse:
    """A participant's own time, payments and credits; nobody else's."""
    person = own_person(request)
    return render(request, "reciprocity/mine.html", {
        "person": person, **person_record(person)})


def person_record(person: Person) -> dict[str, Any]:
    """A person's time, claims, offers, credits and certificates, for their timeline."""
    account = getattr(person, "credit_account", None)
    return {
        "entries": person.contributions.select_related("project"),
        "confirmed_minutes": person.contributions.filter(status=HoursStatus.CONFIRMED
                                                         ).aggregate(t=Sum("minutes"))["t"] or 0,
        "claims": person.claims.all(), "offers": person.recognition_offers.all(),
        "balance": credits.balance(account) if account else 0,
        "credit_entries": account.entries.select_related("transfer") if account else [],
        "certificates": person.certificates.all(),
    }


@member_required("view_own_reciprocity")
@require_http_methods(["GET", "POST"])
def dispute(request: OrgRequest, contribution_id: int) -> HttpResponse:
    entry = get_own_contribution_for(request, contribution_id)
    form = DisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        hours.dispute(entry, form.cleaned_data["note"], request.user)
        messages.success(request, _("Thank you. Staff will look at this entry again."))
        return redirect("reciprocity:mine", org_slug=request.organisation.slug)
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Say an entry is wrong"), "caption": str(entry),
        "back": ("reciprocity:mine", _("Back to your time"))})


@member_required("view_reciprocity")
def person_summary(request: OrgRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id)
    return render(request, "reciprocity/person.html", {
        "person": person, "certificate_form": CertificateForm(), **person_record(person)})


@member_required("edit_reciprocity")
@require_POST
def certificate_issue(request: OrgRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id)
    form = CertificateForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else "en"
    try:
        certificate = certificates.issue(person, language, request.user)
    except ValidationError as error:
        messages.warning(request, error.messages[0])
        return redirect("reciprocity:person", org_slug=request.organisation.slug,
                        person_id=person.pk)
    messages.success(request, _("The certificate has been made: download it below (%(code)s).")
                     % {"code": certificate.code})
    return redirect("reciprocity:person", org_slug=request.organisation.slug,
                    person_id=person.pk)


@member_required("view_reciprocity")
def certificate_download(request: OrgRequest, certificate_id: int) -> HttpResponse:
    certificate = get_certificate_for(request, certificate_id)
    check_url = request.build_absolute_uri(reverse("reciprocity:verify", kwargs={
        "org_slug": request.organisation.slug, "code": certificate.code}))
    response = HttpResponse(certificates.certificate_pdf(certificate, check_url),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


def certificate_verify(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    """Public: confirm a certificate's figures, and nothing else about the person."""
    organisation = get_object_or_404(Organisation, slug=org_slug)
    certificate = get_object_or_404(Certificate, organisation=organisation, code=code.upper())
    return render(request, "reciprocity/verify.html", {"certificate": certificate,
                                                       "issuer": organisation})
