"""The projects app's part of a person's timeline: their roles, meetings and the decisions
they proposed."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.people.models import Person
from coproduce.people.timeline import Event, register

from .models import Attendance, Decision, Invitation, Reply, Role


def roles(person: Person) -> Iterable[Event]:
    for role in Role.objects.filter(person=person).select_related("phase__project__organisation"):
        project = role.phase.project
        yield Event(role.phase.starts_on or timezone.localdate(project.created_at),
                    "projects", _("%(how)s in %(phase)s: %(project)s") % {
                        "how": role.get_involvement_display(),
                        "phase": role.phase.get_kind_display(), "project": project.title},
                    role.description, project.get_absolute_url())


def meetings(person: Person) -> Iterable[Event]:
    for invitation in Invitation.objects.filter(person=person).select_related(
            "meeting__project__organisation", "notice"):
        meeting = invitation.meeting
        tags = [str(invitation.notice.get_method_display())] if invitation.notice else []
        if invitation.reply != Reply.NONE:
            tags.append(str(invitation.get_reply_display()))
        if invitation.attendance != Attendance.UNKNOWN:
            tags.append(str(invitation.get_attendance_display()))
        yield Event(timezone.localdate(meeting.starts_at), "projects",
                    _("Meeting: %(title)s (%(project)s)") % {"title": meeting.title,
                                                             "project": meeting.project.title},
                    invitation.support, reverse("projects:meeting", kwargs={
                        "org_slug": meeting.project.organisation.slug,
                        "project_id": meeting.project_id, "meeting_id": meeting.pk}),
                    tuple(tags))


def decisions(person: Person) -> Iterable[Event]:
    for decision in Decision.objects.filter(proposer=person).select_related(
            "project__organisation"):
        yield Event(decision.decided_on, "projects",
                    _("Proposed a decision in %(project)s") % {"project": decision.project.title},
                    decision.text, decision.project.get_absolute_url())


def register_sections() -> None:
    register("projects", gettext_lazy("Projects and meetings"),
             lambda person: [*roles(person), *meetings(person), *decisions(person)])
