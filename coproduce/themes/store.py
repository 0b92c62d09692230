"""The glue between the themes engine and the database: read the organisation's voices and
themes as plain data, run the engine, and store what it found without undoing what people did.
"""

import datetime
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import Any, cast

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from coproduce.voices.models import Voice

from . import naming
from .engine import (
    GroupingResult,
    Suggestion,
    ThemeIndex,
    ThemeState,
    VoiceText,
    embed_voices,
    group_voices,
    resolve_backend,
)
from .grouping import TUNING, agglomerate
from .models import STALE_AFTER, Exclusion, Placement, Regrouping, RunStatus, Theme, VoiceVector


def backend() -> str:
    """"auto" (semantic when its model is installed, else lexical), "semantic" or "lexical"."""
    return str(getattr(settings, "COPRODUCE_THEMES_BACKEND", "auto"))


def voice_texts(organisation: Any) -> list[VoiceText]:
    return [VoiceText(id=pk, text=text) for pk, text in
            Voice.objects.filter(organisation=organisation).order_by("pk")
            .values_list("pk", "text")]


def theme_states(organisation: Any) -> list[ThemeState]:
    themes = list(Theme.objects.filter(organisation=organisation))
    members: dict[int, set[int]] = {t.pk: set() for t in themes}
    pinned: dict[int, set[int]] = {t.pk: set() for t in themes}
    for voice_id, theme_id, is_pinned in Placement.objects.filter(
            theme__organisation=organisation).values_list("voice_id", "theme_id", "pinned"):
        members[theme_id].add(voice_id)
        if is_pinned:
            pinned[theme_id].add(voice_id)
    excluded: dict[int, set[int]] = {t.pk: set() for t in themes}
    for voice_id, theme_id in Exclusion.objects.filter(
            theme__organisation=organisation).values_list("voice_id", "theme_id"):
        excluded[theme_id].add(voice_id)
    return [ThemeState(id=t.key, label=t.label, confirmed=t.confirmed, locked=t.locked,
                       member_ids=frozenset(members[t.pk]), pinned_ids=frozenset(pinned[t.pk]),
                       excluded_ids=frozenset(excluded[t.pk])) for t in themes]


def vector_cache(organisation: Any) -> dict[Any, bytes]:
    return {voice_id: bytes(data) for voice_id, data in VoiceVector.objects.filter(
        voice__organisation=organisation).values_list("voice_id", "data")}


def store_vectors(vectors: dict[Any, bytes]) -> None:
    if not vectors:
        return
    VoiceVector.objects.filter(voice_id__in=list(vectors)).delete()
    VoiceVector.objects.bulk_create(
        [VoiceVector(voice_id=voice_id, data=data) for voice_id, data in vectors.items()],
        batch_size=2000)


@transaction.atomic
def apply(organisation: Any, result: GroupingResult) -> None:
    """Store a grouping: new and changed automatic themes, placements, cached vectors."""
    existing = {t.key: t for t in Theme.objects.filter(organisation=organisation)}
    Theme.objects.filter(organisation=organisation, key__in=result.dissolved_ids,
                         confirmed=False, locked=False).delete()
    pinned = set(Placement.objects.filter(theme__organisation=organisation, pinned=True)
                 .values_list("voice_id", flat=True))
    Placement.objects.filter(theme__organisation=organisation, pinned=False).delete()
    placements = []
    for found in result.themes:
        theme = existing.get(str(found.id))
        if theme is None:
            theme = Theme(organisation=organisation, key=str(found.id), label=found.label)
        if not theme.protected:
            theme.label = found.label
        theme.keywords = list(found.keywords)
        theme.representative_id = cast(int | None, found.representative_id)
        theme.save()
        placements += [Placement(voice_id=cast(int, voice_id), theme=theme)
                       for voice_id in found.member_ids if voice_id not in pinned]
    Placement.objects.bulk_create(placements, batch_size=2000, ignore_conflicts=True)
    store_vectors(result.vectors)




def active_run(organisation: Any) -> Regrouping | None:
    """The organisation's queued or running regrouping that is not stale, if any."""
    since = timezone.now() - STALE_AFTER
    return (Regrouping.objects.filter(organisation=organisation,
                                      status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
                                      created_at__gte=since).first())


def end_stale_runs(organisation: Any) -> int:
    """Mark runs that a stopped worker left queued or running as failed; return how many."""
    since = timezone.now() - STALE_AFTER
    return Regrouping.objects.filter(
        organisation=organisation, status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        created_at__lt=since).update(status=RunStatus.FAILED, finished_at=timezone.now(),
                                     message=STALE_MESSAGE)


STALE_MESSAGE = "Stopped before it finished (the background worker may have been restarted)"


def regroup(organisation: Any, run: Regrouping | None = None) -> GroupingResult:
    """Group every voice of the organisation again, keeping what people named and moved."""
    end_stale_runs(organisation)
    run = run or Regrouping.objects.create(organisation=organisation)
    Regrouping.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    try:
        result = group_voices(voice_texts(organisation), theme_states(organisation),
                              vector_cache(organisation), backend=backend())
        apply(organisation, result)
    except Exception as error:
        Regrouping.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, message=str(error)[:300], finished_at=timezone.now())
        raise
    Regrouping.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, backend=result.backend, finished_at=timezone.now(),
        message=(result.message or result.backend_reason)[:300], themes=len(result.themes),
        ungrouped=len(result.ungrouped_ids))
    return result


