import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.budgets.counting import RULES, CountError, count
from coproduce.budgets.pabulib import PabulibError, read
from coproduce.budgets.voting import RULE_OF_FILE


class Command(BaseCommand):
    help = "Count a Pabulib .pb file with the standard rules (from its ballots alone)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--rule", choices=RULES)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            election = read(Path(options["file"]).read_bytes())
            rule = options["rule"] or RULE_OF_FILE.get(election.meta.get("rule", ""), "greedy")
            threshold = int(float(election.meta.get("min_project_score_threshold") or 0))
            result = count(election.instance, election.profile, rule, min_support=threshold)
        except (OSError, PabulibError, CountError) as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json()))
        else:
            self.stdout.write(f"{rule}: {', '.join(result.selected)} "
                              f"(cost {result.cost} of {result.budget})")
