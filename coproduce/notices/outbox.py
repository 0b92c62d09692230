"""The outbox: every message Coproduce sends a person goes through here.

Other apps never send email themselves. They hand the outbox a subject and a text for one
person; the outbox decides how to reach them (from their preferred ways and their dated
consent record), adds the greeting and sign-off in their language, keeps the exact text, and
either queues an email for the background worker or adds a letter to print or a call to make.

Use it like this (a meeting invitation, say)::

    from coproduce.notices import outbox
    from coproduce.notices.models import Purpose

    notice = outbox.queue(
        organisation, person, Purpose.INVITATION,
        subject={"en": "Planning meeting, 3 June", "cy": "Cyfarfod cynllunio, 3 Mehefin"},
        body={"en": "Come and plan ...", "cy": "Dewch i gynllunio ..."},
        attachments=[("meeting.ics", ics_bytes, "text/calendar")],
        reference=f"meeting:{meeting.pk}",       # to find this meeting's notices later
        key=f"meeting:{meeting.pk}:person:{person.pk}",  # queue() twice sends once
        by=request.user,
    )

``subject`` and ``body`` are a string, or a mapping of language code to string: the person's
preferred language is used where it is given, English otherwise. Pass ``language`` to force
one. ``method`` (``Method.EMAIL``, ``LETTER`` or ``CALL``) overrides the person's preference,
but never their consent.

What comes back is a :class:`~coproduce.notices.models.Notice` whose ``state`` says what
happens next:

- ``queued``: an email, sent by the worker after the surrounding transaction commits; it
  becomes ``sent``, or ``failed`` with the reason after :data:`MAX_ATTEMPTS` tries (an SMTP
  failure never reaches the person pressing a button);
- ``to_print``: a letter on the organisation's letters page (A4, one per page, address in
  the window of a DL envelope, large print where their needs say so), then ``printed``;
- ``to_call``: on the call list with the text to read out, then ``called``;
- ``unreachable``: no consent, or no way to reach them; ``reason`` says which. The person is
  listed, never silently dropped.

Other functions: :func:`draft` (the same decision and text, unsaved: for previews, so staff
see exactly what each person will receive), :func:`save_draft` and :func:`save_drafts` (put
drafts staff have seen in the outbox unchanged), :func:`queue_for_member` (an email to a member
of staff, who has a login rather than a People record), :func:`choose_method`,
:func:`for_reference`,
:func:`mark_printed`, :func:`mark_called`, :func:`retry` (staff only: nothing is re-sent
unless someone asks), :func:`owed` (counts for the dashboard) and :func:`pending` (what is still
to be sent, printed or called, per reference; also ``coproduce notices --org SLUG --pending``).
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from coproduce.organisations.languages import language_of
from coproduce.organisations.models import Organisation
from coproduce.people.models import ConsentPurpose, ContactWay, Language, Person

from .models import PENDING_STATES, Attachment, Method, Notice, State

MAX_ATTEMPTS = 4
RETRY_AFTER = [datetime.timedelta(minutes=1), datetime.timedelta(minutes=10),
               datetime.timedelta(hours=1)]

Text = str | Mapping[str, str]
AttachmentFile = tuple[str, bytes, str]  # (filename, content, mimetype)

FIRST_STATE = {Method.EMAIL: State.QUEUED, Method.LETTER: State.TO_PRINT,
               Method.CALL: State.TO_CALL, Method.NONE: State.UNREACHABLE}


@dataclass
class Draft:
    """What one person would receive, decided but not saved."""

    person: Person
    method: str
    reason: str
    subject: str
    body: str
    language: str
    large_print: bool

    @property
    def reachable(self) -> bool:
        return self.method != Method.NONE

    def get_method_display(self) -> str:
        return str(Method(self.method).label)


def consent_problem(person: Person) -> str:
    """Say why the consent record does not allow contact, or return "" when it does."""
    latest = person.current_consents().get(ConsentPurpose.CONTACT)
    if latest is None:
        return _("No consent to be contacted is recorded.")
    if not latest.is_held:
        return _("They said no to being contacted (%(how)s, %(date)s).") % {
            "how": latest.get_how_display(),
            "date": formats.date_format(latest.recorded_on, "j F Y")}
    return ""


def choose_method(person: Person, method: str | None = None) -> tuple[str, str]:
    """Return how to reach `person` and why (or why they cannot be reached)."""
    problem = consent_problem(person)
    if problem:
        return Method.NONE, problem
    if method is not None and method != Method.NONE:
        if has_detail(person, method):
            return method, _("Chosen by staff.")
        return Method.NONE, _("Staff chose %(way)s, but there are no details for it.") % {
            "way": Method(method).label}
    ways = set(person.contact_ways)
    if person.email and (ContactWay.EMAIL in ways or not ways):
        return Method.EMAIL, _("Their preferred way.") if ways else _("Their only way.")
    if person.address and ContactWay.POST in ways:
        return Method.LETTER, _("Their preferred way.")
    if person.phone and ways & {ContactWay.PHONE, ContactWay.TEXT, ContactWay.IN_PERSON}:
        return Method.CALL, _("Their preferred way.")
    for fallback in (Method.EMAIL, Method.LETTER, Method.CALL):
        if has_detail(person, fallback):
            return fallback, _("Their preferred way has no details, so another is used.")
    return Method.NONE, _("There is no email address, postal address or phone number.")


def has_detail(person: Person, method: str) -> bool:
    return bool({Method.EMAIL: person.email, Method.LETTER: person.address,
                 Method.CALL: person.phone}.get(Method(method), ""))


def pick(text: Text, language: str) -> str:
    if isinstance(text, str):
        return text
    return text.get(language) or text.get(Language.ENGLISH) or next(iter(text.values()), "")


def language_for(person: Person, subject: Text, body: Text, language: str | None) -> str:
    """The language asked for; else theirs where the text is given in it; else English."""
    if language:
        return language
    wanted = person.preferred_language or Language.ENGLISH
    if isinstance(body, Mapping) and body.get(wanted):
        return wanted
    return Language.ENGLISH


def signature(organisation: Organisation, language: str) -> str:
    if language == Language.WELSH:
        return organisation.sign_off_cy or organisation.sign_off or (
            organisation.name_cy or organisation.name)
    return organisation.sign_off or organisation.name


def compose(organisation: Organisation, person: Person, text: str, method: str,
            language: str) -> str:
    """Wrap `text` in the greeting and sign-off (and, in emails, how to reply)."""
    with translation.override(language):
        name = organisation.display_name
        lines = [_("Dear %(name)s,") % {"name": person.name}, "", text.strip(), "",
                 _("With best wishes,"), signature(organisation, language)]
        if signature(organisation, language) != name:
            lines.append(name)
        if method == Method.EMAIL:
            contact = [c for c in (organisation.contact_phone, organisation.contact_email) if c]
            if contact:
                lines += ["", _("To get in touch: %(ways)s") % {"ways": ", ".join(contact)}]
    return "\n".join(lines)


def draft(organisation: Organisation, person: Person, subject: Text, body: Text,
          method: str | None = None, language: str | None = None) -> Draft:
    """Decide how and what `person` would be sent, without saving or sending anything."""
    chosen, reason = choose_method(person, method)
    language = language_for(person, subject, body, language)
    return Draft(person=person, method=chosen, reason=reason,
                 subject=pick(subject, language)[:200],
                 body=compose(organisation, person, pick(body, language), chosen, language),
                 language=language, large_print=person.needs_large_print())


@transaction.atomic
def queue(organisation: Organisation, person: Person, purpose: str, subject: Text, body: Text,
          method: str | None = None, attachments: Sequence[AttachmentFile] = (),
          language: str | None = None, reference: str = "", key: str = "",
          by: Any = None) -> Notice:
    """Put one message to `person` in the outbox; see the module's documentation."""
    if person.organisation_id != organisation.pk:
        raise ValueError("The person belongs to another organisation.")
    if key:
        existing = Notice.objects.filter(organisation=organisation, key=key).first()
        if existing is not None:
            return existing
    return save_draft(organisation, draft(organisation, person, subject, body, method, language),
                      purpose, attachments, reference, key, by)


