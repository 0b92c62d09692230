"""Importing an uploaded file, with the import written to the audit log."""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from coproduce.lib.tabular import ImportReport, Row, TableError, read_rows

from .models import Action, record

Importer = Callable[[Any, Iterable[tuple[int, Row]], Any], ImportReport]


def import_upload(request: Any, upload: UploadedFile, importer: Importer
                  ) -> tuple[ImportReport | None, str | None]:
    """Run `importer` over the file; return its report, or the reason the file was refused."""
    try:
        report = importer(request.organisation, read_rows(upload, upload.name or ""),
                          request.user)
    except TableError as error:
        return None, str(error)
    record(Action.IMPORT, request=request, target=(upload.name or "")[:200],
           created=report.created, errors=len(report.errors))
    return report, None
