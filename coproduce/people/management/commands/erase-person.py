from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.organisations.models import Organisation
from coproduce.people.rights import ErasureRefused, erase_person, find_person


class Command(BaseCommand):
    help = ("Erase one person and everything that identifies them. Their voices are deleted "
            "or kept anonymised: say which each time. The audit log keeps that it was done.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--person", required=True, metavar="EMAIL_OR_ID")
        choice = parser.add_mutually_exclusive_group(required=True)
        choice.add_argument("--delete-voices", action="store_true")
        choice.add_argument("--keep-anonymised-voices", action="store_true")
        parser.add_argument("--yes", action="store_true",
                            help="Confirm: erasure cannot be undone.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        person = find_person(organisation, options["person"])
        if person is None:
            raise CommandError(f"No single person {options['person']!r} in {organisation.slug} "
                               "(give their id if two people share the address).")
        if not options["yes"]:
            raise CommandError("Erasure cannot be undone: add --yes to go ahead.")
        try:
            counts = erase_person(person, delete_voices=options["delete_voices"])
        except ErasureRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Erased person {options['person']} from {organisation.slug}.")
        for key, value in counts.items():
            if value:
                self.stdout.write(f"  {key}: {value}")