# Suggestions need every voice's vector in memory: one index per organisation is kept in
# each process, built only from stored vectors, and rebuilt when a grouping, a placement, a
# theme or the stored vectors change (never on a voice's own timestamp). It is a cache only.
_indexes: "OrderedDict[int, tuple[str, ThemeIndex]]" = OrderedDict()
_lock = Lock()


def version(organisation: Any) -> str:
    """What the index depends on, in four small aggregate queries."""
    themes = Theme.objects.filter(organisation=organisation).aggregate(
        n=Count("id"), changed=Max("updated_at"))
    placed = Placement.objects.filter(theme__organisation=organisation).aggregate(
        n=Count("id"), last=Max("id"))
    excluded = Exclusion.objects.filter(theme__organisation=organisation).aggregate(
        n=Count("id"), last=Max("id"))
    vectors = VoiceVector.objects.filter(voice__organisation=organisation).aggregate(
        n=Count("id"), last=Max("id"))
    return f"{themes}{placed}{excluded}{vectors}"


def index_for(organisation: Any) -> ThemeIndex:
    """The organisation's index from stored vectors only: nothing is embedded here."""
    key = version(organisation)
    with _lock:
        held = _indexes.get(organisation.pk)
        if held is not None and held[0] == key:
            _indexes.move_to_end(organisation.pk)
            return held[1]
    index = ThemeIndex.build(voice_texts(organisation), theme_states(organisation),
                             vector_cache(organisation), backend=backend(),
                             embed_missing=False)
    remember(organisation, index, key)
    return index


def remember(organisation: Any, index: ThemeIndex, key: str | None = None) -> None:
    with _lock:
        _indexes[organisation.pk] = (key or version(organisation), index)
        _indexes.move_to_end(organisation.pk)
        while len(_indexes) > 8:
            _indexes.popitem(last=False)


def forget_index(organisation: Any) -> None:
    with _lock:
        _indexes.pop(organisation.pk, None)


def forget_all() -> None:
    with _lock:
        _indexes.clear()


def suggest_for(organisation: Any, text: str, limit: int = 3) -> Suggestion:
    """Suggestions for a typed text: embeds that text and nothing else, writes nothing."""
    return index_for(organisation).suggest(text, limit=limit)


def place_voices(organisation: Any, voice_ids: list[int]) -> dict[int, Theme]:
    """In the worker: embed new voices, store their vectors, and place each that fits a theme.

    A voice that fits no theme well enough stays "not yet grouped" (it may start an emerging
    theme). The index is extended in place, so a batch costs one embedding call.
    """
    voices = [VoiceText(id=pk, text=text) for pk, text in
              Voice.objects.filter(organisation=organisation, pk__in=voice_ids)
              .values_list("pk", "text")]
    if not voices:
        return {}
    choice = resolve_backend(backend())
    cached: dict[Any, bytes] = {pk: bytes(data) for pk, data in VoiceVector.objects.filter(
        voice_id__in=[v.id for v in voices]).values_list("voice_id", "data")}
    raw, fresh = embed_voices(voices, choice, cached)
    store_vectors(fresh)
    index = index_for(organisation)
    rows = index.prepare(raw, [v.text for v in voices])
    already = set(Placement.objects.filter(voice_id__in=[v.id for v in voices])
                  .values_list("voice_id", flat=True))
    themes = {t.key: t for t in Theme.objects.filter(organisation=organisation)}
    placed: dict[int, Theme] = {}
    for voice, row in zip(voices, rows, strict=True):
        fit = index.fits(row) if voice.id not in already else None
        theme = themes.get(str(fit.id)) if fit is not None else None
        if theme is not None:
            placed[cast(int, voice.id)] = theme
    Placement.objects.bulk_create([Placement(voice_id=pk, theme=theme)
                                   for pk, theme in placed.items()], ignore_conflicts=True)
    index.add([v.id for v in voices], rows)
    remember(organisation, index)
    return placed


def place_new_voice(voice: Voice) -> Theme | None:
    """Place one voice (see place_voices)."""
    return place_voices(voice.organisation, [voice.pk]).get(voice.pk)


# --- emerging themes: recent voices in no theme that resemble each other -----------------

EMERGING_DAYS = 30
EMERGING_MIN = 3
EMERGING_LIMIT = 500  # the most recent voices looked at


@dataclass(frozen=True)
class Emerging:
    """A possible new theme: recent voices in no theme that say much the same thing."""

    label: str
    voice_ids: tuple[int, ...]
    people: int  # different people (anonymous voices count one each)
    since: datetime.date


