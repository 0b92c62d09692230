from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.audit.models import Action, record
from coproduce.organisations.models import Organisation
from coproduce.people.exports import csv_lines


class Command(BaseCommand):
    help = "Write an organisation's active people to standard output as formula-safe CSV."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        record(Action.EXPORT, organisation=organisation, target="people.csv (command line)")
        for line in csv_lines(organisation):
            self.stdout.write(line, ending="")
