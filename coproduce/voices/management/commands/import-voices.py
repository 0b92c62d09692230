from argparse import ArgumentParser
from pathlib import Path
from typing import Any, BinaryIO

from django.core.management.base import CommandError

from coproduce.imports.command import ImportCommand
from coproduce.lib.tabular import ImportReport, header_key, open_table
from coproduce.organisations.models import Organisation
from coproduce.voices.imports import FIELDS, check_mapping, guess_mapping, import_voices


class Command(ImportCommand):
    help = ("Import voices from a CSV or XLSX file. Columns named " + ", ".join(FIELDS)
            + " (or as people usually name them: when, what they said, who…) map themselves;"
            " map others with --map column=field.")
    dry_run = True

    def add_options(self, parser: ArgumentParser) -> None:
        parser.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                            help="Read the file's COLUMN as FIELD (repeatable).")
        parser.add_argument("--no-new-people", action="store_true",
                            help="Refuse rows naming someone not in People, instead of "
                                 "adding them.")

    def import_file(self, organisation: Organisation, stream: BinaryIO, path: Path,
                    options: dict[str, Any]) -> ImportReport:
        given = {}
        for pair in options["map"]:
            column, _sep, name = pair.partition("=")
            if not column or name not in FIELDS:
                raise CommandError(f"--map {pair!r}: use COLUMN=FIELD with FIELD one of "
                                   + ", ".join(FIELDS))
            given[header_key(column)] = name
        table = open_table(stream, path.name)
        guessed = guess_mapping([c for c in table.columns if c not in given])
        mapping = {**{c: f for c, f in guessed.items() if f not in given.values()}, **given}
        if problems := check_mapping(mapping):
            raise CommandError(" ".join(problems) + " Nothing was imported.")
        return import_voices(organisation, table.rows, mapping=mapping,
                             add_people=not options["no_new_people"],
                             dry_run=options["dry_run"], columns=table.columns)
