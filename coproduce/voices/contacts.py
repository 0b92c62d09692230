"""Contact details given on the public form, linked to People only once their owner confirms.

Anyone can type anyone's e-mail address into a public form, so the address is kept with the
voice and a link is sent to it; only when that link is used is the voice linked to the person
with that address (or to a new person), with the consent to be contacted they gave.
"""

from typing import Any

from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from coproduce.people.models import ConsentPurpose, Person, RecordedHow

from .models import Voice
from .receipts import send_receipt

SALT = "coproduce.voices.contact"
VALID_FOR = 14 * 24 * 3600  # seconds a confirmation link works


def confirmation_token(voice: Voice) -> str:
    return signing.dumps({"v": voice.pk, "c": voice.contact.lower()}, salt=SALT)


def confirmed_voice(organisation: Any, token: str) -> Voice | None:
    """The voice a confirmation link names, if the link is genuine, current and unused."""
    try:
        data = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.BadSignature:
        return None
    voice = Voice.objects.filter(organisation=organisation, pk=data.get("v")).first()
    if voice is None or voice.contact.lower() != data.get("c") or voice.person_id is not None:
        return None
    return voice


def ask_to_confirm(request: HttpRequest, voice: Voice) -> None:
    """Send the confirmation link from the worker, once the voice is saved."""
    link = request.build_absolute_uri(reverse("voices:confirm_contact", kwargs={
        "org_slug": voice.organisation.slug, "token": confirmation_token(voice)}))
    language = translation.get_language() or "en"
    transaction.on_commit(lambda: send_confirmation.enqueue(voice.pk, link, language))


@task()
def send_confirmation(voice_id: int, link: str, language: str) -> None:
    voice = Voice.objects.filter(pk=voice_id).select_related("organisation").first()
    if voice is None or not voice.contact or voice.person_id is not None:
        return
    organisation = voice.organisation
    with translation.override(language):
        name = organisation.display_name.replace("\n", " ").replace("\r", " ")
        send_mail(
            _("Please confirm your email address"),
            _("You told %(org)s something using its online form and gave this email address "
              "so it can tell you what happens.\n\nTo confirm it is yours, open this link:\n"
              "%(link)s\n\nIf it was not you, ignore this message: nothing will be linked to "
              "you.") % {"org": name, "link": link},
            None, [voice.contact])


@transaction.atomic
def link_confirmed_contact(voice: Voice) -> Person:
    """Link the voice to the person with the confirmed address, adding them if new, and send
    them the receipt they could not have before."""
    voice = Voice.objects.select_for_update().get(pk=voice.pk)
    person = (Person.objects.filter(organisation=voice.organisation,
                                    email__iexact=voice.contact).active().first())
    if person is None:
        person = Person.objects.create(
            organisation=voice.organisation, email=voice.contact.lower(),
            name=voice.contact_name or _("Not given"),
            came_from=_("Confirmed an email address given on the public form"))
    person.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.WEB, timezone.localdate())
    voice.person = person
    voice.save(update_fields=["person", "updated_at"])
    send_receipt(voice)
    return person
