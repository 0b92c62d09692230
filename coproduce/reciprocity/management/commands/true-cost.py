import datetime
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from coproduce.organisations.models import Organisation
from coproduce.projects.models import Project
from coproduce.reciprocity.costing import true_cost
from coproduce.reciprocity.money import display, parse_pence


def day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date like 2026-04-01.") from None


class Command(BaseCommand):
    help = "Print the true cost of a project (or all projects) in a period."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--project", metavar="ID_OR_TITLE")
        parser.add_argument("--from", dest="start", type=day, metavar="DATE")
        parser.add_argument("--to", dest="end", type=day, metavar="DATE")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        project = None
        if options["project"]:
            text = options["project"]
            found = Project.objects.filter(organisation=organisation).filter(
                Q(title__iexact=text) | Q(pk=int(text) if text.isdigit() else -1))
            project = found.first()
            if project is None:
                raise CommandError(f"No project {text!r} in {organisation.slug}.")
        figures = true_cost(organisation, project, options["start"], options["end"])
        data = figures.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for key in ["staff_cost", "participant_value", "expenses", "recognition", "overheads",
                    "true_cost", "funded", "gap"]:
            self.stdout.write(f"{key:>18}: {display(parse_pence(data[key]))}")
        for rate in data["rates"]:
            self.stdout.write(f"{'rate':>18}: {rate['name']} £{rate['amount']} from "
                              f"{rate['effective_from']} ({rate['source']}), "
                              f"{rate['minutes']} minutes")
        self.stdout.write(f"{'in-kind share':>18}: {data['in_kind_share']}")
        self.stdout.write(f"{'excluded':>18}: {data['excluded']}")
