import os
from argparse import ArgumentParser
from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coproduce.lib.keys import key_file, reencrypt_everything, write_key_file


class Command(BaseCommand):
    help = ("Re-encrypt all special-category data under a new key. With the key kept in var/, "
            "a new key is made and written there. With COPRODUCE_ENCRYPTION_KEY set, put the "
            "new key first (new,old), run this, then remove the old key.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count what would be re-encrypted.")

    def handle(self, *args: Any, **options: Any) -> None:
        old = list(settings.ENCRYPTION_KEYS)
        from_environment = bool(os.environ.get("COPRODUCE_ENCRYPTION_KEY")
                                or os.environ.get("COPRODUCE_ENCRYPTION_KEY_FILE"))
        if options["dry_run"]:
            self.stdout.write(f"Would re-encrypt {reencrypt_everything(dry_run=True)} rows.")
            return
        if from_environment:
            if len(old) < 2:
                raise CommandError("COPRODUCE_ENCRYPTION_KEY holds one key: put a new key first "
                                   "(COPRODUCE_ENCRYPTION_KEY=new,old) and run this again.")
            count = reencrypt_everything()
            self.stdout.write(f"Re-encrypted {count} rows under the first key. Now set "
                              "COPRODUCE_ENCRYPTION_KEY to that key alone.")
            return
        path = key_file()
        new = Fernet.generate_key().decode()
        # The new key is saved beside the old one before any row changes, so that a crash at
        # any point leaves every row readable.
        write_key_file(path, [new, *old])
        settings.ENCRYPTION_KEYS = [new, *old]
        try:
            count = reencrypt_everything()
        except Exception as error:
            raise CommandError(f"Re-encryption failed; {path} holds the new and old keys, so "
                               f"everything can still be read. Run this again. ({error})"
                               ) from error
        write_key_file(path, [new])
        settings.ENCRYPTION_KEYS = [new]
        self.stdout.write(f"Re-encrypted {count} rows under a new key, written to {path}. "
                          "Back it up now: older backups need the old key.")
