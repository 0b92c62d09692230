from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email, validate_slug

from coproduce.organisations.models import Organisation, Role


class Command(BaseCommand):
    help = "Create an empty organisation, optionally with its first administrator."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--slug", required=True, help="Short name used in web addresses.")
        parser.add_argument("--name", required=True)
        parser.add_argument("--name-cy", default="", help="Welsh name.")
        parser.add_argument("--admin", metavar="EMAIL", help="Email of the first administrator.")

    def handle(self, *args: Any, **options: Any) -> None:
        slug, name, admin = options["slug"], options["name"].strip(), options["admin"]
        try:
            validate_slug(slug)
            if admin:
                validate_email(admin)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if not name or len(name) > 200 or len(slug) > 60:
            raise CommandError("The name must be 1 to 200 characters and the slug at most 60.")
        organisation, created = Organisation.found(slug, name, options["name_cy"])
        if created:
            self.stdout.write(f"Created organisation {organisation.name} at /o/{slug}/")
        else:
            self.stdout.write(f"Organisation {organisation.name} already exists at /o/{slug}/")
        if admin:
            _membership, new_user = organisation.add_member(admin, Role.ADMIN)
            self.stdout.write(f"{admin} is an administrator.")
            if new_user:
                self.stdout.write("They can choose a password with “Forgotten your password?” "
                                  "on the sign-in page.")
