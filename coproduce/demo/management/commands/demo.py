from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from coproduce.demo.build import build, demo_password


class Command(BaseCommand):
    help = "Create the five demo organisations (idempotent) and print their logins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--password", help="Password for every demo login (else generated).")

    def handle(self, *args: Any, password: str | None = None, **options: Any) -> None:
        password = password or demo_password()
        logins = build(password)
        self.stdout.write("Demo logins (all with the same password):")
        for login in logins:
            self.stdout.write(f"  {login.email:<45} {login.role} – {login.organisation}")
        self.stdout.write(f"Password: {password}")
