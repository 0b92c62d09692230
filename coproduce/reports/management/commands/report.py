import datetime
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.organisations.models import Organisation
from coproduce.reports.builder import (
    PeriodError,
    build,
    default_period,
    fund_named,
    project_named,
)
from coproduce.reports.formats import FORMATS, write


def day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date: write it as YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = ("Write the report for trustees and funders, built from the record, for a period "
            "(the last twelve months unless given) and optionally one project.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--from", dest="start", metavar="DATE")
        parser.add_argument("--to", dest="end", metavar="DATE")
        parser.add_argument("--project", metavar="ID_OR_TITLE")
        parser.add_argument("--fund", metavar="ID_OR_NAME",
                            help="one grant fund: its project's report with only its grants")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--language", default="en", choices=["en", "cy"])
        parser.add_argument("--out", type=Path, metavar="FILE",
                            help="where to write it (standard output when not given)")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        start, end = default_period()
        if options["end"]:
            end = day(options["end"])
            start = end.replace(year=end.year - 1) + datetime.timedelta(days=1)
        if options["start"]:
            start = day(options["start"])
        project = None
        if options["project"]:
            project = project_named(organisation, options["project"])
            if project is None:
                raise CommandError(f"{organisation.name} has no project {options['project']!r}.")
        fund = None
        if options["fund"]:
            fund = fund_named(organisation, options["fund"])
            if fund is None:
                raise CommandError(f"{organisation.name} has no fund {options['fund']!r}.")
        try:
            report = build(organisation, start, end, project, options["language"], fund)
        except PeriodError as error:
            raise CommandError(str(error)) from error
        data = write(report, options["format"])
        if options["out"]:
            options["out"].write_bytes(data)
            self.stderr.write(f"Wrote {options['out']} ({len(data)} bytes).")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
