"""Imports too large for a request, run by the worker."""

from django_tasks import task

from coproduce.lib.tabular import TableError

from .models import State, Upload
from .registry import importer_of


@task()
def run_upload(upload_id: int, dry_run: bool) -> None:
    from .flow import fail, run

    upload = Upload.objects.filter(pk=upload_id).first()
    importer = importer_of(upload.kind) if upload else None
    if upload is None or importer is None:
        return
    try:
        run(upload, importer, dry_run)
    except TableError as error:
        fail(upload, str(error))
    except Exception:
        if upload.state != State.DONE:
            fail(upload, "")
        raise
