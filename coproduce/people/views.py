import json
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.audit.models import Action, record
from coproduce.organisations.access import OrgRequest, member_required, scoped

from . import timeline
from .access import export_for, get_person_for, people_of, sensitive_for
from .exports import csv_lines
from .forms import (
    ConsentForm,
    EraseForm,
    GroupForm,
    JourneyStepForm,
    NewPersonForm,
    PersonFilterForm,
    PersonForm,
    SensitiveInfoForm,
    StageForm,
)
from .models import (
    AccessNeed,
    ConsentPurpose,
    ContactWay,
    Group,
    JourneyStage,
    PersonQuerySet,
)
from .printing import export_pdf
from .rights import ErasureRefused, erase_person, sections


def filtered_people(request: OrgRequest, form: PersonFilterForm) -> PersonQuerySet:
    people = people_of(request).with_stage()
    data = form.cleaned_data if form.is_valid() else {}
    people = people.filter(archived_at__isnull=not data.get("archived"))
    people = people.search(data.get("q", ""))
    if data.get("group"):
        people = people.filter(groups=data["group"])
    if data.get("need"):
        people = people.filter(access_needs__kind=data["need"])
    if data.get("stage"):
        people = people.filter(current_stage_id=data["stage"].pk)  # type: ignore[misc]
    return people.prefetch_related(
        "groups", Prefetch("access_needs", queryset=AccessNeed.objects.order_by("kind"))
    )


@member_required("view_people")
def person_list(request: OrgRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET or None, organisation=request.organisation)
    page = Paginator(filtered_people(request, form), 50).get_page(request.GET.get("page"))
    stages = {stage.pk: stage for stage in scoped(request, JourneyStage)}
    rows = [(person, stages.get(getattr(person, "current_stage_id", None) or 0)) for person in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "people/person_list.html",
                  {"form": form, "page": page, "rows": rows, "query": query.urlencode()})


@member_required("edit_people")
def person_add(request: OrgRequest) -> HttpResponse:
    form = NewPersonForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person = form.save(commit=False)
            person.organisation = request.organisation
            person.created_by = request.user
            person.save()
            form.save_m2m()
            person.set_access_needs(form.cleaned_data["access_needs"], form.need_details())
            for purpose in form.cleaned_data["consents"]:
                person.record_consent(purpose, True, form.cleaned_data["consent_how"],
                                      timezone.localdate(), request.user)
        if form.cleaned_data["consents"]:
            record(Action.CONSENT_CHANGED, request=request, target=f"person {person.pk}",
                   given=form.cleaned_data["consents"])
        messages.success(request, _("%(name)s has been added.") % {"name": person.name})
        return redirect(person)
    return render(request, "people/person_form.html", {"form": form, "adding": True})


@member_required("view_people")
def person_detail(request: OrgRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id)
    consents = person.current_consents()
    ways = dict(ContactWay.choices)
    context = {
        "person": person,
        "purposes": [{"label": label, "consent": consents.get(value)}
                     for value, label in ConsentPurpose.choices],
        "sensitive_consent": person.has_consent(ConsentPurpose.SENSITIVE),
        "contact_ways": [ways.get(way, way) for way in person.contact_ways],
        "journey": person.journey.select_related("stage"),
        "needs": person.access_needs.all(),
        "groups": person.groups.all(),
        **story(request, person),
        "may_erase": request.membership.allows("erase_people"),
    }
    return render(request, "people/person_detail.html", context)


def story(request: OrgRequest, person: Any) -> dict[str, Any]:
    """The person's timeline, narrowed to the sections ticked (all by default)."""
    choices = [(section.key, section.label) for section in timeline.sections()]
    wanted = [key for key in request.GET.getlist("show") if key in dict(choices)]
    return {"timeline": timeline.as_html(timeline.timeline(person, wanted)), "sections": choices,
            "showing": wanted or [key for key, _label in choices]}


