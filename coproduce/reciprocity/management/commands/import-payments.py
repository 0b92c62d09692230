from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.audit.models import Action, record
from coproduce.lib.tabular import TableError, read_rows
from coproduce.organisations.models import Organisation
from coproduce.reciprocity.imports import import_payments


class Command(BaseCommand):
    help = ("Import expenses and recognition payments from a CSV or XLSX file; rows already "
            "imported (by external_id) are skipped.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")
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
                report = import_payments(organisation, read_rows(stream, path.name))
        except TableError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        record(Action.IMPORT, organisation=organisation, target=path.name,
               created=report.created, errors=len(report.errors))
        for line in report.summary_lines():
            self.stdout.write(line)
        for line in report.error_lines():
            self.stderr.write(line)
        if report.errors:
            raise SystemExit(1)
