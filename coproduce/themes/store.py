"""The glue between the themes engine and the database: read the organisation's voices and
themes as plain data, run the engine, and store what it found without undoing what people did.
"""

import uuid
from collections import OrderedDict
from threading import Lock
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from coproduce.voices.models import Voice

from .engine import GroupingResult, Suggestion, ThemeIndex, ThemeState, VoiceText, group_voices
from .models import Exclusion, Placement, Regrouping, RunStatus, Theme, VoiceVector


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


def regroup(organisation: Any, run: Regrouping | None = None) -> GroupingResult:
    """Group every voice of the organisation again, keeping what people named and moved."""
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
    forget_index(organisation)
    return result


# Suggestions need every voice's vector in memory: one index per organisation is kept in
# this process and rebuilt when voices, themes or placements change. It is a cache only.
_indexes: "OrderedDict[tuple[int, str], ThemeIndex]" = OrderedDict()
_lock = Lock()


def version(organisation: Any) -> str:
    voices = Voice.objects.filter(organisation=organisation).aggregate(
        n=Count("id"), changed=Max("updated_at"))
    themes = Theme.objects.filter(organisation=organisation).aggregate(
        n=Count("id"), changed=Max("updated_at"))
    placed = Placement.objects.filter(theme__organisation=organisation).aggregate(
        n=Count("id"), last=Max("id"))
    return f"{voices}{themes}{placed}"


def index_for(organisation: Any) -> ThemeIndex:
    key = (organisation.pk, version(organisation))
    with _lock:
        if key in _indexes:
            _indexes.move_to_end(key)
            return _indexes[key]
    index = ThemeIndex.build(voice_texts(organisation), theme_states(organisation),
                             vector_cache(organisation), backend=backend())
    store_vectors(index.new_vectors)
    with _lock:
        for old in [k for k in _indexes if k[0] == organisation.pk]:
            del _indexes[old]
        _indexes[key] = index
        while len(_indexes) > 8:
            _indexes.popitem(last=False)
    return index


def forget_index(organisation: Any) -> None:
    with _lock:
        for old in [k for k in _indexes if k[0] == organisation.pk]:
            del _indexes[old]


def suggest_for(organisation: Any, text: str, limit: int = 3) -> Suggestion:
    return index_for(organisation).suggest(text, limit=limit)


def place_new_voice(voice: Voice) -> Theme | None:
    """Put a new voice in the nearest theme, if one is near enough, without re-grouping."""
    if Placement.objects.filter(voice=voice).exists():
        return None
    score = index_for(voice.organisation).assign(voice.text)
    if score is None:
        return None
    theme = Theme.objects.filter(organisation=voice.organisation, key=str(score.id)).first()
    if theme is not None:
        Placement.objects.get_or_create(voice=voice, defaults={"theme": theme})
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
