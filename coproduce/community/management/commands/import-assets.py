from pathlib import Path
from typing import Any, BinaryIO

from coproduce.community.assets import import_assets
from coproduce.imports.command import ImportCommand
from coproduce.lib.tabular import ImportReport, read_rows
from coproduce.organisations.models import Organisation


class Command(ImportCommand):
    help = ("Import the community's assets from a CSV or XLSX file (the columns of "
            "export-assets); bad rows are reported, good rows go in.")
    dry_run = True

    def import_file(self, organisation: Organisation, stream: BinaryIO, path: Path,
                    options: dict[str, Any]) -> ImportReport:
        return import_assets(organisation, read_rows(stream, path.name),
                             dry_run=options["dry_run"])
