from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.audit.models import Action, record
from coproduce.community.assets import export_csv
from coproduce.community.models import Asset
from coproduce.organisations.models import Organisation


class Command(BaseCommand):
    help = "Write an organisation's asset register to standard output as formula-safe CSV."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        record(Action.EXPORT, organisation=organisation, target="assets.csv (command line)")
        self.stdout.write(export_csv(Asset.objects.filter(organisation=organisation)),
                          ending="")
