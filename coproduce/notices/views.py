"""The outbox pages: every message, the letters to print and the calls to make."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.organisations.access import OrgRequest, member_required

from . import outbox
from .access import get_notice_for, notices_of
from .forms import CallForm, OutboxFilterForm
from .letters import letters_html, letters_pdf
from .models import Method, State


@member_required("view_notices")
def outbox_list(request: OrgRequest) -> HttpResponse:
    form = OutboxFilterForm(request.GET or None)
    notices = notices_of(request)
    if form.is_valid():
        for name in ("state", "method"):
            if form.cleaned_data[name]:
                notices = notices.filter(**{name: form.cleaned_data[name]})
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "notices/outbox.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "owed": outbox.owed(request.organisation)})


@member_required("view_notices")
def notice_detail(request: OrgRequest, notice_id: int) -> HttpResponse:
    notice = get_notice_for(request, notice_id)
    return render(request, "notices/notice_detail.html", {
        "notice": notice, "may_send": request.membership.allows("send_notices")})


def chosen_letters(request: OrgRequest) -> list:  # type: ignore[type-arg]
    """The letters named by `notice=` (to reprint), or every letter still to print."""
    letters = notices_of(request).filter(method=Method.LETTER).prefetch_related(
        "person__access_needs").order_by("person__name", "id")
    ids = [i for i in request.GET.getlist("notice") if i.isdigit()]
    if request.GET.get("reference"):
        letters = letters.filter(reference=request.GET["reference"])
    return list(letters.filter(pk__in=ids) if ids else letters.filter(state=State.TO_PRINT))


@member_required("view_notices")
def letter_list(request: OrgRequest) -> HttpResponse:
    letters = chosen_letters(request)
    query = request.GET.urlencode()
    return render(request, "notices/letters.html", {"letters": letters, "query": query})


@member_required("view_notices")
def letters_print(request: OrgRequest) -> HttpResponse:
    """The letters themselves, ready to print: no menus, one letter per page."""
    letters = chosen_letters(request)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(letters_pdf(request, letters), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="letters.pdf"'
        return response
    return HttpResponse(letters_html(request, letters))


@member_required("send_notices")
@require_POST
def letters_printed(request: OrgRequest) -> HttpResponse:
    ids = [i for i in request.POST.getlist("notice") if i.isdigit()]
    changed = outbox.mark_printed(notices_of(request).filter(pk__in=ids), request.user)
    messages.success(request, _("%(count)s letters marked as printed.") % {"count": changed})
    return redirect("notices:letters", org_slug=request.organisation.slug)


@member_required("view_notices")
def call_list(request: OrgRequest) -> HttpResponse:
    calls = notices_of(request).filter(state=State.TO_CALL).order_by("person__name", "id")
    return render(request, "notices/calls.html", {"calls": calls, "form": CallForm()})


@member_required("send_notices")
def call_made(request: OrgRequest, notice_id: int) -> HttpResponse:
    notice = get_notice_for(request, notice_id, write=True)  # 404 before 405 for outsiders
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CallForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if outbox.mark_called(notice, request.user, note):
        messages.success(request, _("The call to %(name)s is recorded.")
                         % {"name": notice.addressee})
    return redirect("notices:calls", org_slug=request.organisation.slug)


@member_required("send_notices")
def notice_retry(request: OrgRequest, notice_id: int) -> HttpResponse:
    notice = get_notice_for(request, notice_id, write=True)  # 404 before 405 for outsiders
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if outbox.retry(notice, request.user):
        messages.success(request, _("The email will be sent again."))
    return redirect(notice)
