"""The one way import pages reach an upload: scoped to the organisation, checked by kind."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from coproduce.organisations.access import OrgRequest, scoped

from .models import Upload
from .registry import Importer, importer_of


def importer_for(request: OrgRequest, kind: str) -> Importer:
    """The importer of `kind`, if the member's role may use it (else 403; unknown: 404)."""
    importer = importer_of(kind)
    if importer is None:
        raise Http404
    if not request.membership.allows(importer.permission):
        raise PermissionDenied
    return importer


def get_upload_for(request: OrgRequest, upload_id: int) -> tuple[Upload, Importer]:
    upload = get_object_or_404(scoped(request, Upload), pk=upload_id)
    return upload, importer_for(request, upload.kind)
