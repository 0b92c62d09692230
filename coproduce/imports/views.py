"""Import a file in three steps: upload, say what each column holds, check, then import."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.audit.models import Action, record
from coproduce.lib.formchecks import UploadForm
from coproduce.lib.tabular import TableError
from coproduce.organisations.access import OrgRequest, member_required

from . import flow
from .access import get_upload_for, importer_for
from .forms import MappingForm
from .models import State


@member_required()
@require_http_methods(["GET", "POST"])
def upload(request: OrgRequest, kind: str) -> HttpResponse:
    importer = importer_for(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            kept = flow.keep(request, importer, form.cleaned_data["file"])
        except TableError as error:
            form.add_error("file", str(error))
        else:
            return redirect("imports:mapping", org_slug=request.organisation.slug,
                            upload_id=kept.pk)
    return render(request, "imports/upload.html", {"form": form, "importer": importer})


@member_required()
@require_http_methods(["GET", "POST"])
def mapping(request: OrgRequest, upload_id: int) -> HttpResponse:
    upload, importer = get_upload_for(request, upload_id)
    form = MappingForm(request.POST or None, importer=importer, columns=upload.columns,
                       headers=upload.headers, mapping=upload.mapping,
                       add_people=upload.add_people)
    if request.method == "POST" and form.is_valid():
        flow.remember(upload, form.cleaned_data["mapping"],
                      form.cleaned_data.get("add_people", False))
        flow.begin(upload, importer, dry_run=True)
        return redirect("imports:check", org_slug=request.organisation.slug,
                        upload_id=upload.pk)
    try:
        rows = flow.sample(upload)
    except (TableError, OSError):
        rows = []
    preview = [importer.preview(request.organisation, {upload.mapping[c]: v for c, v in
                                                       row.items() if c in upload.mapping})
               for row in rows]
    return render(request, "imports/mapping.html", {
        "form": form, "importer": importer, "upload": upload, "preview": preview,
        "columns": [(form[f"column_{i}"], [row.get(c, "") for row in rows])
                    for i, c in enumerate(upload.columns)]})


@member_required()
def check(request: OrgRequest, upload_id: int) -> HttpResponse:
    upload, importer = get_upload_for(request, upload_id)
    template = "imports/_status.html" if request.headers.get("HX-Request") else (
        "imports/check.html")
    return render(request, template, {"upload": upload, "importer": importer,
                                      "report": flow.report_of(upload), "State": State})


@member_required()
def confirm(request: OrgRequest, upload_id: int) -> HttpResponse:
    upload, importer = get_upload_for(request, upload_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if upload.state == State.CHECKED:
        flow.begin(upload, importer, dry_run=False)
        if upload.state == State.DONE:
            report = flow.report_of(upload)
            record(Action.IMPORT, request=request, target=upload.filename,
                   created=report.created if report else 0,
                   errors=len(report.errors) if report else 0)
            messages.success(request, _("The file has been imported."))
    return redirect("imports:check", org_slug=request.organisation.slug, upload_id=upload.pk)


@member_required()
def refused(request: OrgRequest, upload_id: int) -> StreamingHttpResponse:
    upload, _importer = get_upload_for(request, upload_id)
    response = StreamingHttpResponse(flow.refused_csv(upload),
                                     content_type="text/csv; charset=utf-8")
    name = upload.filename.rsplit(".", 1)[0][:80] or "import"
    response["Content-Disposition"] = f'attachment; filename="{name}-to-correct.csv"'
    return response
