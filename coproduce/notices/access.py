from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coproduce.organisations.access import OrgRequest, require, scoped

from .models import Notice


def notices_of(request: OrgRequest) -> "QuerySet[Notice]":
    """The organisation's notices (staff only: they hold names and addresses)."""
    require(request, "view_notices")
    return scoped(request, Notice).select_related("person", "organisation", "to_member")


def get_notice_for(request: OrgRequest, notice_id: int, write: bool = False) -> Notice:
    """Return the organisation's notice, or 404; 403 if the role may not see (or act on) it."""
    require(request, "send_notices" if write else "view_notices")
    return get_object_or_404(notices_of(request), pk=notice_id)
