"""The voices app's part of a person's timeline: what they said and what they were told."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.notices.models import Method, Notice, Purpose, State
from coproduce.people.models import Person
from coproduce.people.timeline import Event, day_of, labels, register, url_maker

from .models import OUTCOME_STATUSES, Channel, Interest, Status, Voice


def said(person: Person) -> Iterable[Event]:
    url = url_maker("voices:detail", org_slug=person.organisation.slug)
    channels, statuses = labels(Channel), labels(Status)
    for pk, text, heard_on, status, outcome, channel in Voice.objects.filter(
            person=person).values_list("pk", "text", "heard_on", "status", "outcome", "channel"):
        yield Event(heard_on, "said", text[:300], outcome if status in OUTCOME_STATUSES else "",
                    url(pk), (channels[channel], statuses[status]))
    raised, asked = _("Said the same: %(text)s"), _("Asked to hear about: %(text)s")
    for added_on, raised_it, pk, text, status in Interest.objects.filter(
            person=person, voice__removed_at__isnull=True).values_list(
            "added_on", "raised_it", "voice_id", "voice__text", "voice__status"):
        yield Event(added_on, "said", (raised if raised_it else asked) % {"text": text[:200]},
                    "", url(pk), (statuses[status],))


def messages(person: Person) -> Iterable[Event]:
    """Everything the outbox sent (or must still send) them, and how."""
    methods, states, purposes = labels(Method), labels(State), labels(Purpose)
    for subject, method, state, purpose, created_at, done_at in Notice.objects.filter(
            person=person).values_list("subject", "method", "state", "purpose", "created_at",
                                       "done_at"):
        yield Event(day_of(done_at or created_at), "told", subject, purposes[purpose], "",
                    (methods[method], states[state]))


def register_sections() -> None:
    register("said", gettext_lazy("What they said"), said)
    register("told", gettext_lazy("What they were told"),
             messages)
