"""Putting a voice right: correcting it, folding a duplicate into an earlier voice, removing it.

Every correction is kept in the voice's history (VoiceChange) and the audit log. A removed
voice is hidden everywhere (Voice.objects leaves it out) but kept, with the reason, until an
administrator deletes it for good. Higher apps hear of corrections and removals through the
listeners they register here: the themes app places a corrected voice again.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.models import Action, record

from .models import Interest, Tag, Voice, VoiceChange, VoiceRemoval

Listener = Callable[[list[int]], None]  # voice ids
_corrected: list[Listener] = []
_removed: list[Listener] = []

FIELDS = ["text", "person", "channel", "heard_on", "group", "kind"]


def on_corrected(listener: Listener) -> None:
    """Call `listener` with the ids of voices whose text changed, once committed."""
    if listener not in _corrected:
        _corrected.append(listener)


def on_removed(listener: Listener) -> None:
    """Call `listener` inside the transaction with the ids of voices being removed."""
    if listener not in _removed:
        _removed.append(listener)


def shown(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def version_of(voice: Voice) -> str:
    """What an edit form carries, so that a later save can tell the voice changed meanwhile."""
    return voice.updated_at.isoformat()


@transaction.atomic
def correct_voice(voice: Voice, data: dict[str, Any], tags: list[str], by: Any,
                  seen: str) -> VoiceChange | None:
    """Change what was recorded, keeping the change; refuse if it changed since `seen`."""
    current = Voice.objects.select_for_update().get(pk=voice.pk)
    if version_of(current) != seen:
        raise ValidationError(_("Someone else changed this voice while you were editing it. "
                                "Check their version below, then save again to keep yours."))
    changes = {name: [shown(getattr(current, name)), shown(data[name])] for name in FIELDS
               if getattr(current, name) != data[name]}
    old_tags = sorted(current.tags.values_list("name", flat=True))
    if sorted(tags) != old_tags:
        changes["tags"] = [old_tags, sorted(tags)]
    if not changes:
        return None
    for name in FIELDS:
        setattr(current, name, data[name])
    current.save()
    current.tags.set([Tag.objects.get_or_create(organisation=current.organisation,
                                                name=name)[0] for name in tags])
    change = VoiceChange.objects.create(voice=current, what=_("Corrected"), changes=changes,
                                        by=by)
    record(Action.VOICE_CORRECTED, user=by, organisation=current.organisation,
           target=f"voice {current.pk}", fields=sorted(changes))
    if "text" in changes:
        ids = [current.pk]
        transaction.on_commit(lambda: [listener(ids) for listener in _corrected])
    return change


def hide(voices: list[Voice], reason: str, by: Any, into: Voice | None = None) -> None:
    ids = [voice.pk for voice in voices]
    for listener in _removed:
        listener(ids)
    now = timezone.now()
    Voice.objects.filter(pk__in=ids).update(removed_at=now, merged_into=into, updated_at=now)
    VoiceRemoval.objects.filter(voice_id__in=ids).delete()
    VoiceRemoval.objects.bulk_create([VoiceRemoval(voice_id=pk, reason=reason[:500], by=by,
                                                   at=now) for pk in ids])


@transaction.atomic
def remove_voice(voice: Voice, reason: str, by: Any) -> None:
    """Hide the voice everywhere, keeping it (and why) for the audit trail."""
    if not reason.strip():
        raise ValidationError(_("Say why the voice is being removed."))
    hide([voice], reason.strip(), by)
    record(Action.VOICE_REMOVED, user=by, organisation=voice.organisation,
           target=f"voice {voice.pk}", reason=reason.strip())


@transaction.atomic
def restore_voice(voice: Voice, by: Any) -> None:
    Voice.everything.filter(pk=voice.pk).update(removed_at=None, merged_into=None,
                                                updated_at=timezone.now())
    VoiceRemoval.objects.filter(voice=voice).delete()
    VoiceChange.objects.create(voice=voice, what=_("Put back"), by=by)


@transaction.atomic
def purge_voice(voice: Voice, by: Any) -> None:
    """Delete a removed voice for good (administrators; erasure uses this)."""
    if voice.removed_at is None:
        raise ValidationError(_("Remove the voice first; only removed voices can be deleted "
                                "for good."))
    record(Action.VOICE_PURGED, user=by, organisation=voice.organisation,
           target=f"voice {voice.pk}",
           reason=getattr(getattr(voice, "removal", None), "reason", ""))
    for listener in _removed:
        listener([voice.pk])
    Voice.everything.filter(pk=voice.pk).delete()


@transaction.atomic
def merge_voices(duplicates: list[Voice], into: Voice, by: Any) -> int:
    """Fold duplicates into `into`: everyone behind them becomes someone who raised it.

    Return how many duplicates were folded in.
    """
    if any(voice.pk == into.pk for voice in duplicates):
        raise ValidationError(_("A voice cannot be merged into itself."))
    if any(voice.organisation_id != into.organisation_id for voice in duplicates):
        raise ValidationError(_("Only voices of the same organisation can be merged."))
    people = {voice.person_id for voice in duplicates if voice.person_id}
    people |= set(Interest.objects.filter(voice__in=duplicates).values_list("person_id",
                                                                           flat=True))
    if into.person_id is not None:
        people.discard(into.person_id)
    for person_id in people:
        interest, created = Interest.objects.get_or_create(
            voice=into, person_id=person_id, defaults={"may_recontact": True,
                                                       "raised_it": True})
        if not created and not interest.raised_it:
            interest.raised_it = True
            interest.save(update_fields=["raised_it"])
    into.tags.add(*Tag.objects.filter(voices__in=duplicates).distinct())
    reason = _("The same as voice %(id)s") % {"id": into.pk}
    hide(duplicates, reason, by, into=into)
    VoiceChange.objects.bulk_create(
        [VoiceChange(voice=into, what=_("Merged in voice %(id)s") % {"id": voice.pk},
                     changes={"person": [None, shown(voice.person)]}, by=by)
         for voice in duplicates])
    record(Action.VOICES_CHANGED, user=by, organisation=into.organisation,
           target=f"voice {into.pk}", merged=[voice.pk for voice in duplicates])
    return len(duplicates)
