import json
from argparse import ArgumentParser
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.commissioning.awards import award_order, plan_awards
from coproduce.commissioning.scoring import METHODS, Ranking, rank
from coproduce.commissioning.sheets import read_sheet
from coproduce.lib.tabular import TableError


def figure(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def as_json(ranking: Ranking, awarded: dict[str, Decimal], budget: Decimal) -> dict[str, Any]:
    return {
        "method": ranking.method,
        "ranking": [{"bid": r.bid, "cost": figure(r.cost), "raw_mean": r.raw_mean,
                     "z_mean": r.z_mean, "scores": r.scores, "conflicts": r.conflicts}
                    for r in ranking.bids],
        "awarded": [r.bid for r in ranking.bids if r.bid in awarded],
        "spent": figure(sum(awarded.values(), Decimal("0"))),
        "budget": figure(budget),
    }


def shown(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


class Command(BaseCommand):
    help = ("Rank an offline panel's scoring sheet (CSV or XLSX: bid, cost, scorer, criterion, "
            "weight, score) and award down the ranking within the budget.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--budget", required=True, type=Decimal, metavar="AMOUNT")
        parser.add_argument("--method", choices=METHODS, default="z")
        parser.add_argument("--min-scores", type=int, default=1)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if not options["budget"].is_finite() or options["budget"] < 0:
            raise CommandError("The budget must be a number of pounds, 0 or more.")
        try:
            with path.open("rb") as stream:
                sheet = read_sheet(stream, path.name)
        except TableError as error:
            raise CommandError(str(error)) from error
        if sheet.errors:
            for problem in sheet.errors:
                self.stderr.write(f"row {problem.row}: {problem.field}: {problem.message}")
            raise CommandError(f"{len(sheet.errors)} problems in the sheet; nothing ranked.")
        ranking = rank(sheet.marks, sheet.costs, sheet.conflicts, method=options["method"],
                       min_scores=options["min_scores"])
        plan = plan_awards(award_order(ranking.bids), options["budget"])
        if options["json"]:
            self.stdout.write(json.dumps(as_json(ranking, plan.amounts, options["budget"]),
                                         indent=2))
            return
        for result in ranking.bids:
            conflicts = f"  conflicts: {', '.join(result.conflicts)}" if result.conflicts else ""
            self.stdout.write(f"{result.position}. {result.bid}  cost {result.cost}  "
                              f"raw {shown(result.raw_mean)}  z {shown(result.z_mean)}"
                              + conflicts)
        for line in [*ranking.explanation, *plan.steps]:
            self.stdout.write(line)
