"""The steps of importing a file: keep it, map its columns, check it, import it.

Files wait under var/imports/ (readable by the app alone) until they are imported or
abandoned. A mapping is remembered for the next file with the same headers. Reports are
kept as JSON on the upload, and refused rows download as CSV with the reason beside each.
"""

import csv
import datetime
import hashlib
import io
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from coproduce.lib.csvsafe import safe_cell
from coproduce.lib.tabular import ImportReport, RowError, open_table

from .models import STALE_AFTER, SavedMapping, State, Upload
from .registry import Importer


def folder() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def signature(columns: list[str]) -> str:
    return hashlib.sha256("\x1f".join(columns).encode()).hexdigest()


def keep(request: Any, importer: Importer, upload: UploadedFile) -> Upload:
    """Store the file and read its header; raises TableError when it cannot be read."""
    name = (upload.name or "file")[:200]
    extension = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    path = folder() / (uuid.uuid4().hex + extension)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        with path.open("rb") as stream:
            table = open_table(stream, name)
            columns, headers = table.columns, table.headers
    except Exception:
        path.unlink(missing_ok=True)
        raise
    saved = SavedMapping.objects.filter(organisation=request.organisation, kind=importer.kind,
                                        signature=signature(columns)).first()
    mapping = saved.mapping if saved else importer.guess(columns)
    return Upload.objects.create(organisation=request.organisation, kind=importer.kind,
                                 filename=name, path=str(path), columns=columns,
                                 headers=headers,
                                 mapping=mapping, created_by=request.user)


def sample(upload: Upload, count: int = 5) -> list[dict[str, str]]:
    """The file's first rows, keyed by its columns."""
    with Path(upload.path).open("rb") as stream:
        table = open_table(stream, upload.filename)
        return [row for _i, (_n, row) in zip(range(count), table.rows, strict=False)]


def remember(upload: Upload, mapping: dict[str, str], add_people: bool) -> None:
    upload.mapping, upload.add_people, upload.state = mapping, add_people, State.UPLOADED
    upload.save(update_fields=["mapping", "add_people", "state"])
    SavedMapping.objects.update_or_create(
        organisation=upload.organisation, kind=upload.kind,
        signature=signature(upload.columns), defaults={"mapping": mapping})


def run(upload: Upload, importer: Importer, dry_run: bool) -> ImportReport:
    """Check (dry run) or import the stored file with its mapping; keep the report on it."""
    with Path(upload.path).open("rb") as stream:
        table = open_table(stream, upload.filename)
        report = importer.run(upload.organisation, table.rows, upload.created_by,
                              mapping=upload.mapping, add_people=upload.add_people,
                              dry_run=dry_run, run=None if dry_run else upload,
                              columns=table.columns)
    upload.report = report_data(report)
    upload.state = State.CHECKED if dry_run else State.DONE
    upload.save(update_fields=["report", "state"])
    if not dry_run:
        Path(upload.path).unlink(missing_ok=True)
    return report


def report_data(report: ImportReport) -> dict[str, Any]:
    return {
        "created": report.created, "unchanged": report.unchanged,
        "people_created": report.people_created, "dry_run": report.dry_run,
        "ignored_columns": report.ignored_columns,
        "errors": [[e.row, e.field, e.message, e.value] for e in report.errors[:10_000]],
        "error_count": len(report.errors), "rows_with_errors": report.rows_with_errors,
        "refused_rows": {str(n): row for n, row in report.refused_rows.items()},
    }


def report_of(upload: Upload) -> ImportReport | None:
    data = upload.report or {}
    if "created" not in data:
        return None
    report = ImportReport(created=data["created"], unchanged=data["unchanged"],
                          people_created=data["people_created"], dry_run=data["dry_run"],
                          ignored_columns=data["ignored_columns"],
                          errors=[RowError(*e) for e in data["errors"]])
    report.refused_rows = {int(n): row for n, row in data["refused_rows"].items()}
    return report


def refused_csv(upload: Upload) -> Iterator[str]:
    """The refused rows as the file had them, with what was wrong, to correct and re-import."""
    report = report_of(upload)
    reasons: dict[int, list[str]] = {}
    for error in report.errors if report else []:
        reasons.setdefault(error.row, []).append(f"{error.field}: {error.message}")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*upload.columns, "problem"])
    yield "\ufeff" + out.getvalue()
    for number, row in sorted((report.refused_rows if report else {}).items()):
        out.seek(0)
        out.truncate()
        writer.writerow([safe_cell(row.get(c, "")) for c in upload.columns]
                        + [safe_cell("; ".join(reasons.get(number, [])))])
        yield out.getvalue()


def fail(upload: Upload, problem: str) -> None:
    Upload.objects.filter(pk=upload.pk).update(state=State.FAILED, problem=problem)
    upload.state, upload.problem = State.FAILED, problem


def in_request(upload: Upload) -> bool:
    """Small files are checked and imported at once; larger ones by the worker."""
    path = Path(upload.path)
    return not path.exists() or path.stat().st_size <= settings.COPRODUCE_IMPORT_IN_REQUEST_BYTES


def begin(upload: Upload, importer: Importer, dry_run: bool) -> None:
    """Check or import the upload now, or queue it for the worker; failures go on it."""
    from coproduce.lib.tabular import TableError

    from .tasks import run_upload

    if not in_request(upload):
        upload.state = State.CHECKING if dry_run else State.QUEUED
        upload.save(update_fields=["state"])
        transaction.on_commit(lambda: run_upload.enqueue(upload.pk, dry_run))
        return
    try:
        run(upload, importer, dry_run)
    except TableError as error:
        fail(upload, str(error))


def forget_old(days: int = 7) -> int:
    """Delete stored files of uploads nobody finished within `days`; return how many."""
    cutoff = timezone.now() - max(STALE_AFTER, datetime.timedelta(days=days))
    old = Upload.objects.filter(created_at__lt=cutoff).exclude(path="")
    count = 0
    for upload in old:
        Path(upload.path).unlink(missing_ok=True)
        count += 1
    old.update(path="")
    return count
