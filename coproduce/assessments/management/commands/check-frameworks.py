from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.assessments.frameworks import FRAMEWORK_FOLDER, SURVEY_FOLDER, check_file


class Command(BaseCommand):
    help = "Check framework and survey files against the schema, naming the file and line."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path,
                            help="Files to check (default: every shipped framework and survey).")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = options["paths"] or sorted(FRAMEWORK_FOLDER.glob("*.json")) + sorted(
            SURVEY_FOLDER.glob("*.json"))
        errors = [error for path in paths for error in check_file(path)]
        for error in errors:
            self.stderr.write(str(error))
        if errors:
            raise CommandError(f"{len(errors)} problem(s) found.")
        self.stdout.write(f"{len(paths)} file(s) are well formed.")
