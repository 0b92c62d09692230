"""The back burner as ideas, not copies: one row per theme (or lone voice) that waits.

Each idea counts everyone behind it once (whoever raised one of its voices and whoever asked
to hear), keeps why it waits and when to look at it again.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from coproduce.people.models import ConsentPurpose, Person

from .answering import gather
from .models import Interest, Status, Voice


@dataclass
class Idea:
    key: str
    label: str
    theme_id: int | None
    voices: list[Voice] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    @property
    def since(self) -> datetime.date:
        return min(v.heard_on for v in self.voices)

    @property
    def reason(self) -> str:
        return next((v.waiting_reason for v in self.voices if v.waiting_reason), "")

    @property
    def review_on(self) -> datetime.date | None:
        return min((v.review_on for v in self.voices if v.review_on), default=None)

    @property
    def contactable(self) -> list[Person]:
        return [p for p in self.people if p.has_consent(ConsentPurpose.CONTACT)]

    @property
    def voice_ids(self) -> list[int]:
        return [v.pk for v in self.voices]


def ideas(voices: "QuerySet[Voice]") -> list[Idea]:
    """Group back-burner `voices` by the theme each is placed in, with their people."""
    waiting = list(voices.filter(status=Status.BACK_BURNER).select_related(
        "person", "organisation").order_by("heard_on", "pk"))
    themes = dict(voices.filter(pk__in=[v.pk for v in waiting], placement__isnull=False)
                  .values_list("pk", "placement__theme_id"))
    labels = dict(voices.filter(pk__in=themes).values_list("placement__theme_id",
                                                            "placement__theme__label"))
    found: dict[str, Idea] = {}
    for voice in waiting:
        theme_id = themes.get(voice.pk)
        key = f"theme:{theme_id}" if theme_id else f"voice:{voice.pk}"
        label = (labels.get(theme_id) if theme_id else None) or voice.text[:100]
        found.setdefault(key, Idea(key=key, label=label, theme_id=theme_id)).voices.append(voice)
    everyone = {r.person.pk: r.person for r in gather(waiting)}  # once, for every idea
    wanting = list(Interest.objects.filter(voice__in=waiting).values_list("voice_id",
                                                                          "person_id"))
    for idea in found.values():
        ids = set(idea.voice_ids)
        behind = {v.person_id for v in idea.voices if v.person_id} | {
            person_id for voice_id, person_id in wanting if voice_id in ids}
        idea.people = sorted((everyone[pk] for pk in behind), key=lambda p: p.name.lower())
    return sorted(found.values(), key=lambda i: (-len(i.people), i.since))


def reviews_due(voices: "QuerySet[Voice]", today: datetime.date) -> int:
    """How many waiting ideas have reached their review date."""
    due = voices.filter(status=Status.BACK_BURNER, review_on__lte=today)
    themed = due.filter(placement__isnull=False).values("placement__theme_id").distinct()
    return themed.count() + due.filter(placement__isnull=True).count()


def idea_of(voice: Voice, voices: "QuerySet[Voice]") -> list[Voice]:
    """The waiting voices that make one idea with `voice` (its theme), or just the voice."""
    theme_id = voices.filter(pk=voice.pk).values_list("placement__theme_id", flat=True).first()
    if theme_id is None or voice.status != Status.BACK_BURNER:
        return [voice]
    return list(voices.filter(status=Status.BACK_BURNER, placement__theme_id=theme_id))


def contacts(voices: list[Voice]) -> list[Person]:
    """Everyone behind these voices whose consent record lets us contact them."""
    return [r.person for r in gather(voices) if r.person.has_consent(ConsentPurpose.CONTACT)]
