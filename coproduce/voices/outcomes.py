"""You said, we did: recording an outcome and telling everyone who raised it."""

from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.people.models import ConsentPurpose, ContactWay, Person

from .models import NoticeMethod, OutcomeNotice, Voice


def notice_method(person: Person) -> str:
    """Choose how to tell this person, following their preferences and consent."""
    if not person.has_consent(ConsentPurpose.CONTACT):
        return NoticeMethod.NONE
    ways = set(person.contact_ways)
    if person.email and (ContactWay.EMAIL in ways or not ways):
        return NoticeMethod.EMAIL
    if person.address and ContactWay.POST in ways:
        return NoticeMethod.LETTER
    if person.phone and ways & {ContactWay.PHONE, ContactWay.TEXT}:
        return NoticeMethod.CALL
    if person.email:
        return NoticeMethod.EMAIL
    if person.address:
        return NoticeMethod.LETTER
    return NoticeMethod.CALL if person.phone else NoticeMethod.NONE


@transaction.atomic
def record_outcome(voice: Voice, status: str, outcome: str, by: Any, public: bool = False,
                   public_summary: str = "") -> list[OutcomeNotice]:
    """Close the voice with its outcome and list who to tell, each in their preferred way."""
    voice.change_status(status, by, outcome)
    voice.outcome_public, voice.public_summary = public, public_summary.strip()
    voice.save(update_fields=["outcome_public", "public_summary", "updated_at"])
    notices = []
    for person in voice.raisers():
        notice, _created = OutcomeNotice.objects.get_or_create(
            voice=voice, person=person, defaults={"method": notice_method(person)})
        notices.append(notice)
    transaction.on_commit(lambda: send_emails(voice))
    return notices


def send_emails(voice: Voice) -> int:
    """Email everyone to be told by email and not yet told; return how many were sent."""
    sent = 0
    for notice in voice.notices.filter(method=NoticeMethod.EMAIL, done_at__isnull=True
                                       ).select_related("person"):
        send_mail(
            _("You said, we did: %(org)s") % {"org": voice.organisation.display_name},
            message_for(voice, notice.person),
            None,
            [notice.person.email],
        )
        notice.done_at = timezone.now()
        notice.save(update_fields=["done_at"])
        sent += 1
    return sent


def message_for(voice: Voice, person: Person) -> str:
    return _(
        "Dear %(name)s,\n\nOn %(date)s you told %(org)s:\n\n%(text)s\n\n"
        "This is what happened:\n\n%(outcome)s\n\nThank you for telling us.\n"
    ) % {"name": person.name, "date": voice.heard_on.strftime("%d/%m/%Y"),
         "org": voice.organisation.display_name, "text": voice.text, "outcome": voice.outcome}
