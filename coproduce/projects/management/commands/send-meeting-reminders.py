import datetime
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from coproduce.projects.invitations import remind
from coproduce.projects.models import Meeting, MeetingStatus


class Command(BaseCommand):
    help = ("Queue a reminder in the outbox, once, for each upcoming meeting starting within "
            "--hours (run it from cron, for example every hour; the worker sends the emails).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--hours", type=int, default=48)

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        due = Meeting.objects.filter(
            status=MeetingStatus.UPCOMING, reminded_at__isnull=True, starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(hours=options["hours"]),
        ).select_related("project")
        sent = 0
        for meeting in due:
            sent += remind(meeting)
            Meeting.objects.filter(pk=meeting.pk).update(reminded_at=now)
        self.stdout.write(f"{sent} reminders queued in the outbox.")
