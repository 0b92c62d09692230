"""Sending a person their own link to answer, through the outbox, in their way and language.

A link made for someone in People can be sent when it is made, or later from the links page.
Only a hash of a link's token is kept, so a link sent later is given a new address first (any
copy made earlier stops working). Each link is sent once (the outbox's key), and never against
a refused or missing consent to be contacted: staff are told why instead.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.notices import outbox
from coproduce.notices.models import Method, Notice, Purpose
from coproduce.people.models import Language

from .models import Invitation, hash_token, new_token

REFUSED = {
    "used": gettext_lazy("it has already been used"),
    "expired": gettext_lazy("it has expired"),
    "closed": gettext_lazy("answers are no longer being collected"),
}


def reference(invitation: Invitation) -> str:
    return f"assessment-link:{invitation.pk}"


def link_url(invitation: Invitation, token: str, site: str) -> str:
    return site + reverse("assessments:answer_link", kwargs={
        "org_slug": invitation.organisation.slug, "token": token})


def link_texts(invitation: Invitation, url: str) -> tuple[dict[str, str], dict[str, str]]:
    """Subject and text in English and Welsh; the outbox picks the person's language."""
    subjects, bodies = {}, {}
    for language in (Language.ENGLISH.value, Language.WELSH.value):
        with translation.override(language):
            title = str(invitation.subject)
            subjects[language] = _("%(org)s: please tell us what you think") % {
                "org": invitation.organisation.display_name}
            bodies[language] = "\n\n".join([
                _("We would like to know what you think. Please answer “%(title)s” through "
                  "this link:") % {"title": title},
                url if language == Language.ENGLISH else f"{url}?lang={language}",
                _("The link is just for you. It works until %(date)s. You can save your "
                  "answers and come back with the same link until you send them.")
                % {"date": formats.date_format(timezone.localtime(invitation.expires_at),
                                               "j F Y")},
            ])
    return subjects, bodies


def sent_notices(invitations: Iterable[Invitation]) -> dict[int, Notice]:
    """The notice each link was sent with (one query), keyed by the link's id."""
    by_reference = {reference(invitation): invitation.pk for invitation in invitations}
    notices = Notice.objects.filter(reference__in=by_reference).order_by("created_at", "id")
    return {by_reference[notice.reference]: notice for notice in notices}


def why_not(invitation: Invitation) -> str:
    """Why the link cannot be sent to its person, or "" when it can."""
    if invitation.person is None:
        return _("The link is not for anyone in People.")
    if reason := invitation.refusal():
        return _("The link cannot be sent: %(reason)s.") % {"reason": REFUSED[reason]}
    method, problem = outbox.choose_method(invitation.person)
    return problem if method == Method.NONE else ""


def said(notice: Notice) -> str:
    """What happened, in words for staff."""
    return {Method.EMAIL: _("The link will be emailed to them."),
            Method.LETTER: _("The link is on the letters to print."),
            Method.CALL: _("The link is on the call list, to give them by phone or text "
                           "message.")}.get(Method(notice.method), notice.reason)


@transaction.atomic
def send_link(invitation: Invitation, site: str, token: str | None = None,
              by: Any = None, key: str = "") -> tuple[Notice | None, str]:
    """Send the link to its person, once; return the notice (None when nothing was sent)
    and what to tell staff.

    `token` is the link's secret when it has just been made; without it the link gets a new
    one, which is stored only once the message holding it is in the outbox. `key` is the
    form's own once-only key when the link is made and sent in one go, so a form sent twice
    (a double click) sends one message.
    """
    if (already := sent_notices([invitation]).get(invitation.pk)) is not None:
        return already, _("It was already sent: %(state)s.") % {
            "state": already.get_state_display()}
    if problem := why_not(invitation):
        return None, _("Not sent: %(reason)s") % {"reason": problem}
    assert invitation.person is not None  # why_not says so otherwise
    secret = token or new_token()
    url = link_url(invitation, secret, site)
    subject, body = link_texts(invitation, url)
    notice = outbox.queue(invitation.organisation, invitation.person, Purpose.ASSESSMENT,
                          subject, body, reference=reference(invitation),
                          key=key or reference(invitation), by=by)
    if url not in notice.body:  # sent meanwhile (a double click): keep the address it has
        return notice, _("It was already sent: %(state)s.") % {
            "state": notice.get_state_display()}
    if token is None:
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(secret))
    return notice, said(notice)
