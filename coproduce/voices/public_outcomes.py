"""The public "You said, we did" page: one entry per answered idea, with its timeline.

What people asked is the organisation's own summary; people's words appear only where they
agreed to be quoted, never for anonymous voices (nobody could have agreed for them), and
counts of fewer than five people are not shown.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from coproduce.lib import smallnumbers
from coproduce.lib.bilingual import in_language
from coproduce.organisations.models import Organisation
from coproduce.people.models import ConsentPurpose

from .models import OUTCOME_STATUSES, Channel, Interest, Outcome, Voice

QUOTES = 3


@dataclass
class Entry:
    outcome: Outcome
    steps: list[Outcome]
    people: int
    channels: list[str]
    quotes: list[str] = field(default_factory=list)

    @property
    def latest(self) -> Outcome:
        return self.steps[-1]

    @property
    def asked(self) -> str:
        return in_language(self.outcome.asked, self.outcome.asked_cy)

    @property
    def few(self) -> bool:
        return smallnumbers.is_small(self.people)


def published(organisation: Organisation) -> Any:
    """The first outcome of each published thread, with what its entry needs prefetched."""
    return (Outcome.objects.filter(organisation=organisation, follows__isnull=True,
                                   corrects__isnull=True)
            .filter(Q(publish=True) | Q(steps__publish=True)).distinct()
            .select_related("organisation")
            .prefetch_related(
                Prefetch("steps", Outcome.objects.filter(corrects__isnull=True)),
                Prefetch("voices", Voice.objects.select_related("person")
                         .prefetch_related("person__consents")),
                Prefetch("voices__interests", Interest.objects.only("voice_id", "person_id")))
            .order_by("-happened_on", "-id"))


def entry_for(outcome: Outcome) -> Entry:
    voices = list(outcome.voices.all())
    steps = sorted([o for o in [outcome, *outcome.steps.all()] if o.publish],
                   key=lambda o: (o.happened_on, o.pk))
    people = {v.person_id for v in voices if v.person_id} | {
        i.person_id for v in voices for i in v.interests.all()}
    anonymous = sum(1 for v in voices if v.person_id is None)
    labels = dict(Channel.choices)
    channels = sorted({str(labels[v.channel]) for v in voices if v.channel in labels})
    quotes = [v.text for v in voices if v.person is not None
              and v.person.has_consent(ConsentPurpose.QUOTE)][:QUOTES]
    return Entry(outcome=outcome, steps=steps, people=len(people) + anonymous,
                 channels=channels, quotes=quotes)


def legacy_items(organisation: Organisation) -> list[dict[str, Any]]:
    """Single voices published before outcomes were answered many at a time."""
    voices = (Voice.objects.filter(organisation=organisation, outcome_public=True,
                                   status__in=OUTCOME_STATUSES, outcomes__isnull=True)
              .select_related("person").prefetch_related("person__consents")
              .order_by("-updated_at")[:100])
    items = []
    for voice in voices:
        quoted = voice.person is not None and voice.person.has_consent(ConsentPurpose.QUOTE)
        items.append({"said": voice.public_summary or (voice.text if quoted else ""),
                      "voice": voice})
    return items


def you_said_we_did(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=org_slug)
    entries = [entry_for(outcome) for outcome in published(organisation)[:100]]
    return render(request, "voices/you_said_we_did.html", {
        "organisation": organisation, "entries": entries,
        "items": legacy_items(organisation)})


def you_said_we_did_entry(request: HttpRequest, org_slug: str, outcome_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=org_slug)
    outcome = get_object_or_404(published(organisation), pk=outcome_id)
    return render(request, "voices/you_said_we_did_entry.html",
                  {"organisation": organisation, "entry": entry_for(outcome)})
