from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coproduce.organisations.access import OrgRequest, require, scoped

from .models import Outcome, Voice


def get_voice_for(request: OrgRequest, voice_id: int, write: bool = False) -> Voice:
    """Return the organisation's voice, or 404; 403 if the role may not see (or change) it."""
    require(request, "edit_voices" if write else "view_voices")
    return get_object_or_404(
        scoped(request, Voice).select_related("organisation", "person", "group", "assigned_to",
                                              "recorded_by"),
        pk=voice_id,
    )


def get_outcome_for(request: OrgRequest, outcome_id: int, write: bool = False) -> Outcome:
    """Return the organisation's outcome, or 404; 403 if the role may not see (or change) it."""
    require(request, "edit_voices" if write else "view_voices")
    return get_object_or_404(
        scoped(request, Outcome).select_related("organisation", "follows", "corrects"),
        pk=outcome_id)


def peer_voices(request: OrgRequest) -> "QuerySet[Voice]":
    """The voices this peer mentor heard and logged: a peer sees no one else's."""
    require(request, "log_voices_as_peer")
    return scoped(request, Voice).filter(recorded_by=request.user, heard_by_peer=True)


def get_peer_voice_for(request: OrgRequest, voice_id: int) -> Voice:
    """Return one of the peer's own voices, or 404 (another peer's voice included); 403 for
    a role that does not log voices as a peer."""
    voice = get_object_or_404(
        scoped(request, Voice).filter(recorded_by=request.user, heard_by_peer=True)
        .select_related("organisation", "person"), pk=voice_id)
    require(request, "log_voices_as_peer")
    return voice
