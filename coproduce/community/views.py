"""Roles and what they require, and each person's community record."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.audit.models import Action, record
from coproduce.organisations.access import OrgRequest, member_required, scoped

from . import matching
from .access import (
    certificate_number,
    get_check_for,
    get_course_taken_for,
    get_holder_for,
    get_member_for,
    get_role_for,
    get_session_for,
)
from .forms import (
    BreakForm,
    CheckForm,
    CourseForm,
    CourseTakenForm,
    FindForm,
    GiveRoleForm,
    OfferForm,
    OpenRecordForm,
    RoleForm,
    SessionForm,
)
from .models import (
    Check,
    CommunityRole,
    Course,
    CourseTaken,
    Day,
    Offer,
    SupportSession,
    TimeOfDay,
)
from .requirements import (
    end_role,
    expiring,
    give_role,
    missing,
    records_of,
    stage_needing_training,
)


def form_page(request: OrgRequest, form: object, heading: str, back: str, **extra: object
              ) -> HttpResponse:
    return render(request, "community/form.html", {"form": form, "heading": heading,
                                                   "back": back, **extra})


@member_required("view_community")
def index(request: OrgRequest) -> HttpResponse:
    roles = scoped(request, CommunityRole).prefetch_related("courses").order_by("name")
    return render(request, "community/index.html", {
        "roles": roles, "courses": scoped(request, Course),
        "expiring": expiring(request.organisation, timezone.localdate())})


@member_required("view_community")
def open_record(request: OrgRequest) -> HttpResponse:
    """Find anyone's record (whether or not they have offered anything yet) and open it."""
    form = OpenRecordForm(request.GET or None, organisation=request.organisation)
    if form.is_bound and form.is_valid():
        return to_person(request, form.cleaned_data["person"].pk)
    return render(request, "community/open_record.html", {"form": form})


@member_required("edit_community")
@require_http_methods(["GET", "POST"])
def role_add(request: OrgRequest) -> HttpResponse:
    form = RoleForm(request.POST or None, organisation=request.organisation,
                    instance=CommunityRole(organisation=request.organisation))
    if request.method == "POST" and form.is_valid():
        role = form.save()
        messages.success(request, _("The role has been added."))
        return redirect(role)
    return form_page(request, form, _("Add a role"), "community:index")


@member_required("edit_community")
@require_http_methods(["GET", "POST"])
def role_edit(request: OrgRequest, role_id: int) -> HttpResponse:
    role = get_role_for(request, role_id, write=True)
    form = RoleForm(request.POST or None, organisation=request.organisation, instance=role)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The role has been changed."))
        return redirect(role)
    return form_page(request, form, _("Change the role"), "community:index")


@member_required("view_community")
@require_http_methods(["GET", "POST"])
def role_detail(request: OrgRequest, role_id: int) -> HttpResponse:
    role = get_role_for(request, role_id, write=request.method == "POST")
    form = GiveRoleForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        holder, gaps = give_role(role, form.cleaned_data["person"], form.cleaned_data["since"],
                                 request.user)
        messages.success(request, _("%(name)s now has the role.") % {"name": holder.person})
        if gaps:
            messages.warning(request, _("Not yet met: %(gaps)s.") % {"gaps": "; ".join(gaps)})
        return redirect(role)
    holders = list(role.holders.filter(ended_on__isnull=True).select_related("person"))
    records = records_of([h.person for h in holders])
    today = timezone.localdate()
    return render(request, "community/role_detail.html", {
        "role": role, "form": form, "holders": [
            (h, missing(role, records[h.person_id], today)) for h in holders]})


@member_required("edit_community")
@require_POST
def role_end(request: OrgRequest, role_id: int, holder_id: int) -> HttpResponse:
    role = get_role_for(request, role_id, write=True)
    holder = get_holder_for(request, role, holder_id)
    end_role(holder, timezone.localdate())
    messages.success(request, _("%(name)s no longer has the role.") % {"name": holder.person})
    return redirect(role)


@member_required("edit_community")
@require_http_methods(["GET", "POST"])
def course_add(request: OrgRequest) -> HttpResponse:
    form = CourseForm(request.POST or None, organisation=request.organisation,
                      instance=Course(organisation=request.organisation))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The course has been added."))
        return redirect("community:index", org_slug=request.organisation.slug)
    return form_page(request, form, _("Add a training course"), "community:index")


@member_required("view_community")
def find(request: OrgRequest) -> HttpResponse:
    """Who to ask for a role or an activity: those who offer the skills and are free first."""
    form = FindForm(request.GET or None, organisation=request.organisation)
    search = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        search = matching.find(request.organisation, timezone.localdate(), data["role"],
                               data["skills"], data["day"], data["time"])
    return render(request, "community/find.html", {"form": form, "search": search})


