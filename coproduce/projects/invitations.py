"""Meetings people can get to: invitations in each person's way, replies, and who came.

Invitations go through the outbox (coproduce.notices): an email with the calendar file, a
letter to print or a call to make, as each person prefers and has agreed to. Each invitation
carries a link the person can reply with; staff can record a reply too. After the meeting,
staff record who came: only meetings that were held, and who actually came to them, count for
joint meetings and the project's typology.
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from coproduce.notices import outbox
from coproduce.notices.models import Method, Notice, Purpose, State
from coproduce.people.models import Person

from .calendar import ics
from .models import Attendance, Invitation, Meeting, MeetingStatus, Reply

LANGUAGES = ("en", "cy")


def when(meeting: Meeting) -> str:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": formats.date_format(start, "l j F Y"), "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M")}


def access_lines(meeting: Meeting) -> list[str]:
    lines = []
    if meeting.step_free:
        lines.append(_("There is step-free access."))
    if meeting.hearing_loop:
        lines.append(_("There is a hearing loop."))
    if meeting.public_transport:
        lines.append(_("Nearest public transport: %(how)s") % {"how": meeting.public_transport})
    if meeting.travel_offered:
        lines.append(_("We can help with travel: ask us."))
    if meeting.childcare_offered:
        lines.append(_("Childcare is offered: ask us."))
    return lines


def body_text(meeting: Meeting, reply_url: str | None) -> str:
    """The invitation in the active language (the outbox adds the greeting and sign-off);
    staff (`reply_url` None) are not asked to reply by link."""
    parts = [_("You are invited to %(title)s, a meeting of “%(project)s”.")
             % {"title": meeting.title, "project": meeting.project.title},
             _("When: %(when)s") % {"when": when(meeting)}]
    if meeting.place:
        parts.append(_("Where: %(place)s") % {"place": meeting.place})
    if meeting.online_link:
        parts.append(_("Online: %(link)s") % {"link": meeting.online_link})
    parts += access_lines(meeting)
    if meeting.agenda:
        parts.append(_("What we will talk about:") + "\n" + meeting.agenda)
    if reply_url is None:
        return "\n\n".join(parts)
    parts.append(_("Please tell us if you are coming, and what support you need: %(url)s")
                 % {"url": reply_url})
    if meeting.contact_name:
        parts.append(_("Or contact %(who)s.") % {"who": meeting.contact_name})
    return "\n\n".join(parts)


def texts(meeting: Meeting, reply_url: str) -> tuple[dict[str, str], dict[str, str]]:
    """Subject and text in English and Welsh; the outbox picks the person's language."""
    subjects, bodies = {}, {}
    for language in LANGUAGES:
        with translation.override(language):
            subjects[language] = _("Invitation: %(title)s, %(day)s") % {
                "title": meeting.title,
                "day": formats.date_format(timezone.localtime(meeting.starts_at), "j F")}
            bodies[language] = body_text(meeting, reply_url)
    return subjects, bodies


def reply_path(meeting: Meeting, invitation: Invitation) -> str:
    return reverse("projects:rsvp", kwargs={"org_slug": meeting.project.organisation.slug,
                                            "rsvp_token": invitation.token})


@dataclass
class Sent:
    """What `invite` did, to tell staff who was reached how and who is still to be reached."""

    email: list[Person] = field(default_factory=list)
    letter: list[Person] = field(default_factory=list)
    call: list[Person] = field(default_factory=list)
    unreachable: list[tuple[Person, str]] = field(default_factory=list)
    already: int = 0
    on_break: list[Person] = field(default_factory=list)
    staff: list[Any] = field(default_factory=list)  # staff emailed (logins, not People)


@transaction.atomic
def invite(meeting: Meeting, people: Iterable[Person], by: Any, site: str) -> Sent:
    """Invite each person once, the way they prefer; `site` is the address to reply at."""
    result = Sent()
    organisation = meeting.project.organisation
    calendar = ics([meeting], meeting.project.title)
    today = timezone.localdate()
    for person in people:
        if person.on_break(today):
            result.on_break.append(person)
            continue
        invitation, _created = Invitation.objects.select_related("notice").get_or_create(
            meeting=meeting, person=person, defaults={"token": secrets.token_urlsafe(32)})
        if invitation.notice is not None and invitation.notice.state != State.UNREACHABLE:
            result.already += 1
            continue
        subject, body = texts(meeting, site + reply_path(meeting, invitation))
        key = f"meeting:{meeting.pk}:person:{person.pk}"
        if invitation.notice_id:  # unreachable before: details may have been added since
            key += f":again:{secrets.token_hex(4)}"
        notice = outbox.queue(organisation, person, Purpose.INVITATION, subject=subject,
                              body=body, attachments=[("meeting.ics", calendar,
                                                       "text/calendar")],
                              reference=f"meeting:{meeting.pk}", key=key, by=by)
        invitation.notice = notice
        invitation.save(update_fields=["notice"])
        {Method.EMAIL: result.email, Method.LETTER: result.letter,
         Method.CALL: result.call}.get(Method(notice.method), []).append(person)
        if notice.method == Method.NONE:
            result.unreachable.append((person, notice.reason))
    result.staff = invite_staff(meeting, by)
    return result


