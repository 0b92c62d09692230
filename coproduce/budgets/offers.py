"""What budget votes offer the voice and theme pages: turning one into a proposal, when a
vote of the organisation is collecting proposals and the viewer may run votes."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.lib import onward

from .models import Process, Stage


def collecting(request: Any) -> bool:
    membership = getattr(request, "membership", None)
    return bool(membership and membership.allows("run_budgets") and Process.objects.filter(
        organisation=request.organisation, stage=Stage.PROPOSALS).exists())


def theme_offer(request: Any, theme: Any) -> onward.Link | None:
    if not collecting(request):
        return None
    return (_("Turn this theme into a budget proposal"), reverse(
        "budgets:from_theme", kwargs={"org_slug": request.organisation.slug,
                                      "theme_id": theme.pk}))


def voice_offer(request: Any, voice: Any) -> onward.Link | None:
    if not collecting(request):
        return None
    return (_("Turn this into a budget proposal"), reverse(
        "budgets:from_voice", kwargs={"org_slug": request.organisation.slug,
                                      "voice_id": voice.pk}))


def register_offers() -> None:
    onward.register("theme", "budgets", theme_offer)
    onward.register("voice", "budgets", voice_offer)
