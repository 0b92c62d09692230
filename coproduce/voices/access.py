from django.shortcuts import get_object_or_404

from coproduce.organisations.access import OrgRequest, require, scoped

from .models import Outcome, Voice


def get_voice_for(request: OrgRequest, voice_id: int, write: bool = False) -> Voice:
    """Return the organisation's voice, or 404; 403 if the role may not see (or change) it."""
    require(request, "edit_voices" if write else "view_voices")
    return get_object_or_404(
        scoped(request, Voice).select_related("organisation", "person", "group", "assigned_to"),
        pk=voice_id,
    )


def get_outcome_for(request: OrgRequest, outcome_id: int, write: bool = False) -> Outcome:
    """Return the organisation's outcome, or 404; 403 if the role may not see (or change) it."""
    require(request, "edit_voices" if write else "view_voices")
    return get_object_or_404(
        scoped(request, Outcome).select_related("organisation", "follows", "corrects"),
        pk=outcome_id)
