"""What else staff can tie a voice to as they record it, offered by the apps above voices.

Voices may not import the apps built on them, so such an app (projects: "Project it relates
to") registers a link here when it starts. The quick-entry form shows each link's field, and
once the voice is saved each chosen value is attached to it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms


@dataclass(frozen=True)
class Link:
    name: str  # the form field's name
    field: Callable[[Any], forms.Field]  # the field, given the organisation
    attach: Callable[[Any, Any], None]  # tie the saved voice to the chosen value


_links: dict[str, Link] = {}


def register(link: Link) -> None:
    """Add (or replace) a link; shown in the order registered."""
    _links[link.name] = link


def links() -> list[Link]:
    return list(_links.values())