def emerging(organisation: Any, today: datetime.date) -> list[Emerging]:
    """Possible new themes among the last EMERGING_DAYS days' voices not yet grouped.

    Reads stored vectors only (the worker made them), so it is safe in a request.
    """
    recent = list(Voice.objects.filter(
        organisation=organisation, placement__isnull=True, vector__isnull=False,
        heard_on__gte=today - datetime.timedelta(days=EMERGING_DAYS))
        .order_by("-heard_on", "-id").values_list("pk", "text", "person_id", "heard_on")
        [:EMERGING_LIMIT])
    if len(recent) < EMERGING_MIN:
        return []
    index = index_for(organisation)
    position = {voice_id: i for i, voice_id in enumerate(index.voice_ids)}
    rows = [r for r in recent if r[0] in position]
    if len(rows) < EMERGING_MIN:
        return []
    vectors = index.vectors[[position[r[0]] for r in rows]]
    tuning = TUNING[index.backend]
    clusters = agglomerate(vectors, tuning.merge_distance * EMERGING_TIGHTER)
    groups = [[int(i) for i in np.flatnonzero(clusters == c)] for c in np.unique(clusters)]
    groups = [g for g in groups if len(g) >= EMERGING_MIN]
    names = naming.phrases([r[1] for r in rows], groups)
    found = []
    for group, name in zip(groups, names, strict=True):
        people = {rows[i][2] or f"anonymous-{rows[i][0]}" for i in group}
        found.append(Emerging(label=name or rows[group[0]][1][:60],
                              voice_ids=tuple(int(rows[i][0]) for i in group),
                              people=len(people), since=min(rows[i][3] for i in group)))
    return sorted(found, key=lambda e: (-len(e.voice_ids), e.label))


EMERGING_TIGHTER = 0.9  # a possible theme must hang together more than a grouped one


@transaction.atomic
def found_theme(organisation: Any, voice_ids: list[int], label: str) -> Theme:
    """Staff confirm an emerging theme: a named, confirmed theme holding those voices."""
    theme = Theme.objects.create(organisation=organisation, key=f"staff-{uuid.uuid4().hex}",
                                 label=label, locked=True, confirmed=True)
    free = Voice.objects.filter(organisation=organisation, pk__in=voice_ids,
                                placement__isnull=True).values_list("pk", flat=True)
    Placement.objects.bulk_create([Placement(voice_id=pk, theme=theme, pinned=True)
                                   for pk in free])
    return theme


# --- what staff do: every change here survives re-grouping ------------------------------

def put(voice: Voice, theme: Theme) -> None:
    """A person puts the voice in this theme (accepting a suggestion or moving it)."""
    with transaction.atomic():
        old = Placement.objects.filter(voice=voice).exclude(theme=theme).first()
        if old is not None:
            Exclusion.objects.get_or_create(voice=voice, theme=old.theme)
        Exclusion.objects.filter(voice=voice, theme=theme).delete()
        Placement.objects.update_or_create(voice=voice, defaults={"theme": theme, "pinned": True})


def confirm(theme: Theme, label: str | None = None) -> None:
    """Confirm (and perhaps rename) a theme: its voices become examples for suggestions."""
    theme.confirmed = True
    if label:
        theme.label, theme.locked = label, True
    theme.save()
    theme.placements.update(pinned=True)


def rename(theme: Theme, label: str) -> None:
    theme.label, theme.locked = label, True
    theme.save(update_fields=["label", "locked", "updated_at"])


@transaction.atomic
def merge(theme: Theme, into: Theme) -> None:
    """Move every voice of `theme` into `into`, which a person now owns, and drop `theme`."""
    for placement in theme.placements.all():
        Placement.objects.filter(pk=placement.pk).update(theme=into, pinned=True)
    into.locked = True
    into.save(update_fields=["locked", "updated_at"])
    theme.delete()


@transaction.atomic
def split(theme: Theme, voice_ids: list[int], label: str) -> Theme:
    """Take the chosen voices out of `theme` into a new theme a person named."""
    new = Theme.objects.create(organisation=theme.organisation, key=f"staff-{uuid.uuid4().hex}",
                               label=label, locked=True)
    for placement in theme.placements.filter(voice_id__in=voice_ids):
        Exclusion.objects.get_or_create(voice_id=placement.voice_id, theme=theme)
        Placement.objects.filter(pk=placement.pk).update(theme=new, pinned=True)
    theme.locked = True
    theme.save(update_fields=["locked", "updated_at"])
    return new


def theme_named(organisation: Any, label: str) -> Theme:
    """The theme with this name, made (and owned by staff) if new: for imports."""
    theme = Theme.objects.filter(organisation=organisation, label__iexact=label).first()
    if theme is None:
        theme = Theme.objects.create(organisation=organisation, key=f"staff-{uuid.uuid4().hex}",
                                     label=label, locked=True, confirmed=True)
    return theme


def confirm_placements(organisation: Any, pairs: list[tuple[int, str]]) -> None:
    """Put each voice in the named theme, confirmed by staff (the import's theme column)."""
    themes: dict[str, Theme] = {}
    for voice_id, label in pairs:
        theme = themes.get(label.lower()) or theme_named(organisation, label)
        themes[label.lower()] = theme
        Placement.objects.update_or_create(voice_id=voice_id,
                                           defaults={"theme": theme, "pinned": True})
