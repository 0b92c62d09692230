from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.organisations.backups import BackupError, restore
from coproduce.people.checks import key_problem


class Command(BaseCommand):
    help = ("Load a backup made by `coproduce backup` into an empty database, then check that "
            "the configured encryption key can read it.")
    requires_system_checks: list[str] = []  # the database is empty until this has run

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restore(options["file"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        problem = key_problem()
        if problem:
            raise CommandError(f"The backup was restored, but: {problem}")
        self.stdout.write(f"Restored {options['file']}; the encryption key reads its data.")