def save_draft(organisation: Organisation, planned: Draft, purpose: str,
               attachments: Sequence[AttachmentFile] = (), reference: str = "", key: str = "",
               by: Any = None) -> Notice:
    """Save a draft that staff have seen as a notice (and queue its email after commit)."""
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                organisation=organisation, person=planned.person, purpose=purpose,
                method=planned.method, state=FIRST_STATE[Method(planned.method)],
                reason="" if planned.reachable else planned.reason, subject=planned.subject,
                body=planned.body, language=planned.language, large_print=planned.large_print,
                to_email=planned.person.email if planned.method == Method.EMAIL else "",
                reference=reference, key=key, created_by=by)
    except IntegrityError:  # the same key queued at the same moment: send it once
        return Notice.objects.get(organisation=organisation, key=key)
    Attachment.objects.bulk_create(
        Attachment(notice=notice, filename=name, content=content, mimetype=mimetype)
        for name, content, mimetype in attachments)
    if notice.method == Method.EMAIL:
        enqueue_email(notice.pk)
    return notice


@transaction.atomic
def save_drafts(organisation: Organisation, planned: Sequence[Draft], purpose: str,
                reference: str, keys: Sequence[str], by: Any = None) -> list[Notice]:
    """Save many drafts staff have seen at once (one insert), queueing their emails.

    Keys already in the outbox are skipped, so nothing is ever sent twice.
    """
    taken = set(Notice.objects.filter(organisation=organisation, key__in=keys)
                .values_list("key", flat=True))
    notices = Notice.objects.bulk_create(
        Notice(organisation=organisation, person=d.person, purpose=purpose, method=d.method,
               state=FIRST_STATE[Method(d.method)], reason="" if d.reachable else d.reason,
               subject=d.subject, body=d.body, language=d.language, large_print=d.large_print,
               to_email=d.person.email if d.method == Method.EMAIL else "",
               reference=reference, key=key, created_by=by)
        for d, key in zip(planned, keys, strict=True) if key not in taken)
    for notice in notices:
        if notice.method == Method.EMAIL:
            enqueue_email(notice.pk)
    return notices


