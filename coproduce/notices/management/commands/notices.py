"""`coproduce notices --org SLUG --pending [--json]`: what is still to send, print or call."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.notices import outbox
from coproduce.organisations.models import Organisation


class Command(BaseCommand):
    help = "List the notices still to be sent, printed or called, per outcome or meeting."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="the organisation's short name")
        parser.add_argument("--pending", action="store_true",
                            help="list what is still to be sent, printed or called")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation is called {options['org']!r}.")
        rows = outbox.pending(organisation)
        owed = outbox.owed(organisation)
        if options["json"]:
            self.stdout.write(json.dumps({"organisation": organisation.slug, "pending": rows,
                                          "failed": owed["failed"],
                                          "unreachable": owed["unreachable"]}, indent=2))
            return
        if not rows:
            self.stdout.write("Nothing is waiting to be sent, printed or called.")
        for row in rows:
            self.stdout.write(f"{row['reference'] or '(no reference)'} [{row['purpose']}]: "
                              f"{row['queued']} emails queued, {row['to_print']} letters to "
                              f"print, {row['to_call']} calls to make")
        self.stdout.write(f"Failed emails: {owed['failed']}; "
                          f"people who cannot be contacted: {owed['unreachable']}")