def staff_texts(meeting: Meeting, reminder: bool = False
                ) -> tuple[dict[str, str], dict[str, str]]:
    """The email to staff invited to a meeting (they reply in person, not by link), in
    English and Welsh: the outbox picks the language each member of staff chose."""
    subjects, bodies = {}, {}
    for language in LANGUAGES:
        with translation.override(language):
            subjects[language] = (_("Reminder: %(project)s – %(title)s") if reminder else
                                  _("Invitation: %(project)s – %(title)s")) % {
                "project": meeting.project.title, "title": meeting.title}
            bodies[language] = body_text(meeting, None)
    return subjects, bodies


def invite_staff(meeting: Meeting, by: Any) -> list[Any]:
    """Email each member of staff invited, once, with the calendar file (through the outbox)."""
    organisation = meeting.project.organisation
    calendar = ics([meeting], meeting.project.title)
    emailed = []
    for user in meeting.staff.all():
        subject, body = staff_texts(meeting)
        key = f"meeting:{meeting.pk}:member:{user.pk}"
        if Notice.objects.filter(organisation=organisation, key=key).exists():
            continue
        notice = outbox.queue_for_member(
            organisation, user, Purpose.INVITATION, subject, body,
            attachments=[("meeting.ics", calendar, "text/calendar")],
            reference=f"meeting:{meeting.pk}", key=key, by=by)
        if notice.method == Method.EMAIL:
            emailed.append(user)
    return emailed


def may_reply_by_link(invitation: Invitation) -> str:
    """Why the link can no longer be used, or "" when it can."""
    problem = may_reply_signed_in(invitation)
    if problem:
        return problem
    if invitation.replied_by_link:
        return _("You have already replied. To change your reply, please contact us.")
    return ""


def may_reply_signed_in(invitation: Invitation) -> str:
    """Why a signed-in participant can no longer reply, or "" (they may change a reply)."""
    meeting = invitation.meeting
    if meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting has been cancelled.")
    if meeting.starts_at <= timezone.now() or meeting.status == MeetingStatus.HELD:
        return _("This meeting has already taken place, so replies are closed.")
    return ""


@transaction.atomic
def record_reply(invitation: Invitation, reply: str, support: str = "",
                 by_link: bool = False) -> None:
    """Record a reply (by the person through their link, or by staff)."""
    if by_link:
        locked = Invitation.objects.select_for_update().select_related("meeting").get(
            pk=invitation.pk)
        problem = may_reply_by_link(locked)
        if problem:
            raise ValidationError(problem)
    if reply == Reply.NEEDS_SUPPORT and not support.strip():
        raise ValidationError(_("Say what support is needed."))
    Invitation.objects.filter(pk=invitation.pk).update(
        reply=reply, support=support.strip()[:500] if reply == Reply.NEEDS_SUPPORT else "",
        replied_at=timezone.now(), replied_by_link=by_link or invitation.replied_by_link)


@transaction.atomic
def record_attendance(meeting: Meeting, came: dict[int, str], staff: Iterable[Any]) -> None:
    """After the meeting: who came, who sent apologies; the meeting is then held."""
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the meeting has started."))
    for invitation in meeting.invitations.all():
        value = came.get(invitation.pk)
        if value in Attendance.values and value != invitation.attendance:
            Invitation.objects.filter(pk=invitation.pk).update(attendance=value)
    meeting.staff_attended.set(list(staff))
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])


def ensure_invitations(meeting: Meeting) -> None:
    """Keep one invitation row per invited participant (made when the meeting is saved)."""
    invited = set(meeting.attendees.values_list("pk", flat=True))
    have = set(meeting.invitations.values_list("person_id", flat=True))
    Invitation.objects.bulk_create([Invitation(meeting=meeting, person_id=pk,
                                               token=secrets.token_urlsafe(32))
                                    for pk in invited - have])
    meeting.invitations.filter(notice__isnull=True, reply=Reply.NONE).exclude(
        person_id__in=invited).delete()


def remind(meeting: Meeting) -> int:
    """Remind, once, everyone invited who has not said no: participants in their way, staff by
    email, all through the outbox (the worker sends). Return how many reminders were queued."""
    organisation = meeting.project.organisation
    count = 0
    for invitation in meeting.invitations.exclude(reply=Reply.NOT_COMING).filter(
            person__in=Person.objects.not_on_break(timezone.localdate())).select_related(
            "person"):
        subject, body = texts(meeting, settings.COPRODUCE_SITE_URL
                              + reply_path(meeting, invitation))
        with translation.override("en"):
            label = _("Reminder")
        subject = {lang: f"{label if lang == 'en' else 'Nodyn atgoffa'}: {text}"
                   for lang, text in subject.items()}
        outbox.queue(organisation, invitation.person, Purpose.INVITATION, subject=subject,
                     body=body, reference=f"meeting:{meeting.pk}",
                     key=f"meeting:{meeting.pk}:person:{invitation.person_id}:reminder")
        count += 1
    calendar = ics([meeting], meeting.project.title)
    for user in meeting.staff.all():
        staff_subject, staff_body = staff_texts(meeting, reminder=True)
        notice = outbox.queue_for_member(
            organisation, user, Purpose.INVITATION, staff_subject, staff_body,
            attachments=[("meeting.ics", calendar, "text/calendar")],
            reference=f"meeting:{meeting.pk}",
            key=f"meeting:{meeting.pk}:member:{user.pk}:reminder")
        count += notice.method == Method.EMAIL
    return count

