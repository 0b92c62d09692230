import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.audit.models import Action, record
from coproduce.commissioning.giving360 import NotPublishable, awards_of, package, problems
from coproduce.commissioning.models import Fund
from coproduce.organisations.models import Organisation


class Command(BaseCommand):
    help = "Write an organisation's awarded grants as a 360Giving 1.4 JSON data package."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--fund", type=int, metavar="ID")
        parser.add_argument("--out", required=True, type=Path, metavar="FILE.json")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        funds = Fund.objects.filter(organisation=organisation)
        if options["fund"] is not None:
            funds = funds.filter(pk=options["fund"])
            if not funds.exists():
                raise CommandError(f"No fund {options['fund']} in {organisation.slug}.")
        awards = list(awards_of(funds))
        if not awards:
            raise CommandError("No grants have been awarded yet: nothing to export.")
        try:
            data = package(awards)
        except NotPublishable as error:
            raise CommandError(str(error)) from error
        if errors := problems(data):
            raise CommandError("The export does not match the 360Giving schema:\n"
                               + "\n".join(errors))
        options["out"].write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
        record(Action.EXPORT, organisation=organisation,
               target=f"360Giving ({len(awards)} grants, command line)")
        self.stdout.write(f"{len(awards)} grants written to {options['out']}.")