@member_required("edit_people")
def person_edit(request: OrgRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id, write=True)
    form = PersonForm(request.POST or None, instance=person, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            person.set_access_needs(form.cleaned_data["access_needs"], form.need_details())
        messages.success(request, _("The changes have been saved."))
        return redirect(person)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@member_required("edit_people")
def person_archive(request: OrgRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id, write=True)
    if request.method != "POST":
        return redirect(person)
    if person.is_archived:
        person.restore()
        messages.success(request, _("%(name)s is no longer archived.") % {"name": person.name})
    else:
        person.archive()
        messages.success(request, _("%(name)s has been archived.") % {"name": person.name})
    return redirect(person)


@member_required("edit_people")
def consent_record(request: OrgRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id, write=True)
    form = ConsentForm(request.POST or None, initial={"purpose": request.GET.get("purpose")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person.record_consent(data["purpose"], data["given"], data["how"], data["recorded_on"],
                              request.user)
        record(Action.CONSENT_CHANGED, request=request, target=f"person {person.pk}",
               purpose=data["purpose"], given=data["given"])
        messages.success(request, _("The consent has been recorded."))
        return redirect(person)
    return render(request, "people/consent_form.html", {"form": form, "person": person})


@member_required("edit_people")
def journey_add(request: OrgRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id, write=True)
    form = JourneyStepForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        person.move_to_stage(form.cleaned_data["stage"], form.cleaned_data["on"])
        messages.success(request, _("The journey has been updated."))
        return redirect(person)
    return render(request, "people/journey_form.html", {"form": form, "person": person})


@member_required("view_sensitive")
def sensitive_detail(request: OrgRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id)
    info = sensitive_for(request, person)
    return render(request, "people/sensitive_detail.html", {"person": person, "info": info})


@member_required("view_sensitive")
def sensitive_edit(request: OrgRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id, write=True)
    info = sensitive_for(request, person, write=True)
    form = SensitiveInfoForm(request.POST or None, instance=info)
    if request.method == "POST" and form.is_valid():
        form.save()
        record(Action.SENSITIVE_CHANGED, request=request, target=f"person {person.pk}",
               fields=form.changed_data)
        messages.success(request, _("The special-category information has been saved."))
        return redirect("people:sensitive", org_slug=request.organisation.slug,
                        person_id=person.pk)
    return render(request, "people/sensitive_form.html", {"form": form, "person": person})


@member_required("import_people")
def people_import(request: OrgRequest) -> HttpResponse:
    return redirect("imports:upload", org_slug=request.organisation.slug, kind="people")


@member_required("export_people")
def people_export(request: OrgRequest) -> StreamingHttpResponse:
    record(Action.EXPORT, request=request, target="people.csv")
    response = StreamingHttpResponse(csv_lines(request.organisation),
                                     content_type="text/csv; charset=utf-8")
    filename = f"{request.organisation.slug}-people-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_required("edit_people")
def group_list(request: OrgRequest) -> HttpResponse:
    form = GroupForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        group.organisation = request.organisation
        group.save()
        messages.success(request, _("The group has been added."))
        return redirect("people:groups", org_slug=request.organisation.slug)
    groups = scoped(request, Group).order_by("name")
    return render(request, "people/group_list.html", {"form": form, "groups": groups})


@member_required("manage_settings")
def stage_list(request: OrgRequest) -> HttpResponse:
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        stage = form.save(commit=False)
        stage.organisation = request.organisation
        stage.save()
        messages.success(request, _("The stage has been added."))
        return redirect("people:stages", org_slug=request.organisation.slug)
    stages = scoped(request, JourneyStage)
    return render(request, "people/stage_list.html", {"form": form, "stages": stages})


@member_required("export_people")
def person_export(request: OrgRequest, person_id: int) -> HttpResponse:
    """Everything held about one person: a page, or a download as JSON or PDF."""
    person = get_person_for(request, person_id)
    data = export_for(request, person)
    wanted = request.GET.get("format")
    filename = f"{request.organisation.slug}-person-{person.pk}"
    if wanted == "json":
        response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    context = {"person": person, "sections": sections(data), "exported_at": timezone.now()}
    if wanted == "pdf":
        response = HttpResponse(export_pdf(request, context), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    return render(request, "people/person_export.html", context)


@member_required("erase_people")
@require_http_methods(["GET", "POST"])
def person_erase(request: OrgRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request, person_id, write=True)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erase_person(person, delete_voices=form.cleaned_data["voices"] == "delete",
                         by=request.user)
        except ErasureRefused:
            form.add_error(None, _("This person signs in to Coproduce. Remove their "
                                   "membership on the Members page first."))
        else:
            messages.success(request, _("The person has been erased."))
            return redirect("people:list", org_slug=request.organisation.slug)
    export_url = reverse("people:export_person", kwargs={"org_slug": request.organisation.slug,
                                                          "person_id": person.pk})
    return render(request, "people/person_erase.html",
                  {"form": form, "person": person, "export_url": export_url})
