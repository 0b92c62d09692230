"""Background work for budget votes, run by the `db_worker` process (django-tasks)."""

from django.contrib.auth.models import User
from django_tasks import task

from .models import Process
from .voting import publish


@task()
def count_and_publish(process_id: int, user_id: int | None) -> None:
    process = Process.objects.filter(pk=process_id).first()
    if process is not None:
        publish(process, User.objects.filter(pk=user_id).first() if user_id else None)
