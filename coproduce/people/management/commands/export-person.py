import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coproduce.audit.models import Action, record
from coproduce.organisations.models import Organisation
from coproduce.people.printing import export_pdf
from coproduce.people.rights import export_person, find_person, sections


class Command(BaseCommand):
    help = ("Write everything held about one person (a subject access request) to standard "
            "output, as JSON or as a readable PDF. Special-category data is included.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--person", required=True, metavar="EMAIL_OR_ID")
        parser.add_argument("--format", choices=["json", "pdf"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        person = find_person(organisation, options["person"])
        if person is None:
            raise CommandError(f"No single person {options['person']!r} in {organisation.slug} "
                               "(give their id if two people share the address).")
        data = export_person(person, sensitive=True)
        record(Action.PERSON_EXPORTED, organisation=organisation, target=f"person {person.pk}",
               through="command line", format=options["format"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        pdf = export_pdf(None, {"person": person, "sections": sections(data),
                                "exported_at": timezone.now()})
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
