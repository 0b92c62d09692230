from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from coproduce.organisations.worker import run_worker


class Command(BaseCommand):
    help = ("Run the background worker (themes, e-mail): it waits out database locks, retries "
            "tasks that failed on one, re-runs tasks a killed worker left running and records "
            "a heartbeat the dashboard reads. Run one worker, under a supervisor (make run, "
            "or systemd: docs/systemd.md).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--interval", type=float, default=2,
                            help="Seconds between looks for new tasks when idle.")
        parser.add_argument("--queue-name", action="append", dest="queues", metavar="QUEUE",
                            help="Take tasks only from this queue (repeatable; default all).")
        parser.add_argument("--batch", action="store_true",
                            help="Stop when there is nothing left to do.")

    def handle(self, *args: Any, **options: Any) -> None:
        queues = options["queues"] or ["*"]
        run_worker(queue_names=queues, interval=options["interval"], batch=options["batch"],
                   backend_name="default", startup_delay=False, max_tasks=None,
                   worker_id="coproduce-worker-" + "-".join(queues).replace("*", "all"),
                   excluded_queue_names=[])
