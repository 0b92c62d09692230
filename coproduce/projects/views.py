import datetime
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.audit.models import Action, record
from coproduce.organisations.access import OrgRequest, member_required, scoped
from coproduce.voices.access import get_voice_for
from coproduce.voices.backburner import idea_of
from coproduce.voices.models import Voice

from . import phase_rows
from .access import get_meeting_for, get_project_for, projects_for
from .agenda import agenda_pdf
from .calendar import feed_for, feed_name, feed_token, ics, meetings_in
from .checklist import checklist, warnings
from .decisions import close_voices
from .forms import (
    BoundaryForm,
    DecisionForm,
    FromVoiceForm,
    JourneyForm,
    MeetingForm,
    PhaseForm,
    ProjectForm,
    RoleForm,
)
from .ideas import people_behind, start_from_idea
from .invitations import ensure_invitations
from .meeting_views import invitation_rows
from .models import Boundary, CalendarFeed, Meeting, Project
from .participation import ABOUT, part_in
from .phases import ALLOWS, PhaseKind
from .placement import placement_of


@member_required("view_projects")
def project_list(request: OrgRequest) -> HttpResponse:
    projects = projects_for(request).prefetch_related("phases")
    return render(request, "projects/project_list.html", {"projects": projects})


@member_required("edit_projects")
def project_add(request: OrgRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if already_saved(request, form):
            return redirect("projects:list", org_slug=request.organisation.slug)
        project = form.save(commit=False)
        project.organisation, project.created_by = request.organisation, request.user
        project.save()
        messages.success(request, _("The project has been created. Now state its boundaries "
                                    "and phases."))
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form})


@member_required("view_projects")
def project_detail(request: OrgRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request, project_id)
    phases = project.phases.prefetch_related("roles__person")
    is_staff = request.membership.is_staff_member
    return render(request, "projects/project_detail.html", {
        **part_in(project, request.membership.person, is_staff),
        "project": project,
        "phases": [(phase, ALLOWS[PhaseKind(phase.kind)], ABOUT[PhaseKind(phase.kind)])
                   for phase in phases],
        "more_phases": phase_rows.rows_for(project),
        "boundaries": project.boundaries.all(),
        "journey": project.journey_map.all(),
        "meetings": project.meetings.all(),
        "decisions": project.decisions.prefetch_related("voices").select_related(
            "outcome", "proposer"),
        "contacts": project.contacts.select_related("person"),
        "placement": placement_of(project) if is_staff else None,
        "is_staff": is_staff,
    })


@member_required("edit_projects")
def project_edit(request: OrgRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request, project_id, write=True)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes have been saved."))
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


def already_saved(request: OrgRequest, form: Any) -> bool:
    """True (with a message) when the same page was posted before: save nothing twice."""
    if hasattr(form, "first_time") and not form.first_time():
        messages.info(request, _("This was already saved; it has not been saved twice."))
        return True
    return False


def project_part_form(request: OrgRequest, project: Project, form: Any, heading: str,
                      done: str) -> HttpResponse:
    """Save a form that adds a part (phase, boundary, journey entry) to a project."""
    if request.method == "POST" and form.is_valid():
        if already_saved(request, form):
            return redirect(project)
        part = form.save(commit=False)
        part.project = project
        if isinstance(part, Boundary):
            part.record(request.user)
        else:
            part.full_clean()
            part.save()
            form.save_m2m()
        messages.success(request, done)
        return redirect(project)
    return render(request, "projects/part_form.html",
                  {"form": form, "project": project, "heading": heading})


@member_required("edit_projects")
def phase_add(request: OrgRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request, project_id, write=True)
    form = PhaseForm(request.POST or None, project=project)
    return project_part_form(request, project, form, _("Add a phase"), _("The phase has been "
                                                                          "added."))


@member_required("edit_projects")
def role_add(request: OrgRequest, project_id: int, phase_id: int) -> HttpResponse:
    project = get_project_for(request, project_id, write=True)
    phase = get_object_or_404(project.phases.all(), pk=phase_id)
    form = RoleForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        if already_saved(request, form):
            return redirect(project)
        role = form.save(commit=False)
        role.phase = phase
        role.save()
        messages.success(request, _("The role has been added."))
        return redirect(project)
    return render(request, "projects/part_form.html", {
        "form": form, "project": project,
        "heading": _("Who takes part in %(phase)s") % {"phase": phase.get_kind_display()}})


@member_required("edit_projects")
def boundary_add(request: OrgRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request, project_id, write=True)
    form = BoundaryForm(request.POST or None)
    return project_part_form(request, project, form, _("State a boundary"),
                             _("The boundary has been recorded."))


@member_required("edit_projects")
def boundary_edit(request: OrgRequest, project_id: int, boundary_id: int) -> HttpResponse:
    project = get_project_for(request, project_id, write=True)
    boundary = get_object_or_404(project.boundaries.all(), pk=boundary_id)
    form = BoundaryForm(request.POST or None, instance=boundary)
    return project_part_form(request, project, form, _("Change a boundary"),
                             _("The change has been recorded; the history is kept."))


