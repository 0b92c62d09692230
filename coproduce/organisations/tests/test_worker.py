"""The worker stays up: lock waits are retried, abandoned tasks re-run, a heartbeat is kept."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from coproduce.organisations.worker import (
    SteadyWorker,
    beat,
    requeue_abandoned,
    worker_running,
)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
def locked_once(key: str) -> str:
    """Fail as a long lock wait does, the first time only."""
    if cache.get(key) is None:
        cache.set(key, "tried")
        raise OperationalError("database is locked")
    return "done"


def run_once() -> None:
    SteadyWorker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                 startup_delay=False, max_tasks=None, worker_id="test",
                 excluded_queue_names=[]).run()


# The worker closes and reopens its connection between tasks, as it does in production, so
# these tests commit for real instead of running inside one transaction.
@pytest.mark.django_db(transaction=True)
def test_it_retries_a_task_that_failed_on_a_lock(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    result = locked_once.enqueue("locked-once")
    run_once()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY and row.run_after > timezone.now()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        run_once()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value == "done"


@pytest.mark.django_db(transaction=True)
def test_it_runs_again_what_a_killed_worker_left_running(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    result = locked_once.enqueue("abandoned")
    cache.set("abandoned", "tried")
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING,
                                                     started_at=timezone.now())
    assert requeue_abandoned() == 1
    run_once()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL


def test_it_tells_staff_on_the_dashboard_when_the_worker_is_not_running(
    settings: Any, login: Any, coordinator: Any, viewer: Any, org: Any,
) -> None:
    settings.TASKS = DATABASE_TASKS
    url = reverse("reports:dashboard", args=[org.slug])
    assert "worker is not running" in login(coordinator).get(url).content.decode()
    assert "worker is not running" not in login(viewer).get(url).content.decode()
    beat()
    assert worker_running()
    assert "worker is not running" not in login(coordinator).get(url).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert not worker_running()
