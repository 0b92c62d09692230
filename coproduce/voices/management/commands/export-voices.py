from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.audit.models import Action, record
from coproduce.organisations.models import Organisation
from coproduce.voices.exports import csv_lines, json_lines
from coproduce.voices.models import Voice


class Command(BaseCommand):
    help = "Write an organisation's voices to standard output as CSV (formula-safe) or JSON."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        record(Action.EXPORT, organisation=organisation,
               target=f"voices.{options['format']} (command line)")
        voices = Voice.objects.filter(organisation=organisation)
        lines = json_lines(voices) if options["format"] == "json" else csv_lines(voices)
        for line in lines:
            self.stdout.write(line, ending="")
