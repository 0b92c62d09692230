"""Benchmark budget votes and panel selection at realistic sizes, and print the figures.

    .venv/bin/python bench/budgets.py [--projects 60] [--ballots 10000] [--voters 3000]
                                      [--at-once 50] [--pool 150] [--panel 22]

1. Counting: a vote of 60 projects and 10,000 approval ballots, by the Method of Equal Shares
   with completion (and greedy, for comparison).
2. Voting through the web: 3,000 voters with voter codes, 50 at a time (threads, each with its
   own database connection), each entering their code and casting a ballot; then the ballots
   and used codes are counted in the database (nothing lost, nothing doubled).
3. Selection: a panel of 22 from a pool of 150 with five features, by maximin.

Nothing here asserts a time.
"""

import argparse
import random
import time
from concurrent.futures import ThreadPoolExecutor

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from coproduce.budgets.counting import count  # noqa: E402
from coproduce.budgets.models import Ballot, Process, Proposal, Stage, VoterCode  # noqa: E402
from coproduce.budgets.pabulib import read  # noqa: E402
from coproduce.organisations.models import Organisation  # noqa: E402
from coproduce.sortition.selection import Pool, Quota, maximin  # noqa: E402


def election(projects: int, ballots: int) -> str:
    rng = random.Random(1)
    costs = [rng.choice([5, 10, 20, 40, 80, 150]) * 1000 for _ in range(projects)]
    appeal = [rng.random() ** 2 for _ in range(projects)]
    lines = ["META", "key;value", "description;bench", "country;UK", "unit;bench",
             "instance;1", f"budget;{sum(costs) // 4}", "vote_type;approval", "rule;greedy",
             "PROJECTS", "project_id;cost"] + [f"p{i};{c}" for i, c in enumerate(costs)]
    lines += ["VOTES", "voter_id;vote"]
    for v in range(ballots):
        chosen = [f"p{i}" for i in range(projects) if rng.random() < appeal[i] * 0.3]
        lines.append(f"{v};{','.join(chosen or ['p0'])}")
    return "\n".join(lines) + "\n"


def bench_count(projects: int, ballots: int) -> None:
    e = read(election(projects, ballots))
    for rule in ("greedy", "mes-add1"):
        started = time.perf_counter()
        result = count(e.instance, e.profile, rule)
        print(f"count {rule}: {projects} projects, {ballots:,} ballots in "
              f"{time.perf_counter() - started:.1f} s; {len(result.selected)} funded, "
              f"cost {result.cost:,} of {result.budget:,}")


def bench_voting(voters: int, at_once: int) -> None:
    org, _ = Organisation.found(f"bench-{int(time.time())}", "Benchmark Homes")
    process = Process.objects.create(organisation=org, title="Bench vote", description="x",
                                     budget=100000, max_choices=3, stage=Stage.VOTING)
    ids = [Proposal.objects.create(process=process, title=f"P{i}", description="x",
                                   cost=10000, status="feasible").pk for i in range(8)]
    VoterCode.objects.bulk_create([VoterCode(process=process) for _ in range(voters)])
    codes = list(process.codes.values_list("code", flat=True))
    base = f"/o/{org.slug}/budgets/{process.pk}"
    failures: list[str] = []

    def vote(code: str) -> None:
        client, rng = Client(), random.Random(code)
        client.post(f"{base}/vote/", {"code": code})
        response = client.post(f"{base}/ballot/", {"chosen": rng.sample(ids, 2)})
        if response.status_code != 302:
            failures.append(code)
        connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        list(pool.map(vote, codes))
    elapsed = time.perf_counter() - started
    ballots = Ballot.objects.filter(process=process).count()
    used = VoterCode.objects.filter(process=process, used_at__isnull=False).count()
    print(f"web voting: {voters:,} voters, {at_once} at a time, in {elapsed:.1f} s "
          f"({voters / elapsed:,.0f} voters/s); ballots in the database {ballots:,}, codes used "
          f"{used:,}, refused {len(failures)}; lost {voters - ballots - len(failures)}, "
          f"doubled {max(ballots - voters, 0)}")


def bench_panel(size: int, panel: int) -> None:
    rng = random.Random(3)
    values = {"gender": ["F", "M"], "age": ["16-29", "30-44", "45-64", "65+"],
              "area": ["north", "east", "south", "west"], "tenure": ["rent", "own"],
              "disability": ["yes", "no"]}
    weights = {"disability": [0.2, 0.8], "tenure": [0.7, 0.3]}
    features = {str(i): {f: rng.choices(v, weights.get(f))[0] for f, v in values.items()}
                for i in range(size)}
    pool = Pool(list(features), features, {})
    quotas = [Quota("gender", "F", 10, 12), Quota("gender", "M", 10, 12)]
    quotas += [Quota("age", a, 4, 7) for a in values["age"]]
    quotas += [Quota("area", a, 4, 7) for a in values["area"]]
    quotas += [Quota("tenure", "rent", 13, 17), Quota("tenure", "own", 5, 9),
               Quota("disability", "yes", 4, 6), Quota("disability", "no", 16, 18)]
    started = time.perf_counter()
    result = maximin(pool, quotas, panel, "bench")
    print(f"maximin: panel of {panel} from {size} in {time.perf_counter() - started:.1f} s; "
          f"{len(result.portfolio)} panels in the portfolio; lowest chance "
          f"{result.lowest_probability:.3f} (an equal chance would be {panel / size:.3f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--ballots", type=int, default=10000)
    parser.add_argument("--voters", type=int, default=3000)
    parser.add_argument("--at-once", type=int, default=50)
    parser.add_argument("--pool", type=int, default=150)
    parser.add_argument("--panel", type=int, default=22)
    args = parser.parse_args()
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    call_command("migrate", verbosity=0)
    print(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    bench_count(args.projects, args.ballots)
    bench_panel(args.pool, args.panel)
    bench_voting(args.voters, args.at_once)


if __name__ == "__main__":
    main()
