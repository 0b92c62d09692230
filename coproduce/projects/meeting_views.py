"""Meeting pages beyond planning: sending invitations, replies (staff and by link), attendance."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from coproduce.notices.models import Notice, State
from coproduce.organisations.access import OrgRequest, member_required
from coproduce.organisations.models import Organisation

from .access import get_meeting_for, get_project_for
from .forms import AttendanceForm, ReplyForm
from .invitations import Sent, invite, may_reply_by_link, record_attendance, record_reply
from .models import Attendance, Invitation, Meeting, Reply


def invitation_rows(meeting: Meeting, is_staff: bool) -> dict[str, Any]:
    """For the meeting page: each invitation with how they were reached, and who is not yet."""
    if not is_staff:
        return {}
    invitations = list(meeting.invitations.select_related("person", "notice"))
    waiting = [i for i in invitations if i.notice is None or i.notice.state in {
        State.TO_PRINT, State.TO_CALL, State.QUEUED, State.FAILED, State.UNREACHABLE}]
    return {"invitations": [(i, ReplyForm(prefix=f"i{i.pk}", initial={
        "reply": i.reply, "support": i.support, "support_arranged": i.support_arranged}))
        for i in invitations], "not_reached": waiting,
        "replies": {value: sum(i.reply == value for i in invitations) for value in Reply.values},
        "came": sum(i.attendance == Attendance.CAME for i in invitations),
        "staff_notices": Notice.objects.filter(
            organisation_id=meeting.project.organisation_id, reference=f"meeting:{meeting.pk}",
            to_member__isnull=False).order_by("to_email", "created_at"),
        "meeting_started": meeting.starts_at <= timezone.now()}


def to_meeting(request: OrgRequest, meeting: Meeting) -> HttpResponse:
    return redirect("projects:meeting", org_slug=request.organisation.slug,
                    project_id=meeting.project_id, meeting_id=meeting.pk)


def say_sent(request: OrgRequest, sent: Sent) -> None:
    parts = [ngettext("%(n)s email queued", "%(n)s emails queued", len(sent.email)),
             ngettext("%(n)s letter to print", "%(n)s letters to print", len(sent.letter)),
             ngettext("%(n)s call to make", "%(n)s calls to make", len(sent.call))]
    counts = [len(sent.email), len(sent.letter), len(sent.call)]
    text = "; ".join(part % {"n": n} for part, n in zip(parts, counts, strict=True) if n)
    if sent.unreachable:
        text += ". " + _("Cannot be reached: %(who)s") % {"who": "; ".join(
            f"{person.name} ({reason})" for person, reason in sent.unreachable)}
    if sent.on_break:
        text += ". " + _("Not invited, taking a break: %(who)s") % {"who": "; ".join(
            person.name for person in sent.on_break)}
    if sent.already:
        text += ". " + ngettext("%(n)s was already invited", "%(n)s were already invited",
                                sent.already) % {"n": sent.already}
    if sent.staff:
        text = (text + ". " if text else "") + ngettext(
            "%(n)s member of staff emailed", "%(n)s members of staff emailed",
            len(sent.staff)) % {"n": len(sent.staff)}
    messages.success(request, (text or _("Nobody new to invite")) + ".")


@member_required("edit_projects")
def meeting_invite(request: OrgRequest, project_id: int, meeting_id: int) -> HttpResponse:
    """Invite every participant not yet reached, each in their own way."""
    project = get_project_for(request, project_id, write=True)
    meeting = get_meeting_for(request, project, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    people = meeting.attendees.prefetch_related("consents")
    say_sent(request, invite(meeting, people, request.user,
                             request.build_absolute_uri("/").rstrip("/")))
    return to_meeting(request, meeting)


@member_required("edit_projects")
def meeting_reply(request: OrgRequest, project_id: int, meeting_id: int) -> HttpResponse:
    """Staff record a reply given by phone, in person or on paper."""
    project = get_project_for(request, project_id, write=True)
    meeting = get_meeting_for(request, project, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    invitation = get_object_or_404(meeting.invitations.all(),
                                   pk=str(request.POST.get("invitation", "0")).isdigit()
                                   and request.POST["invitation"] or 0)
    form = ReplyForm(request.POST, prefix=f"i{invitation.pk}")
    if form.is_valid():
        try:
            record_reply(invitation, form.cleaned_data["reply"], form.cleaned_data["support"])
            Invitation.objects.filter(pk=invitation.pk).update(
                support_arranged=form.cleaned_data["support_arranged"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The reply of %(name)s has been recorded.")
                             % {"name": invitation.person.name})
    else:
        messages.error(request, _("Choose their reply."))
    return to_meeting(request, meeting)


@member_required("edit_projects")
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: OrgRequest, project_id: int, meeting_id: int) -> HttpResponse:
    """After the meeting: who came and who sent apologies; the meeting is then held."""
    project = get_project_for(request, project_id, write=True)
    meeting = get_meeting_for(request, project, meeting_id)
    invitations = list(meeting.invitations.select_related("person"))
    form = AttendanceForm(request.POST if request.method == "POST" else None, meeting=meeting,
                          invitations=invitations)
    if request.method == "POST" and form.is_valid():
        try:
            record_attendance(meeting, form.attendance(), form.cleaned_data["staff"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Attendance has been recorded and the meeting marked "
                                        "as held."))
            return to_meeting(request, meeting)
    return render(request, "projects/attendance.html", {
        "form": form, "project": project, "meeting": meeting,
        "rows": [(invitation, form[f"i{invitation.pk}"]) for invitation in invitations]})


def rsvp(request: HttpRequest, org_slug: str, rsvp_token: str) -> HttpResponse:
    """The reply link in an invitation: no sign-in, the token is the key."""
    organisation = get_object_or_404(Organisation, slug=org_slug)
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting__project", "person"),
        token=rsvp_token, meeting__project__organisation=organisation)
    problem = may_reply_by_link(invitation)
    form = ReplyForm.for_link(request.POST or None)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            record_reply(invitation, form.cleaned_data["reply"], form.cleaned_data["support"],
                         by_link=True)
        except ValidationError as error:
            form.add_error("support" if "support" in str(error) else None, error)
        else:
            return render(request, "projects/rsvp.html", {
                "invitation": invitation, "done": True, "organisation": organisation,
                "reply": form.cleaned_data["reply"]})
    return render(request, "projects/rsvp.html", {
        "invitation": invitation, "form": form, "problem": problem,
        "organisation": organisation})
