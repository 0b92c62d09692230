"""The one way report views reach published reports and their share links."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from coproduce.organisations.access import OrgRequest, require, scoped

from .models import Publication, PublishedReport, ShareLink
from .publishing import find_share


def get_report_for(request: OrgRequest, report_id: int, write: bool = False) -> PublishedReport:
    """A published report of the member's organisation, or 404."""
    if write:
        require(request, "publish_reports")
    return get_object_or_404(scoped(request, PublishedReport).select_related("organisation"),
                             pk=report_id)


def get_publication_for(request: OrgRequest, publication_id: int) -> Publication:
    """A request to publish, of the member's organisation, or 404."""
    return get_object_or_404(scoped(request, Publication).select_related(
        "organisation", "report"), pk=publication_id)


def get_share_for(report: PublishedReport, share_id: int) -> ShareLink:
    return get_object_or_404(report.shares, pk=share_id)


def get_shared(org_slug: str, token: str) -> ShareLink:
    """The share link with this token under this organisation, live or not; else 404."""
    link = find_share(org_slug, token)
    if link is None:
        raise Http404
    return link
