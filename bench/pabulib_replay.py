"""Replay real Pabulib elections and compare the winners, and print the figures.

    .venv/bin/python bench/pabulib_replay.py DIR_OR_FILES... [--mes]

Give it .pb files from the public Pabulib data (pabulib.org, or the pabulib/pabulib_files
repository); they are not shipped here, as the data carries no licence statement of its own.
For each file it counts the ballots alone with the product's own code (the rule named in the
file's META) and compares the winners with:

- the official winners (the file's `selected` column), and
- pabutools' own outcome for the same rule, run directly with pabutools' usual settings
  (cost satisfaction for approval, cumulative points or Borda points otherwise).

With --mes it also counts each file by the Method of Equal Shares with completion, ours
against pabutools' own, and prints the time. Nothing here asserts anything.
"""

import argparse
import time
from collections import Counter
from pathlib import Path
from typing import Any

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from pabutools.election import (  # noqa: E402
    AbstractApprovalProfile,
    AbstractCardinalProfile,
    Additive_Borda_Sat,
    Additive_Cardinal_Sat,
    Cost_Sat,
)
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares  # noqa: E402

from coproduce.budgets.counting import count  # noqa: E402
from coproduce.budgets.pabulib import read  # noqa: E402
from coproduce.budgets.voting import RULE_OF_FILE  # noqa: E402


def files_of(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found += sorted(path.glob("*.pb")) if path.is_dir() else [path]
    return found


def pabutools_own(election: Any, rule: str) -> list[str]:
    """The outcome pabutools gives for the rule with its usual satisfaction functions."""
    profile = election.profile
    if isinstance(profile, AbstractApprovalProfile):
        sat_class: Any = Cost_Sat  # greedy by approvals (Pabulib's greedy); MES by cost
    elif isinstance(profile, AbstractCardinalProfile):
        sat_class = Additive_Cardinal_Sat  # the points given to the project
    else:
        sat_class = Additive_Borda_Sat
    sat = profile.as_sat_profile(sat_class=sat_class)
    if rule.startswith("mes"):
        outcome = method_of_equal_shares(election.instance, profile, sat_profile=sat,
                                         voter_budget_increment=1)
    else:
        outcome = greedy_utilitarian_welfare(election.instance, profile, sat_profile=sat,
                                             is_sat_additive=True)
    return sorted(p.name for p in outcome)


def replay(path: Path, with_mes: bool) -> dict[str, Any]:
    election = read(path.read_bytes())
    meta = election.meta
    rule = RULE_OF_FILE.get(meta.get("rule", ""), "greedy")
    threshold = int(float(meta.get("min_project_score_threshold") or 0))
    started = time.perf_counter()
    ours = count(election.instance, election.profile, rule, min_support=threshold)
    seconds = time.perf_counter() - started
    has_winners = any("selected" in p for p in election.projects)
    official = {p["project_id"] for p in election.projects if p.get("selected") == "1"}
    published = {p["project_id"]: p.get("score") or p.get("votes") for p in election.projects}
    row = {"file": path.name, "type": meta.get("vote_type", "approval"), "rule": rule,
           "voters": len(election.votes), "projects": len(election.projects),
           "official": set(ours.selected) == official if has_winners else None,
           "scores": all(not value or float(value) == ours.scores[pid]
                         for pid, value in published.items()),
           "pabutools": set(ours.selected) == set(pabutools_own(election, rule)),
           "seconds": seconds}
    if with_mes:
        started = time.perf_counter()
        mes = count(election.instance, election.profile, "mes-add1")
        row["mes_seconds"] = time.perf_counter() - started
        row["mes_pabutools"] = set(mes.selected) == set(pabutools_own(election, "mes-add1"))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--mes", action="store_true")
    options = parser.parse_args()
    rows = []
    for path in files_of(options.paths):
        row = replay(path, options.mes)
        rows.append(row)
        mes = (f"  MES+add1 {'=' if row['mes_pabutools'] else '≠'} pabutools "
               f"({row['mes_seconds']:.2f} s)") if options.mes else ""
        print(f"{row['file'][:60]:60} {row['type']:10} {row['rule']:8} "
              f"{row['voters']:6} voters {row['projects']:3} projects  "
              f"official {({True: 'yes', False: 'NO ', None: '-  '})[row['official']]}  "
              f"scores {'same' if row['scores'] else 'DIFFER'}  "
              f"pabutools {'same' if row['pabutools'] else 'differs'}  "
              f"{row['seconds']:.2f} s{mes}", flush=True)
    print()
    for kind in sorted({row["type"] for row in rows}):
        of_kind = [row for row in rows if row["type"] == kind]
        told = Counter(row["official"] for row in of_kind)
        same = Counter(row["pabutools"] for row in of_kind)[True]
        scores = Counter(row["scores"] for row in of_kind)[True]
        print(f"{kind}: {len(of_kind)} elections, {sum(r['voters'] for r in of_kind):,} "
              f"ballots; official winners reproduced in {told[True]} of "
              f"{told[True] + told[False]} files that publish them; published scores "
              f"reproduced in {scores}; pabutools' own outcome for the rule the same in {same}")
        if options.mes:
            print(f"  MES with completion the same as pabutools' own in "
                  f"{sum(1 for row in of_kind if row['mes_pabutools'])} of {len(of_kind)}")


if __name__ == "__main__":
    main()
