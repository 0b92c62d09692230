"""Background work for reports, run by the `db_worker` process (django-tasks)."""

from django_tasks import task

from .publishing import carry_out


@task()
def publish_report(publication_id: int) -> int | None:
    """Build both languages of a requested report and freeze them; the published id."""
    made = carry_out(publication_id)
    return made.pk if made else None
