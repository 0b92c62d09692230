"""Access to budget processes: members see their organisation's; the public sees a process
only when it is public, and only under its own organisation's address."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coproduce.organisations.access import OrgRequest, require, scoped
from coproduce.themes.models import Theme

from .models import Process, Proposal


def processes_for(request: OrgRequest) -> "QuerySet[Process]":
    require(request, "view_budgets")
    return scoped(request, Process)


def get_process_for(request: OrgRequest, process_id: int, write: bool = False) -> Process:
    """Return a process of the member's organisation (refusing changes without the role)."""
    if write:
        require(request, "run_budgets")
    return get_object_or_404(processes_for(request).select_related("organisation"),
                             pk=process_id)


def get_proposal_for(process: Process, proposal_id: int) -> Proposal:
    return get_object_or_404(process.proposals.all(), pk=proposal_id)


def get_public_process(org_slug: str, process_id: int) -> Process:
    """A public process under its own organisation's address, or 404."""
    return get_object_or_404(Process.objects.select_related("organisation"), pk=process_id,
                             organisation__slug=org_slug, is_public=True)


def get_theme_for(request: OrgRequest, theme_id: int) -> Theme:
    """A theme of the member's organisation, to turn into a proposal, or 404."""
    return get_object_or_404(scoped(request, Theme), pk=theme_id)
