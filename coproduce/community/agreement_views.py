"""Role agreements: written with the person, agreed and dated, printed in standard or easy
read, in the agreement's own language (English or Welsh)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from weasyprint import HTML

from coproduce.organisations.access import OrgRequest, member_required

from .access import get_agreement_for, get_member_for, own_agreements
from .forms import AgreementForm
from .models import Agreement
from .views import form_page


def style_of(request: OrgRequest) -> str:
    return "easy_read" if request.GET.get("style") == "easy_read" else "standard"


@member_required("edit_community")
@require_http_methods(["GET", "POST"])
def agreement_add(request: OrgRequest, person_id: int) -> HttpResponse:
    member = get_member_for(request, person_id, write=True)
    form = AgreementForm(request.POST or None, organisation=request.organisation,
                         instance=Agreement(organisation=request.organisation, person=member,
                                            created_by=request.user),
                         initial={"language": member.preferred_language})
    if request.method == "POST" and form.is_valid():
        agreement = form.save()
        messages.success(request, _("The agreement has been written. Print it to go through "
                                    "it together, then record when it was agreed."))
        return redirect(agreement)
    return form_page(request, form, _("Write a role agreement"), "", person=member)


@member_required("edit_community")
@require_http_methods(["GET", "POST"])
def agreement_edit(request: OrgRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for(request, agreement_id, write=True)
    form = AgreementForm(request.POST or None, organisation=request.organisation,
                         instance=agreement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The agreement has been changed."))
        return redirect(agreement)
    return form_page(request, form, _("Change the role agreement"), "",
                     person=agreement.person)


@member_required("take_part")
def agreement_detail(request: OrgRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for(request, agreement_id)
    return render(request, "community/agreement_detail.html", {"agreement": agreement})


@member_required("edit_community")
@require_POST
def agreement_agree(request: OrgRequest, agreement_id: int) -> HttpResponse:
    """Record that the person and the organisation agreed it, today."""
    agreement = get_agreement_for(request, agreement_id, write=True)
    if agreement.agreed_on is None:
        agreement.agreed_on = timezone.localdate()
        agreement.save(update_fields=["agreed_on"])
    messages.success(request, _("The agreement is recorded as agreed."))
    return redirect(agreement)


def printable(agreement: Agreement, style: str) -> str:
    with translation.override(agreement.language):
        return render_to_string(f"community/agreement_{style}.html", {
            "agreement": agreement, "organisation": agreement.organisation,
            "print_language": agreement.language})


@member_required("take_part")
def agreement_print(request: OrgRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for(request, agreement_id)
    return HttpResponse(printable(agreement, style_of(request)))


@member_required("take_part")
def agreement_pdf(request: OrgRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for(request, agreement_id)
    style = style_of(request)
    pdf = HTML(string=printable(agreement, style)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="agreement-{agreement.pk}-'
                                       f'{style}-{agreement.language}.pdf"')
    return response


@member_required("take_part")
def your_agreements(request: OrgRequest) -> HttpResponse:
    """A peer mentor, volunteer or panel member reads the agreements made with them."""
    agreements = own_agreements(request).select_related("role").order_by("-created_at")
    return render(request, "community/your_agreements.html", {
        "agreements": agreements, "unlinked": request.membership.person_id is None})
