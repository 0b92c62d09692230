"""The background worker made to stay up: it waits out database locks instead of dying,
retries tasks that failed on a lock, re-runs tasks a killed worker left running, and leaves
a heartbeat that pages read to say whether it is running.

The heartbeat lives in the shared cache (the database cache), so every app server sees it.
"""

import datetime
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, close_old_connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

logger = logging.getLogger("coproduce.worker")

HEARTBEAT_KEY = "coproduce:worker-heartbeat"
BEAT_EVERY = 10  # seconds
SILENT_AFTER = 60  # seconds without a beat: the worker is not running
LOCK_RETRIES = 5
LOCK_WORDS = ("database is locked", "could not obtain lock", "deadlock detected",
              "lock timeout", "lock wait timeout")


def beat() -> None:
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), None)


def last_beat() -> datetime.datetime | None:
    value = cache.get(HEARTBEAT_KEY)
    return datetime.datetime.fromisoformat(value) if value else None


def worker_running() -> bool:
    """Whether the worker has been heard from within the last minute."""
    seen = last_beat()
    return seen is not None and timezone.now() - seen < datetime.timedelta(seconds=SILENT_AFTER)


def failed_on_a_lock(result: DBTaskResult) -> bool:
    text = f"{result.exception_class_path} {result.traceback}".lower()
    return any(words in text for words in LOCK_WORDS)


def retry_if_locked(result: DBTaskResult) -> bool:
    """Put a task that failed on a lock wait back in the queue, later, a few times over."""
    result.refresh_from_db()
    if result.status != TaskResultStatus.FAILED or not failed_on_a_lock(result):
        return False
    attempts = len(result.worker_ids or [])
    if attempts >= LOCK_RETRIES:
        logger.error("Task %s failed on a lock %d times; giving up", result.id, attempts)
        return False
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=TaskResultStatus.READY, finished_at=None, started_at=None,
        exception_class_path="", traceback="",
        run_after=timezone.now() + datetime.timedelta(seconds=5 * 2 ** attempts))
    logger.warning("Task %s failed on a lock; it will run again (attempt %d)", result.id,
                   attempts + 1)
    return True


def requeue_abandoned() -> int:
    """Tasks left running by a worker that was killed: run them again (one worker only)."""
    count = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("%d tasks were left running by a stopped worker; they run again", count)
    return count


class SteadyWorker(Worker):
    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        retry_if_locked(db_task_result)

    def run(self) -> None:
        while self.running:
            try:
                super().run()
                return
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                logger.warning("The database stayed locked; the worker waits and carries on")
                close_old_connections()
                time.sleep(max(self.interval, 1))
                try:  # a task whose result could not be saved would otherwise stay "running"
                    requeue_abandoned()
                except OperationalError:
                    logger.warning("Still locked; abandoned tasks are looked for next time")


def keep_beating(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            beat()
        except Exception:  # a locked database must not stop the heartbeat thread
            logger.warning("Could not record the worker's heartbeat", exc_info=True)
        finally:
            close_old_connections()
        stop.wait(BEAT_EVERY)


def run_worker(**options: Any) -> None:
    requeue_abandoned()
    stop = threading.Event()
    thread = threading.Thread(target=keep_beating, args=(stop,), daemon=True)
    thread.start()
    try:
        SteadyWorker(**options).run()
    finally:
        stop.set()


def worker_missing() -> bool:
    """Whether work waits for a worker that is not running (tasks run at once need none)."""
    backend = str(settings.TASKS.get("default", {}).get("BACKEND", ""))
    return backend == "django_tasks_db.DatabaseBackend" and not worker_running()
