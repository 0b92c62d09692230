from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.audit.models import Action, record
from coproduce.community.assets import import_assets
from coproduce.lib.tabular import TableError, read_rows
from coproduce.organisations.models import Organisation


class Command(BaseCommand):
    help = ("Import the community's assets from a CSV or XLSX file (the columns of "
            "export-assets); bad rows are reported, good rows go in.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and report, without importing.")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as stream:
                report = import_assets(organisation, read_rows(stream, path.name),
                                       dry_run=options["dry_run"])
        except TableError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        if not options["dry_run"]:
            record(Action.IMPORT, organisation=organisation, target=path.name,
                   created=report.created, errors=len(report.errors))
        for line in report.summary_lines():
            self.stdout.write(line)
        for line in report.error_lines():
            self.stderr.write(line)
        if report.errors:
            raise SystemExit(1)
