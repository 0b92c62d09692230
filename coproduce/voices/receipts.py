"""Receipts: telling someone, in their way, that what they said has arrived and what happens next.

``send_receipt(voice)`` puts one receipt in the outbox (once per voice, however often it is
called). Voices that come in through the public or easy-read form are acknowledged through
the capture listener registered in apps.py, when the person gave contact details and
consent; staff acknowledge others from the status form, or tick "send a receipt" in quick
entry (``offer_receipt``).
"""

from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from coproduce.notices import outbox
from coproduce.notices.models import Method, Notice, Purpose
from coproduce.people.models import Language

from .models import Channel, Voice

SELF_SERVICE = {Channel.WEB.value, Channel.EASY_READ.value}


def receipt_text(voice: Voice) -> tuple[dict[str, str], dict[str, str]]:
    subjects: dict[str, str] = {}
    bodies: dict[str, str] = {}
    for language in (Language.ENGLISH.value, Language.WELSH.value):
        with translation.override(language):
            name = voice.organisation.display_name
            subjects[language] = _("%(org)s: thank you for telling us") % {"org": name}
            bodies[language] = "\n\n".join([
                _("Thank you for telling us what you think. On %(date)s you said:")
                % {"date": formats.date_format(voice.heard_on)},
                "“" + voice.text.strip() + "”",
                _("What happens next: a member of staff reads everything people tell us. What "
                  "you said is kept with what others have said about the same thing, so ideas "
                  "build up and are not forgotten. We will tell you what happens, in the way "
                  "you prefer."),
            ])
    return subjects, bodies


def send_receipt(voice: Voice, by: Any = None) -> Notice | None:
    """Acknowledge the voice to the person who said it; None for an anonymous voice."""
    if voice.person is None:
        return None
    subject, body = receipt_text(voice)
    return outbox.queue(voice.organisation, voice.person, Purpose.RECEIPT, subject, body,
                        reference=f"voice:{voice.pk}", key=f"receipt:voice:{voice.pk}", by=by)


def offer_receipt(voice: Voice, by: Any = None) -> str:
    """Send a receipt (quick entry's tick) when the person can be reached; say what happened.

    Nothing is sent for an anonymous voice, or against a refused or missing consent: staff
    are told why instead.
    """
    if voice.person is None:
        return _("No receipt was sent: the voice is anonymous.")
    method, reason = outbox.choose_method(voice.person)
    if method == Method.NONE:
        return _("No receipt was sent: %(reason)s") % {"reason": reason}
    notice = send_receipt(voice, by=by)
    assert notice is not None  # the voice has a person
    return {Method.EMAIL: _("A receipt will be emailed to them."),
            Method.LETTER: _("A receipt is on the letters to print."),
            Method.CALL: _("A call to thank them is on the call list.")}.get(
        Method(notice.method), _("No receipt was sent: %(reason)s") % {"reason": notice.reason})


def acknowledge_new(organisation_id: int, voice_ids: list[int]) -> None:
    """Send receipts for new voices from the public forms whose person left their details.

    Only voices sent through the forms themselves (known by the form's one-time token): an
    import of old web-form answers thanks nobody.
    """
    for voice in (Voice.objects.filter(organisation_id=organisation_id, pk__in=voice_ids,
                                       channel__in=SELF_SERVICE, person__isnull=False,
                                       import_run__isnull=True,
                                       import_key__startswith="form:")
                  .select_related("organisation", "person")):
        if voice.person is not None and outbox.choose_method(voice.person)[0] != "none":
            send_receipt(voice)
