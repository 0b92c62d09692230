import json
import secrets
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.sortition.pools import read_pool, read_quotas
from coproduce.sortition.selection import QuotaError, legacy, maximin


class Command(BaseCommand):
    help = "Select a panel by stratified random selection, reproducible from the seed."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--pool", required=True)
        parser.add_argument("--quotas", required=True)
        parser.add_argument("--size", type=int, required=True)
        parser.add_argument("--seed")
        parser.add_argument("--algorithm", choices=["legacy", "maximin"], default="maximin")
        parser.add_argument("--id-column", default="id")
        parser.add_argument("--household", default="")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            quotas = read_quotas(Path(options["quotas"]).read_text(encoding="utf-8-sig"))
            features = sorted({q.feature for q in quotas})
            household = [c for c in options["household"].split(",") if c]
            pool = read_pool(Path(options["pool"]).read_text(encoding="utf-8-sig"), features,
                             options["id_column"], household)
            seed = options["seed"] or secrets.token_hex(8)
            run = maximin if options["algorithm"] == "maximin" else legacy
            result = run(pool, quotas, options["size"], seed)
        except (OSError, QuotaError) as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json()))
        else:
            self.stdout.write(f"Panel ({result.algorithm}, seed {seed}): "
                              f"{', '.join(result.panel)}")
