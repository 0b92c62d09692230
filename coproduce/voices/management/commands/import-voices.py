from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.audit.models import Action, record
from coproduce.lib.tabular import TableError, header_key, open_table
from coproduce.organisations.models import Organisation
from coproduce.voices.imports import FIELDS, check_mapping, guess_mapping, import_voices


class Command(BaseCommand):
    help = ("Import voices from a CSV or XLSX file. Columns named " + ", ".join(FIELDS)
            + " (or as people usually name them: when, what they said, who…) map themselves;"
            " map others with --map column=field.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                            help="Read the file's COLUMN as FIELD (repeatable).")
        parser.add_argument("--no-new-people", action="store_true",
                            help="Refuse rows naming someone not in People, instead of "
                                 "adding them.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and say what would happen; change nothing.")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        given = {}
        for pair in options["map"]:
            column, _sep, name = pair.partition("=")
            if not column or name not in FIELDS:
                raise CommandError(f"--map {pair!r}: use COLUMN=FIELD with FIELD one of "
                                   + ", ".join(FIELDS))
            given[header_key(column)] = name
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as stream:
                table = open_table(stream, path.name)
                guessed = guess_mapping([c for c in table.columns if c not in given],
                                        )
                mapping = {**{c: f for c, f in guessed.items() if f not in given.values()},
                           **given}
                if problems := check_mapping(mapping):
                    raise CommandError(" ".join(problems) + " Nothing was imported.")
                report = import_voices(organisation, table.rows, mapping=mapping,
                                       add_people=not options["no_new_people"],
                                       dry_run=options["dry_run"], columns=table.columns)
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
