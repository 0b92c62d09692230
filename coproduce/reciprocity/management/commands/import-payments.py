from pathlib import Path
from typing import Any, BinaryIO

from coproduce.imports.command import ImportCommand
from coproduce.lib.tabular import ImportReport, read_rows
from coproduce.organisations.models import Organisation
from coproduce.reciprocity.imports import import_payments


class Command(ImportCommand):
    help = ("Import expenses and recognition payments from a CSV or XLSX file; rows already "
            "imported (by external_id) are skipped.")

    def import_file(self, organisation: Organisation, stream: BinaryIO, path: Path,
                    options: dict[str, Any]) -> ImportReport:
        return import_payments(organisation, read_rows(stream, path.name))