@member_required("view_projects")
def boundaries_print(request: OrgRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request, project_id)
    return render(request, "projects/print.html", {
        "project": project, "boundaries": project.boundaries.prefetch_related("history__by"),
        "journey": project.journey_map.all()})


@member_required("edit_projects")
def journey_add(request: OrgRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request, project_id, write=True)
    form = JourneyForm(request.POST or None)
    return project_part_form(request, project, form, _("Add to the journey map"),
                             _("The journey map has been updated."))


@member_required("edit_projects")
def meeting_add(request: OrgRequest, project_id: int,
                meeting_id: int | None = None) -> HttpResponse:
    project = get_project_for(request, project_id, write=True)
    meeting = get_meeting_for(request, project, meeting_id) if meeting_id else Meeting(
        project=project)
    form = MeetingForm(request.POST or None, instance=meeting, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        if already_saved(request, form):
            return redirect(project)
        meeting = form.save()
        ensure_invitations(meeting)
        messages.success(request, _("The meeting has been saved."))
        return redirect("projects:meeting", org_slug=request.organisation.slug,
                        project_id=project.pk, meeting_id=meeting.pk)
    return render(request, "projects/part_form.html", {
        "form": form, "project": project,
        "heading": _("Change the meeting") if meeting_id else _("Plan a meeting")})


@member_required("view_projects")
def meeting_detail(request: OrgRequest, project_id: int, meeting_id: int) -> HttpResponse:
    project = get_project_for(request, project_id)
    meeting = get_meeting_for(request, project, meeting_id)
    is_staff = request.membership.is_staff_member
    return render(request, "projects/meeting_detail.html", {
        "project": project, "meeting": meeting,
        "checklist": checklist(meeting) if is_staff else [],
        "warnings": warnings(meeting) if is_staff else [],
        "attendees": meeting.attendees.all(), "staff": meeting.staff.all(),
        "is_staff": is_staff, **invitation_rows(meeting, is_staff),
        "your_invitation": meeting.invitations.filter(
            person_id=request.membership.person_id).first()
        if request.membership.person_id else None,
    })


@member_required("view_projects")
def meeting_agenda(request: OrgRequest, project_id: int, meeting_id: int) -> HttpResponse:
    project = get_project_for(request, project_id)
    meeting = get_meeting_for(request, project, meeting_id)
    response = HttpResponse(agenda_pdf(request, meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agenda-{meeting.pk}.pdf"'
    return response


@member_required("edit_projects")
def decision_add(request: OrgRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request, project_id, write=True)
    form = DecisionForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        if already_saved(request, form):
            return redirect(project)
        with transaction.atomic():
            decision = form.save(commit=False)
            decision.project, decision.recorded_by = project, request.user
            decision.save()
            form.save_m2m()
            if form.cleaned_data["close_voices"]:
                close_voices(decision, request.user)
        messages.success(request, _("The decision has been recorded.") + (
            " " + _("Its outcome is waiting to be sent: preview it from the project page.")
            if decision.outcome_id else ""))
        return redirect(project)
    return render(request, "projects/part_form.html",
                  {"form": form, "project": project, "heading": _("Record a decision")})


@member_required("edit_projects")
def project_from_voice(request: OrgRequest, voice_id: int) -> HttpResponse:
    """Turn an idea (a voice, or its theme's waiting voices) into a project, with its people."""
    voice = get_voice_for(request, voice_id, write=True)
    voices = idea_of(voice, scoped(request, Voice))
    form = FromVoiceForm(request.POST or None, initial={"purpose": voice.text[:2000]})
    if request.method == "POST" and form.is_valid():
        project = start_from_idea(request.organisation, voices, form.cleaned_data["title"],
                                  form.cleaned_data["purpose"], request.user)
        messages.success(request, _("The project has been created with the people to contact."))
        return redirect(project)
    contactable, others = people_behind(voices)
    return render(request, "projects/from_voice.html", {
        "form": form, "voice": voice, "voices": voices, "contactable": contactable,
        "others": others})


def calendar_feed(request: HttpRequest, org_slug: str, token: str) -> HttpResponse:
    """A member's meetings as iCalendar, for calendar apps that cannot sign in."""
    feed = feed_for(token, org_slug)
    if feed is None:
        raise Http404
    since = timezone.now() - datetime.timedelta(days=90)
    meetings = meetings_in(feed).filter(starts_at__gte=since)
    response = HttpResponse(ics(meetings, feed_name(feed)),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


@member_required("view_projects")
@require_http_methods(["GET", "POST"])
def my_calendar(request: OrgRequest) -> HttpResponse:
    """The member's own feed address: made, replaced or stopped only by a POST."""
    membership = request.membership
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            CalendarFeed.revoke_all(membership)
            messages.success(request, _("The calendar address has stopped working."))
        else:
            CalendarFeed.issue(membership)
            messages.success(request, _("Your calendar has a new address. Any earlier "
                                        "address has stopped working."))
        record(Action.FEED_REVOKED, request=request, target=membership.user.email,
               reissued=request.POST.get("action") != "stop")
        return redirect("projects:my_calendar", org_slug=request.organisation.slug)
    feed = CalendarFeed.live_for(membership)
    return render(request, "projects/my_calendar.html",
                  {"token": feed_token(feed) if feed else None})


