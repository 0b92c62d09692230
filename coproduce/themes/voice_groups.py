"""What the voice list and corrections need of themes, handed to voices when the app starts."""

from typing import Any

from django.db.models import QuerySet

from coproduce.voices.bulk import UNGROUPED, Grouping
from coproduce.voices.models import Voice

from .models import Placement, Theme
from .tasks import place_new_voices


def choices(organisation: Any) -> list[tuple[str, str]]:
    return [(str(pk), label) for pk, label in
            Theme.objects.filter(organisation=organisation).values_list("pk", "label")]


def narrow(voices: "QuerySet[Voice]", value: str) -> "QuerySet[Voice]":
    if value == UNGROUPED:
        return voices.exclude(pk__in=Placement.objects.values("voice_id"))
    return voices.filter(pk__in=Placement.objects.filter(theme_id=value).values("voice_id"))


def move(organisation: Any, voice_ids: list[int], theme_id: str) -> None:
    """Put the voices in the organisation's theme, as a person would: it stays there."""
    theme = Theme.objects.filter(organisation=organisation, pk=theme_id).first()
    if theme is None:
        raise ValueError("not this organisation's theme")
    Placement.objects.filter(voice_id__in=voice_ids).update(theme=theme, pinned=True)
    placed = set(Placement.objects.filter(voice_id__in=voice_ids).values_list("voice_id",
                                                                               flat=True))
    Placement.objects.bulk_create([Placement(voice_id=pk, theme=theme, pinned=True)
                                   for pk in voice_ids if pk not in placed], batch_size=1000)


def forget(voice_ids: list[int]) -> None:
    """A removed voice leaves its theme."""
    Placement.objects.filter(voice_id__in=voice_ids).delete()


def place_again(voice_ids: list[int]) -> None:
    """A corrected voice is placed afresh, unless a person put it where it is."""
    Placement.objects.filter(voice_id__in=voice_ids, pinned=False).delete()
    voice = Voice.objects.filter(pk__in=voice_ids).first()
    if voice is not None:
        place_new_voices(voice.organisation_id, voice_ids)


GROUPING = Grouping(choices=choices, narrow=narrow, move=move)
