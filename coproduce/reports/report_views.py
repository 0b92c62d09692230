"""Pages of the report for trustees and funders: build, publish, share, read."""

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.commissioning.models import Fund
from coproduce.organisations.access import OrgRequest, member_required, scoped
from coproduce.organisations.worker import worker_missing
from coproduce.projects.models import Project

from .access import get_publication_for, get_report_for, get_share_for, get_shared
from .builder import GOVERNANCE, build, default_period
from .evidence import evidence_pdf, evidence_text
from .figures import Report
from .formats import CONTENT_TYPES, context, write
from .forms import PublishForm, ReportForm, ShareForm, publish_key
from .models import Publication, PublicationStatus, PublishedReport
from .publishing import frozen, request_publication, revoke, share, unfinished

DOWNLOADS = {"pdf", "csv", "xlsx"}


def language() -> str:
    return "cy" if (get_language() or "").startswith("cy") else "en"


def download(report: Report, kind: str, name: str, **extra: Any) -> HttpResponse:
    response = HttpResponse(write(report, kind, **extra), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def checked_form(request: OrgRequest, data: Any, form_class: type[ReportForm]) -> ReportForm:
    """The period form; a project of another organisation is not found (404)."""
    for name, model in (("project", Project), ("fund", Fund)):
        value = (data.get(name) or "").strip()
        if value.isdigit() and not scoped(request, model).filter(pk=int(value)).exists():
            raise Http404
    return form_class(data or None, organisation=request.organisation)


def listing(request: OrgRequest, form: ReportForm) -> dict[str, Any]:
    """The reports page: the period form, the reports published, and any still being built
    or that failed in the last day (for those who publish)."""
    return {"form": form, "published": scoped(request, PublishedReport)[:50],
            "publishing": unfinished(scoped(request, Publication))
            if request.membership.allows("publish_reports") else []}


@member_required("view_reports")
def index(request: OrgRequest) -> HttpResponse:
    start, end = default_period()
    form = ReportForm(organisation=request.organisation,
                      initial={"start": start, "end": end})
    return render(request, "reports/index.html", listing(request, form))


@member_required("build_reports")
def build_view(request: OrgRequest) -> HttpResponse:
    """Build the report from the record as it stands (a GET: nothing is written)."""
    form = checked_form(request, request.GET, ReportForm)
    if not form.is_valid():
        return render(request, "reports/index.html", listing(request, form))
    data = form.cleaned_data
    report = build(request.organisation, data["start"], data["end"], data["project"], language(),
                   data["fund"])
    if request.GET.get("format") in DOWNLOADS:
        return download(report, request.GET["format"], "report")
    publish_form = PublishForm(organisation=request.organisation, initial={
        "start": data["start"].isoformat(), "end": data["end"].isoformat(),
        "project": data["project"].pk if data["project"] else "",
        "fund": data["fund"].pk if data["fund"] else "", "key": publish_key()})
    return render(request, "reports/report.html", context(
        report, query=request.GET.urlencode(), publish_form=publish_form))


@member_required("publish_reports")
@require_POST
def publish_view(request: OrgRequest) -> HttpResponse:
    form = checked_form(request, request.POST, PublishForm)
    """Record the request and leave the building to the worker (both languages of a large
    report take seconds); the page it leads to says when the report is ready."""
    if not form.is_valid():
        return render(request, "reports/index.html", listing(request, form), status=400)
    data = form.cleaned_data
    asked = request_publication(request.organisation, data["key"] or publish_key(),
                                data["start"], data["end"], data["project"], request.user,
                                data["note"], data["fund"])
    return redirect(asked)


@member_required("publish_reports")
def publication(request: OrgRequest, publication_id: int) -> HttpResponse:
    """Where a request to publish stands: being built, published (on to the report), or
    failed, with the reason and a button to try again."""
    asked = get_publication_for(request, publication_id)
    polled = bool(request.headers.get("HX-Request"))  # the page asking again by itself
    if asked.status == PublicationStatus.DONE and asked.report is not None:
        messages.success(request, _("Report published. Its figures will not change, whatever "
                                    "is corrected later."))
        if polled:
            return HttpResponse(headers={"HX-Redirect": asked.report.get_absolute_url()})
        return redirect(asked.report)
    again = PublishForm(organisation=request.organisation, initial={
        "start": asked.start.isoformat(), "end": asked.end.isoformat(),
        "project": asked.project_id or "", "fund": asked.fund_id or "", "note": asked.note,
        "key": publish_key()})
    return render(request, "reports/_publication_status.html" if polled else
                  "reports/publication.html", {
        "asked": asked, "publish_form": again,
        "worker_missing": asked.in_progress and worker_missing()})


@member_required("view_reports")
def published(request: OrgRequest, report_id: int) -> HttpResponse:
    found = get_report_for(request, report_id)
    report = frozen(found, language())
    extra = {"published": found, "published_on": published_on(found)}
    if request.GET.get("format") in DOWNLOADS:
        return download(report, request.GET["format"], f"report-v{found.version}", **extra)
    may_share = request.membership.allows("publish_reports")
    return render(request, "reports/published.html", context(
        report, **extra, shares=found.shares.all() if may_share else [],
        share_form=ShareForm(initial={"expires_on": timezone.localdate()
                                      + datetime.timedelta(days=90)}) if may_share else None))


def published_on(found: PublishedReport) -> str:
    return formats.date_format(timezone.localtime(found.published_at).date(), "j F Y")


@member_required("publish_reports")
@require_POST
def share_view(request: OrgRequest, report_id: int) -> HttpResponse:
    found = get_report_for(request, report_id, write=True)
    form = ShareForm(request.POST)
    if not form.is_valid():
        report = frozen(found, language())
        return render(request, "reports/published.html", context(
            report, published=found, published_on=published_on(found),
            shares=found.shares.all(), share_form=form), status=400)
    _link, token = share(found, form.cleaned_data["shared_with"],
                         form.cleaned_data["expires_on"], request.user)
    address = request.build_absolute_uri(f"/o/{found.organisation.slug}/reports/shared/{token}/")
    messages.success(request, _("Share link made. Copy it now, it is shown only once: "
                                "%(address)s") % {"address": address})
    return redirect(found)


@member_required("publish_reports")
@require_POST
def revoke_view(request: OrgRequest, report_id: int, share_id: int) -> HttpResponse:
    found = get_report_for(request, report_id, write=True)
    revoke(get_share_for(found, share_id), request.user)
    messages.success(request, _("The share link no longer works."))
    return redirect(found)


def shared(request: HttpRequest, org_slug: str, share_token: str) -> HttpResponse:
    """A published report read through a share link, without an account."""
    link = get_shared(org_slug, share_token)
    if not link.is_live():
        return render(request, "reports/share_ended.html",
                      {"organisation": link.report.organisation, "link": link}, status=410)
    found = link.report
    report = frozen(found, language())
    extra = {"published": found, "published_on": published_on(found)}
    if request.GET.get("format") == "pdf":
        return download(report, "pdf", f"report-v{found.version}", **extra)
    return render(request, "reports/shared.html", context(
        report, **extra, organisation=found.organisation))


@member_required("view_reports")
def governance(request: OrgRequest) -> HttpResponse:
    """For trustees and funders: what was delivered, who is heard, what it cost, and how
    well co-production is going, without anyone's personal data."""
    start, end = default_period()
    report = build(request.organisation, start, end, None, language(), sections=GOVERNANCE)
    summary = [report.section(key) for key in GOVERNANCE]
    for section in summary:
        if section is not None:
            section.hold_back_small_counts()
    return render(request, "reports/governance.html", context(report, summary=summary))


@member_required("view_reports")
@require_http_methods(["GET"])
def evidence(request: OrgRequest) -> HttpResponse:
    """The one-page evidence pack for a funding bid, as a PDF or Word-friendly text."""
    if request.GET.get("format") == "txt":
        response = HttpResponse(evidence_text(request.organisation, language()),
                                content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="evidence.txt"'
        return response
    response = HttpResponse(evidence_pdf(request.organisation, language()),
                            content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="evidence.pdf"'
    return response