@member_required("view_community")
def person(request: OrgRequest, person_id: int) -> HttpResponse:
    member = get_member_for(request, person_id)
    today, offer = timezone.localdate(), Offer.objects.filter(person=member).first()
    return render(request, "community/person.html", {
        "untrained_stage": stage_needing_training(member, records_of([member])[member.pk],
                                                  today),
        "offer": offer, "offer_days": labels_of(Day, offer.days if offer else []),
        "offer_times": labels_of(TimeOfDay, offer.times if offer else []),
        "person": member, "today": today, "on_break": member.on_break(today),
        "holders": member.community_roles.select_related("role").order_by("ended_on", "-since"),
        "checks": member.checks.select_related("verified_by"),
        "courses": member.courses_taken.select_related("course"),
        "sessions": member.support_sessions.all(),
        "agreements": member.role_agreements.select_related("role"),
        "break_form": BreakForm()})


def labels_of(choices: type[Day] | type[TimeOfDay], values: list[str]) -> list[str]:
    return [str(label) for value, label in choices.choices if value in values]


def to_person(request: OrgRequest, person_id: int) -> HttpResponse:
    return redirect("community:person", org_slug=request.organisation.slug, person_id=person_id)


@member_required("edit_community")
@require_http_methods(["GET", "POST"])
def course_taken_add(request: OrgRequest, person_id: int) -> HttpResponse:
    member = get_member_for(request, person_id, write=True)
    form = CourseTakenForm(request.POST or None, organisation=request.organisation,
                           instance=CourseTaken(person=member, recorded_by=request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The training has been recorded."))
        return to_person(request, member.pk)
    return form_page(request, form, _("Record training"), "", person=member)


@member_required("edit_community")
@require_http_methods(["GET", "POST"])
def check_add(request: OrgRequest, person_id: int) -> HttpResponse:
    member = get_member_for(request, person_id, write=True)
    form = CheckForm(request.POST or None, instance=Check(person=member,
                                                          verified_by=request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The check has been recorded as verified by you."))
        return to_person(request, member.pk)
    return form_page(request, form, _("Record a safeguarding check"), "", person=member)


@member_required("view_community")
def check_certificate(request: OrgRequest, check_id: int) -> HttpResponse:
    """Show the certificate number (noted in the audit log)."""
    check = get_check_for(request, check_id)
    return render(request, "community/certificate.html", {
        "check": check, "number": certificate_number(request, check)})


@member_required("edit_community")
@require_http_methods(["GET", "POST"])
def session_add(request: OrgRequest, person_id: int) -> HttpResponse:
    member = get_member_for(request, person_id, write=True)
    form = SessionForm(request.POST or None, instance=SupportSession(
        person=member, recorded_by=request.user), initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The session has been recorded."))
        return to_person(request, member.pk)
    return form_page(request, form, _("Record supervision or a debrief"), "", person=member)


@member_required("edit_community")
@require_http_methods(["GET", "POST"])
def offer_edit(request: OrgRequest, person_id: int) -> HttpResponse:
    member = get_member_for(request, person_id, write=True)
    offer = Offer.objects.filter(person=member).first() or Offer(person=member)
    form = OfferForm(request.POST or None, instance=offer,
                     sensitive=request.membership.allows("view_sensitive"))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("What they can offer has been saved."))
        return to_person(request, member.pk)
    return form_page(request, form, _("What they can offer"), "", person=member)


@member_required("edit_community")
@require_POST
def take_break(request: OrgRequest, person_id: int) -> HttpResponse:
    member = get_member_for(request, person_id, write=True)
    form = BreakForm(request.POST)
    if not form.is_valid():
        return form_page(request, form, _("Taking a break"), "", person=member)
    member.take_break(form.cleaned_data["until"], timezone.localdate())
    messages.success(request, _("%(name)s is taking a break until %(day)s.") % {
        "name": member.name, "day": form.cleaned_data["until"].strftime("%d/%m/%Y")})
    return to_person(request, member.pk)


@member_required("edit_community")
@require_POST
def end_break(request: OrgRequest, person_id: int) -> HttpResponse:
    member = get_member_for(request, person_id, write=True)
    member.end_break()
    messages.success(request, _("%(name)s is back from their break.") % {"name": member.name})
    return to_person(request, member.pk)


@member_required("edit_community")
@require_POST
def check_remove(request: OrgRequest, check_id: int) -> HttpResponse:
    """Remove a check entered by mistake (the audit log keeps that it was removed)."""
    check = get_check_for(request, check_id)
    record(Action.SENSITIVE_CHANGED, request=request, target=f"person {check.person_id}",
           removed="DBS check", level=check.level, checked_on=check.checked_on.isoformat())
    check.delete()
    messages.success(request, _("The check has been removed."))
    return to_person(request, check.person_id)


@member_required("edit_community")
@require_POST
def course_taken_remove(request: OrgRequest, taken_id: int) -> HttpResponse:
    taken = get_course_taken_for(request, taken_id)
    taken.delete()
    messages.success(request, _("The training record has been removed."))
    return to_person(request, taken.person_id)


@member_required("edit_community")
@require_POST
def session_remove(request: OrgRequest, session_id: int) -> HttpResponse:
    session = get_session_for(request, session_id)
    session.delete()
    messages.success(request, _("The session has been removed."))
    return to_person(request, session.person_id)
