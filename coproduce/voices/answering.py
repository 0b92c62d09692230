"""Answering many voices at once: who to tell, what each person will read, and sending it.

``answer(voices, ...)`` records one outcome (done, not possible, or a dated progress step)
for any number of voices. ``gather(voices)`` finds everyone behind them once each: whoever
raised one, and whoever asked to hear about one. ``plan(outcome)`` says, for each of those
people, how the outbox would reach them and exactly what they would receive (their own words,
or the public summary for people who only wanted the idea), and ``send(outcome)`` hands those
same messages to the outbox, once, when staff press Send.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from coproduce.notices import outbox
from coproduce.notices.models import Notice, Purpose, State
from coproduce.people.models import Language, Person

from .models import Interest, Outcome, OutcomeKind, Status, StatusChange, Voice

MAX_VOICES = 900  # one form carries every voice id; Django accepts 1,000 fields
QUOTED_PER_PERSON = 3


@dataclass
class Recipient:
    """One person behind the voices, with the voices they raised among them."""

    person: Person
    raised: list[Voice] = field(default_factory=list)
    wanted: bool = False


def gather(voices: Iterable[Voice]) -> list[Recipient]:
    """Everyone who raised one of `voices` or asked to hear about it, once each, by name."""
    voices = list(voices)
    interested = Interest.objects.filter(voice__in=[v.pk for v in voices])
    ids = {v.person_id for v in voices if v.person_id} | set(
        interested.values_list("person_id", flat=True))
    people = Person.objects.filter(pk__in=ids).select_related("organisation").prefetch_related(
        "consents", "access_needs")
    found = {p.pk: Recipient(person=p) for p in people}
    for voice in sorted(voices, key=lambda v: (v.heard_on, v.pk)):
        if voice.person_id in found:
            found[voice.person_id].raised.append(voice)
    for person_id in interested.values_list("person_id", flat=True):
        found[person_id].wanted = True
    return sorted(found.values(), key=lambda r: (r.person.name.lower(), r.person.pk))


@transaction.atomic
def answer(voices: "QuerySet[Voice] | list[Voice]", kind: str, text: str, by: Any, *,
           text_cy: str = "", asked: str = "", asked_cy: str = "", title: str = "",
           title_cy: str = "",
           happened_on: datetime.date | None = None, publish: bool = False, tell: bool = True,
           follows: Outcome | None = None) -> Outcome:
    """Record one outcome for all of `voices` and move them on; nothing is sent yet."""
    voices = list(voices)
    if not voices or not text.strip():
        raise ValueError("An outcome needs voices and a text.")
    if len({v.organisation_id for v in voices}) != 1:
        raise ValueError("Voices of more than one organisation.")
    outcome = Outcome.objects.create(
        organisation_id=voices[0].organisation_id, kind=kind, text=text.strip(),
        text_cy=text_cy.strip(), asked=asked.strip(), asked_cy=asked_cy.strip(),
        title=title.strip(), title_cy=title_cy.strip(),
        happened_on=happened_on or timezone.localdate(), publish=publish, tell=tell,
        follows=follows.root if follows else None, recorded_by=by)
    outcome.voices.set(voices)
    move_voices(voices, kind, text.strip(), by)
    return outcome


def move_voices(voices: list[Voice], kind: str, text: str, by: Any) -> None:
    """Give the voices their new status, with a dated history line each (in a few queries)."""
    status = Status.IN_PROGRESS if kind == OutcomeKind.PROGRESS else kind
    moving = [v for v in voices if v.status != status
              and not (kind == OutcomeKind.PROGRESS and v.status in {Status.DONE,
                                                                     Status.NOT_POSSIBLE})]
    StatusChange.objects.bulk_create(
        StatusChange(voice=v, from_status=v.status, to_status=status, by=by, note=text[:500])
        for v in moving)
    changes: dict[str, Any] = {"status": status, "updated_at": timezone.now()}
    if kind != OutcomeKind.PROGRESS:
        changes["outcome"] = text
        Voice.objects.filter(pk__in=[v.pk for v in voices]).update(**changes)
    else:
        Voice.objects.filter(pk__in=[v.pk for v in moving]).update(**changes)


@transaction.atomic
def correct(outcome: Outcome, text: str, by: Any, text_cy: str = "") -> Outcome:
    """Record a correction of `outcome`, to go to the people who were sent it."""
    correction = Outcome.objects.create(
        organisation=outcome.organisation, kind=outcome.kind, title=outcome.title,
        title_cy=outcome.title_cy,
        text=text.strip(), text_cy=text_cy.strip(), asked=outcome.asked,
        asked_cy=outcome.asked_cy, happened_on=timezone.localdate(), publish=False, tell=True,
        corrects=outcome, recorded_by=by)
    correction.voices.set(outcome.voices.all())
    if outcome.is_final:
        Voice.objects.filter(outcomes=outcome).update(outcome=text.strip(),
                                                      updated_at=timezone.now())
    return correction


def recipients_for(outcome: Outcome) -> list[Recipient]:
    """Everyone to tell; for a correction, only those the corrected message reached."""
    everyone = gather(outcome.voices.all())
    if outcome.corrects is None:
        return everyone
    reached = set(Notice.objects.filter(reference=outcome.corrects.reference).exclude(
        state=State.UNREACHABLE).values_list("person_id", flat=True))
    return [r for r in everyone if r.person.pk in reached]


def purpose_of(outcome: Outcome) -> str:
    if outcome.corrects_id:
        return Purpose.CORRECTION
    return Purpose.PROGRESS if outcome.kind == OutcomeKind.PROGRESS else Purpose.OUTCOME


def message(outcome: Outcome, recipient: Recipient) -> tuple[dict[str, str], dict[str, str]]:
    """The subject and text for one person, in English and (where it is written) Welsh."""
    subjects: dict[str, str] = {}
    bodies: dict[str, str] = {}
    welsh_ready = outcome.text_cy and (recipient.raised or not outcome.asked or outcome.asked_cy)
    for language in [Language.ENGLISH.value] + ([Language.WELSH.value] if welsh_ready else []):
        with translation.override(language):
            subjects[language] = subject_line(outcome)
            bodies[language] = body_text(outcome, recipient, language)
    return subjects, bodies


def subject_line(outcome: Outcome) -> str:
    name = outcome.organisation.display_name
    if outcome.corrects_id:
        return _("%(org)s: a correction to our last message") % {"org": name}
    if outcome.kind == OutcomeKind.PROGRESS:
        return _("%(org)s: news about what you told us") % {"org": name}
    return _("%(org)s: what happened to what you told us") % {"org": name}


def body_text(outcome: Outcome, recipient: Recipient, language: str) -> str:
    welsh = language == Language.WELSH
    parts = []
    for voice in recipient.raised[:QUOTED_PER_PERSON]:
        parts.append(_("On %(date)s you told us:") % {"date": formats.date_format(
            voice.heard_on)} + "\n\n“" + voice.text.strip() + "”")
    if len(recipient.raised) > QUOTED_PER_PERSON:
        parts.append(_("You also told us about this %(count)s more times.")
                     % {"count": len(recipient.raised) - QUOTED_PER_PERSON})
    if not recipient.raised:
        asked = (outcome.asked_cy if welsh else "") or outcome.asked
        parts.append(_("You asked us to let you know about this idea:") + "\n\n" + asked
                     if asked else _("You asked us to let you know about an idea."))
    text = (outcome.text_cy if welsh else "") or outcome.text
    if outcome.corrects_id:
        parts.append(_("We got something wrong in our last message. This is right:"))
    elif outcome.kind == OutcomeKind.DONE:
        parts.append(_("This is what we did:"))
    elif outcome.kind == OutcomeKind.NOT_POSSIBLE:
        parts.append(_("We could not do it, because:"))
    else:
        parts.append(_("This is where things are now (%(date)s):")
                     % {"date": formats.date_format(outcome.happened_on)})
    parts.append(text)
    parts.append(_("Thank you for telling us.") if recipient.raised
                 else _("Thank you for your interest."))
    return "\n\n".join(parts)


def plan(outcome: Outcome) -> list[tuple[Recipient, outbox.Draft]]:
    """For each person: how they would be reached and exactly what they would receive."""
    planned = []
    for recipient in recipients_for(outcome):
        subject, body = message(outcome, recipient)
        planned.append((recipient, outbox.draft(outcome.organisation, recipient.person,
                                                subject, body)))
    return planned


def send(outcome: Outcome, by: Any) -> int | None:
    """Hand every planned message to the outbox; None if it was already sent (a double press)."""
    with transaction.atomic():
        claimed = Outcome.objects.filter(pk=outcome.pk, sent_at__isnull=True, tell=True).update(
            sent_at=timezone.now(), sent_by=by)
        if not claimed:
            return None
        planned = plan(outcome)
        outbox.save_drafts(outcome.organisation, [draft for _r, draft in planned],
                           purpose_of(outcome), outcome.reference,
                           [f"{outcome.reference}:person:{r.person.pk}" for r, _d in planned],
                           by=by)
    return len(planned)


def timeline(outcome: Outcome) -> list[Outcome]:
    """The first outcome and every later step or ending, oldest first (corrections apart)."""
    root = outcome.root
    steps = list(root.steps.filter(corrects__isnull=True))
    return sorted([root, *steps], key=lambda o: (o.happened_on, o.pk))
