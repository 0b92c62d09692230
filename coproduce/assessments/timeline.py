"""Assessments' part of a person's timeline: the links sent to them, never their answers."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.people.models import Person
from coproduce.people.timeline import Event, register

from .models import Invitation


def links(person: Person) -> Iterable[Event]:
    for invitation in Invitation.objects.filter(person=person).select_related("round",
                                                                             "survey"):
        subject = invitation.round or invitation.survey
        title = _("Sent a link to answer: %(title)s") % {"title": subject}
        used = (_("used on %(date)s") % {"date": timezone.localdate(invitation.used_at)}
                if invitation.used_at else _("not used yet"))
        yield Event(timezone.localdate(invitation.created_at), "assessments", title, "", "",
                    (invitation.get_role_display(), used))


def register_section() -> None:
    register("assessments", gettext_lazy("Assessments and surveys"), links)
