"""Assessments' part of a person's timeline: the links sent to them, never their answers."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.notices.models import Method, Notice, State
from coproduce.people.models import Person
from coproduce.people.timeline import Event, register

from .models import Invitation
from .sending import sent_notices

DONE = {State.SENT.value, State.PRINTED.value, State.CALLED.value}


def title_for(notice: Notice | None) -> str:
    """How the link reached them: through the outbox (email, letter, call), or by hand."""
    if notice is None:
        return _("Sent a link to answer: %(title)s")
    if notice.state not in DONE:
        return _("A link to answer %(title)s is in the outbox")
    return {Method.EMAIL: _("Emailed a link to answer: %(title)s"),
            Method.LETTER: _("Sent a link by letter to answer: %(title)s"),
            Method.CALL: _("Gave a link by phone or text message to answer: %(title)s"),
            }.get(Method(notice.method), _("Sent a link to answer: %(title)s"))


def links(person: Person) -> Iterable[Event]:
    invitations = list(Invitation.objects.filter(person=person).select_related(
        "round", "survey", "survey__occasion"))
    notices = sent_notices(invitations)
    for invitation in invitations:
        subject = invitation.round or invitation.survey
        notice = notices.get(invitation.pk)
        title = title_for(notice) % {"title": subject}
        used = (_("used on %(date)s") % {"date": timezone.localdate(invitation.used_at)}
                if invitation.used_at else _("not used yet"))
        sent = (notice.get_state_display(),) if notice is not None else ()
        yield Event(timezone.localdate(invitation.created_at), "assessments", title, "", "",
                    (invitation.get_role_display(), *sent, used))


def register_section() -> None:
    register("assessments", gettext_lazy("Assessments and surveys"), links)
