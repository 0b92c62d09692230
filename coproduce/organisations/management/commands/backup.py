from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.organisations.backups import BackupError, back_up


class Command(BaseCommand):
    help = ("Write a consistent copy of the whole database to FILE (readable by its owner "
            "only). Special-category data stays encrypted: keep the encryption key apart.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--out", required=True, metavar="FILE", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            back_up(options["out"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {options['out']}. Keep the encryption key "
                          "(COPRODUCE_ENCRYPTION_KEY or var/coproduce_encryption_key) safe and "
                          "apart from it: without the key the backup's special-category data "
                          "cannot be read.")
