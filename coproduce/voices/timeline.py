"""The voices app's part of a person's timeline: what they said and what they were told."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.notices.models import Notice
from coproduce.people.models import Person
from coproduce.people.timeline import Event, day_of, register

from .models import OUTCOME_STATUSES, Interest, OutcomeNotice, Voice


def said(person: Person) -> Iterable[Event]:
    for voice in Voice.objects.filter(person=person).select_related("organisation").only(
            "id", "text", "heard_on", "status", "outcome", "channel", "organisation__slug"):
        detail = voice.outcome if voice.status in OUTCOME_STATUSES else ""
        yield Event(voice.heard_on, "said", voice.text[:300], detail, voice.get_absolute_url(),
                    (str(voice.get_channel_display()), str(voice.get_status_display())))
    for interest in Interest.objects.filter(person=person, voice__removed_at__isnull=True
                                            ).select_related("voice__organisation"):
        title = (_("Said the same: %(text)s") if interest.raised_it
                 else _("Asked to hear about: %(text)s")) % {"text": interest.voice.text[:200]}
        yield Event(interest.added_on, "said", title, "", interest.voice.get_absolute_url(),
                    (str(interest.voice.get_status_display()),))


def told(person: Person) -> Iterable[Event]:
    for notice in OutcomeNotice.objects.filter(person=person, voice__removed_at__isnull=True
                                               ).select_related("voice__organisation"):
        state = _("done") if notice.done_at else _("still to do")
        yield Event(day_of(notice.done_at or notice.created_at), "told",
                    _("Told what happened to: %(text)s") % {"text": notice.voice.text[:200]},
                    notice.voice.outcome[:300], notice.voice.get_absolute_url(),
                    (str(notice.get_method_display()), str(state)))


def messages(person: Person) -> Iterable[Event]:
    """Everything the outbox sent (or must still send) them, and how."""
    for notice in Notice.objects.filter(person=person).only(
            "subject", "method", "state", "created_at", "done_at", "purpose"):
        yield Event(day_of(notice.done_at or notice.created_at), "told", notice.subject,
                    str(notice.get_purpose_display()), "",
                    (str(notice.get_method_display()), str(notice.get_state_display())))


def register_sections() -> None:
    register("said", gettext_lazy("What they said"), said)
    register("told", gettext_lazy("What they were told"),
             lambda person: [*told(person), *messages(person)])
