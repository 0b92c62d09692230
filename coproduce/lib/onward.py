"""Where a voice or a theme can go next, offered by the apps above the one that shows it.

Voices and themes may not import the apps built on them (a budget vote, for one), so those
apps register an offer here when they start, and the voice and theme pages show every offer
that answers. An offer takes the request and the object and returns (label, address), or
None when it has nothing to offer this viewer.
"""

from collections.abc import Callable
from typing import Any

Link = tuple[str, str]
Offer = Callable[[Any, Any], Link | None]

_offers: dict[str, dict[str, Offer]] = {}


def register(noun: str, key: str, offer: Offer) -> None:
    """Add (or replace) the offer `key` for pages of `noun` ("voice", "theme")."""
    _offers.setdefault(noun, {})[key] = offer


def offers(noun: str, request: Any, obj: Any) -> list[Link]:
    return [link for offer in _offers.get(noun, {}).values()
            if (link := offer(request, obj)) is not None]