def enqueue_email(notice_id: int, after: datetime.timedelta | None = None) -> None:
    """Give the worker the email to send once the surrounding transaction has committed."""
    from .tasks import send_email_notice

    def enqueue() -> None:
        task = send_email_notice
        if after is not None and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + after)
        task.enqueue(notice_id)

    transaction.on_commit(enqueue)


def member_language(user: Any, body: Text) -> str:
    """The language the member of staff chose, where the text is given in it; else English."""
    wanted = language_of(user) or Language.ENGLISH
    if isinstance(body, Mapping) and body.get(wanted):
        return wanted
    return Language.ENGLISH


@transaction.atomic
def queue_for_member(organisation: Organisation, user: Any, purpose: str, subject: Text,
                     body: Text, attachments: Sequence[AttachmentFile] = (),
                     reference: str = "", key: str = "", by: Any = None,
                     language: str | None = None) -> Notice:
    """Put an email to a member of staff (a login, not a People record) in the outbox.

    Staff are reached by email only, at their login's address, in the language they chose
    (the language switch, or "Language" under their account) where the text is given in it;
    the worker sends it like every other email. With no address the notice says so and
    nothing is sent.
    """
    if key:
        existing = Notice.objects.filter(organisation=organisation, key=key).first()
        if existing is not None:
            return existing
    language = language or member_language(user, body)
    with translation.override(language):
        name = user.get_full_name() or user.email or user.get_username()
        text = "\n".join([_("Dear %(name)s,") % {"name": name}, "",
                          pick(body, language).strip(), "", organisation.display_name])
    reason = "" if user.email else _("There is no email address for this login.")
    method = Method.EMAIL if user.email else Method.NONE
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                organisation=organisation, person=None, to_member=user, purpose=purpose,
                method=method, state=FIRST_STATE[method], reason=reason,
                subject=pick(subject, language)[:200], body=text,
                language=language, to_email=user.email or "", reference=reference,
                key=key, created_by=by)
    except IntegrityError:  # the same key queued at the same moment: send it once
        return Notice.objects.get(organisation=organisation, key=key)
    Attachment.objects.bulk_create(
        Attachment(notice=notice, filename=filename, content=content, mimetype=mimetype)
        for filename, content, mimetype in attachments)
    if method == Method.EMAIL:
        enqueue_email(notice.pk)
    return notice


def for_reference(organisation: Organisation, reference: str) -> "QuerySet[Notice]":
    return Notice.objects.filter(organisation=organisation, reference=reference)


def mark_printed(notices: Iterable[Notice], by: Any) -> int:
    """Record letters as printed; return how many changed (printed ones stay as they are)."""
    ids = [n.pk for n in notices if n.method == Method.LETTER]
    return Notice.objects.filter(pk__in=ids, state=State.TO_PRINT).update(
        state=State.PRINTED, done_at=timezone.now(), done_by=by)


def mark_called(notice: Notice, by: Any, note: str = "") -> bool:
    """Record the call as made, with what happened; False if it was already recorded."""
    return bool(Notice.objects.filter(pk=notice.pk, state=State.TO_CALL).update(
        state=State.CALLED, done_at=timezone.now(), done_by=by, reason=note[:500]))


@transaction.atomic
def retry(notice: Notice, by: Any) -> bool:
    """Send a failed email again, because a member of staff asked; False if it had not failed."""
    changed = Notice.objects.filter(pk=notice.pk, state=State.FAILED).update(
        state=State.QUEUED, attempts=0, reason="", done_by=by)
    if changed:
        enqueue_email(notice.pk)
    return bool(changed)


def owed(organisation: Organisation) -> dict[str, int]:
    """Counts of what staff still have to do: letters, calls, failures, unreachable people."""
    counts = dict(Notice.objects.filter(organisation=organisation)
                  .values_list("state").annotate(n=Count("id")))
    return {state: counts.get(state, 0) for state in State.values}


def pending(organisation: Organisation) -> list[dict[str, Any]]:
    """What is still to be sent, printed or called, one row per reference (outcome, meeting)."""
    rows: dict[str, dict[str, Any]] = {}
    for reference, purpose, state, n, subject in (
        Notice.objects.filter(organisation=organisation, state__in=PENDING_STATES)
        .values_list("reference", "purpose", "state").annotate(n=Count("id"), s=Max("subject"))
        .order_by("reference", "purpose", "state")
    ):
        row = rows.setdefault(reference, {"reference": reference, "purpose": purpose,
                                          "subject": subject,
                                          **{state: 0 for state in PENDING_STATES}})
        row[state] += n
    return list(rows.values())
