"""The one way a voice comes in, whatever the channel.

Higher apps hear of new voices through the listeners they register here (voices may not
import them): the themes app places every new voice after the commit, and pins voices that
an import named a theme for.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction

NewVoices = Callable[[int, list[int]], None]  # (organisation id, voice ids)
NamedThemes = Callable[[Any, list[tuple[int, str]]], None]  # (organisation, [(voice id, name)])

_new_voices: list[NewVoices] = []
_named_themes: list[NamedThemes] = []


def on_new_voices(listener: NewVoices) -> None:
    """Call `listener` with the ids of every batch of new voices, once they are committed."""
    if listener not in _new_voices:
        _new_voices.append(listener)


def on_named_themes(listener: NamedThemes) -> None:
    """Call `listener` inside the capture's transaction with voices a file named a theme for."""
    if listener not in _named_themes:
        _named_themes.append(listener)


def announce_new(organisation_id: int, voice_ids: list[int]) -> None:
    """Tell the listeners about new voices after the surrounding transaction commits."""
    if not voice_ids:
        return
    ids = list(voice_ids)

    def tell() -> None:
        for listener in _new_voices:
            listener(organisation_id, ids)

    transaction.on_commit(tell)


def announce_named_themes(organisation: Any, pairs: list[tuple[int, str]]) -> None:
    for listener in _named_themes:
        listener(organisation, pairs)
