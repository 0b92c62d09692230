from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coproduce.organisations.models import Organisation
from coproduce.people.rights import ErasureRefused, erase_person, inactive_people, last_active


class Command(BaseCommand):
    help = ("Apply each organisation's retention rule (Settings: erase people inactive for N "
            "years), keeping their voices anonymised. Safe to run from cron; --dry-run only "
            "reports who would be erased.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", metavar="SLUG", help="Only this organisation.")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = Organisation.objects.filter(retention_years__isnull=False)
        if options["org"]:
            organisations = organisations.filter(slug=options["org"])
            if not organisations.exists():
                raise CommandError(f"{options['org']!r} is not an organisation with a "
                                   "retention rule (set one on its Settings page).")
        today = timezone.localdate()
        for organisation in organisations:
            years = organisation.retention_years or 0
            people = inactive_people(organisation, years, today)
            verb = "would erase" if options["dry_run"] else "erased"
            for person in people:
                seen = last_active(person)
                if not options["dry_run"]:
                    try:
                        erase_person(person, delete_voices=False)
                    except ErasureRefused:
                        continue
                self.stdout.write(f"{organisation.slug}: {verb} person {person.pk} "
                                  f"(last active {seen:%Y-%m-%d})")
            self.stdout.write(f"{organisation.slug}: {len(people)} people inactive for "
                              f"{years} years or more.")
