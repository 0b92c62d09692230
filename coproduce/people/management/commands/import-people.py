from pathlib import Path
from typing import Any, BinaryIO

from coproduce.imports.command import ImportCommand
from coproduce.lib.tabular import ImportReport, read_rows
from coproduce.organisations.models import Organisation
from coproduce.people.imports import import_people


class Command(ImportCommand):
    help = "Import people from a CSV or XLSX file; bad rows are reported, good rows go in."
    dry_run = True

    def import_file(self, organisation: Organisation, stream: BinaryIO, path: Path,
                    options: dict[str, Any]) -> ImportReport:
        return import_people(organisation, read_rows(stream, path.name),
                             dry_run=options["dry_run"])
