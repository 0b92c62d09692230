"""The one shape of an import command: one file, one organisation, a report per row.

`coproduce import-people --org SLUG FILE` and its siblings differ only in what they do with
the rows; the rest is here: finding the organisation and the file, refusing an unreadable
table with nothing imported, the audit record, the summary on stdout, every refused row on
stderr, and exit status 1 when any row was refused.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError

from coproduce.audit.models import Action, record
from coproduce.lib.tabular import ImportReport, TableError
from coproduce.organisations.models import Organisation


class ImportCommand(BaseCommand):
    dry_run = False  # offer --dry-run (check the file and report, change nothing)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")
        if self.dry_run:
            parser.add_argument("--dry-run", action="store_true",
                                help="Check the file and say what would happen; change "
                                     "nothing.")
        self.add_options(parser)
        parser.add_argument("file", type=Path)

    def add_options(self, parser: ArgumentParser) -> None:
        """Options of this import beyond --org, --dry-run and the file."""

    def import_file(self, organisation: Organisation, stream: BinaryIO, path: Path,
                    options: dict[str, Any]) -> ImportReport:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as stream:
                report = self.import_file(organisation, stream, path, options)
        except TableError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        if not options.get("dry_run"):
            record(Action.IMPORT, organisation=organisation, target=path.name,
                   created=report.created, errors=len(report.errors))
        for line in report.summary_lines():
            self.stdout.write(line)
        for line in report.error_lines():
            self.stderr.write(line)
        if report.errors:
            raise SystemExit(1)
