"""The outbox's background work, run by the `db_worker` process (django-tasks)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import Method, Notice, State
from .outbox import MAX_ATTEMPTS, RETRY_AFTER, enqueue_email


@task()
def send_email_notice(notice_id: int) -> None:
    deliver(notice_id)


def deliver(notice_id: int) -> str:
    """Send one queued email, or record why not; return the notice's state afterwards.

    The attempt is claimed by a conditional update first, so two workers (or a task queued
    twice) never send the same email twice.
    """
    notice = Notice.objects.filter(pk=notice_id).select_related("organisation").first()
    if notice is None or notice.state != State.QUEUED or notice.method != Method.EMAIL:
        return notice.state if notice else ""
    claimed = Notice.objects.filter(pk=notice.pk, state=State.QUEUED,
                                    attempts=notice.attempts).update(attempts=notice.attempts + 1)
    if not claimed:
        return State.QUEUED
    try:
        message(notice).send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is recorded
        return failed(notice, notice.attempts + 1, error)
    Notice.objects.filter(pk=notice.pk).update(state=State.SENT, done_at=timezone.now(),
                                               reason="")
    return State.SENT


def message(notice: Notice) -> EmailMessage:
    organisation = notice.organisation
    email = EmailMessage(
        subject=notice.subject, body=notice.body, to=[notice.to_email],
        from_email=settings.DEFAULT_FROM_EMAIL,
        reply_to=[organisation.contact_email] if organisation.contact_email else None,
        connection=get_connection(fail_silently=False))
    for attachment in notice.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email


def failed(notice: Notice, attempts: int, error: Exception) -> str:
    """Keep the reason; try again later unless this was the last attempt."""
    reason = f"{type(error).__name__}: {error}"[:480]
    if attempts >= MAX_ATTEMPTS:
        Notice.objects.filter(pk=notice.pk).update(state=State.FAILED, reason=reason)
        return State.FAILED
    with transaction.atomic():
        Notice.objects.filter(pk=notice.pk).update(
            reason=f"Attempt {attempts} of {MAX_ATTEMPTS} failed, trying again: {reason}")
        enqueue_email(notice.pk, RETRY_AFTER[min(attempts, len(RETRY_AFTER)) - 1])
    return State.QUEUED
