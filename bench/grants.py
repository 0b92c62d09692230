"""Benchmark grant panels at a realistic size and print the figures.

    .venv/bin/python bench/grants.py [--bids 120] [--scorers 9] [--requests 20]

Builds a throwaway organisation with a scored round (SQLite in a temporary folder, or the
database named by DATABASE_URL) and reports the time to rank it, the server time of the
ranking, award and public results pages (median and p95) with their query counts, the
360Giving export with its schema check, and `rank-bids` on an offline sheet of 1,000 bids.
Nothing here asserts a time.
"""

import argparse
import io
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from timing import timed  # noqa: E402

from coproduce.commissioning.awards import (  # noqa: E402
    award_order,
    award_round,
    plan_awards,
    round_ranking,
)
from coproduce.commissioning.giving360 import package, problems  # noqa: E402
from coproduce.commissioning.grants import (  # noqa: E402
    CriterionDraft,
    agree_criteria,
    propose_criteria,
)
from coproduce.commissioning.models import (  # noqa: E402
    EASY_READ_SCALE,
    Award,
    Bid,
    Declaration,
    Fund,
    Panellist,
    Round,
    RoundStatus,
    Score,
    ScoreSheet,
)
from coproduce.organisations.models import Organisation, Role  # noqa: E402
from coproduce.people.models import Person  # noqa: E402
from coproduce.projects.models import Project  # noqa: E402

CRITERIA = [CriterionDraft(f"Criterion {n}", w, "Clear") for n, w in
            enumerate([30, 25, 20, 15, 10], start=1)]


def scored_round(org: Organisation, bids: int, scorers: int) -> Round:
    """A round scored in bulk (the per-sheet path is timed by the tests, not here)."""
    rng = random.Random(1)
    project = Project.objects.create(organisation=org, title="Fund", purpose="Grants")
    fund = Fund.objects.create(organisation=org, project=project, title="Community fund",
                               purpose="Grants", who_may_apply="Groups",
                               total_budget=Decimal("500000"), min_grant=Decimal("100"),
                               max_grant=Decimal("10000"), identifier_prefix="360G-bench")
    round = Round.objects.create(organisation=org, fund=fund, title="Bench round",
                                 budget=Decimal("150000"), opens_on="2026-01-01",
                                 closes_on="2026-02-01")
    scale = [[str(en), cy] for en, cy in EASY_READ_SCALE]
    agree_criteria(propose_criteria(round, CRITERIA, scale, "Panel", None), None, "vote")
    Bid.objects.bulk_create([Bid(
        organisation=org, round=round, reference=f"B{n:04d}", title=f"Project {n}",
        summary="A project", amount=Decimal(rng.randrange(500, 9000, 100)),
        group_name=f"Group {n}", contact_name="Jo", email="jo@mail.example",
        status="submitted") for n in range(bids)])
    people = Person.objects.bulk_create([Person(organisation=org, name=f"Scorer {n}")
                                         for n in range(scorers)])
    panel = Panellist.objects.bulk_create([Panellist(round=round, person=p) for p in people])
    all_bids = list(round.bids.all())
    criteria = list(round.agreed_criteria.criteria.all())  # type: ignore[union-attr]
    declarations, sheets = [], []
    for panellist in panel:
        for bid in all_bids:
            conflict = rng.random() < 0.03
            declarations.append(Declaration(panellist=panellist, bid=bid,
                                            kind="conflict" if conflict else "none"))
            if not conflict:
                sheets.append(ScoreSheet(panellist=panellist, bid=bid))
    Declaration.objects.bulk_create(declarations)
    ScoreSheet.objects.bulk_create(sheets)
    Score.objects.bulk_create([Score(sheet=sheet, criterion=c, score=rng.randint(1, 5))
                               for sheet in ScoreSheet.objects.filter(bid__round=round)
                               for c in criteria])
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.MODERATION)
    round.refresh_from_db()
    return round


def offline_sheet(bids: int, scorers: int) -> bytes:
    rng = random.Random(2)
    lines = ["bid,cost,scorer,criterion,weight,score"]
    for n in range(bids):
        cost = rng.randrange(500, 9000, 100)
        for s in range(scorers):
            if rng.random() < 0.03:
                lines.append(f"B{n},{cost},S{s},,,conflict")
                continue
            lines += [f"B{n},{cost},S{s},{c.name},{c.weight},{rng.randint(1, 5)}"
                      for c in CRITERIA]
    return ("\n".join(lines) + "\n").encode()


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bids", type=int, default=120)
    parser.add_argument("--scorers", type=int, default=9)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    engine = connection.vendor
    org, _ = Organisation.found(f"bench-{int(time.time())}", "Benchmark Homes")
    membership, _ = org.add_member(f"coordinator@{org.slug}.example", Role.COORDINATOR)
    print(f"Database: {engine}; bids: {args.bids}; scorers: {args.scorers}; "
          f"{len(CRITERIA)} criteria; requests per page: {args.requests}")
    started = time.perf_counter()
    round = scored_round(org, args.bids, args.scorers)
    print(f"built the scored round ({Score.objects.filter(sheet__bid__round=round).count():,} "
          f"scores) in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    for _ in range(10):
        _rules, order = round_ranking(round)
    print(f"rank the round from the database: {(time.perf_counter() - started) * 100:.0f} ms")

    client = Client()
    client.force_login(membership.user)
    base = f"/o/{org.slug}/funds/rounds/{round.pk}"
    for label, url in [("ranking page", f"{base}/ranking/"), ("award page", f"{base}/award/"),
                       ("round page", f"{base}/")]:
        median, p95 = timed(client, url, args.requests)
        print(f"{label:<24} median {median:6.1f} ms   p95 {p95:6.1f} ms   "
              f"{queries(client, url)} queries")
    plan = plan_awards(award_order(order), round.budget)
    award_round(round, plan.amounts, None, "participant", "vote")
    for label, url in [("public results page", f"{base}/results/"),
                       ("360Giving CSV", f"{base}/360giving.csv")]:
        median, p95 = timed(client, url, args.requests)
        print(f"{label:<24} median {median:6.1f} ms   p95 {p95:6.1f} ms   "
              f"{queries(client, url)} queries")
    started = time.perf_counter()
    data = package(Award.objects.filter(bid__round=round).select_related(
        "bid__round__fund__organisation"))
    errors = problems(data)
    print(f"360Giving JSON for {len(data['grants'])} grants, schema-checked "
          f"({len(errors)} problems): {(time.perf_counter() - started) * 1000:.0f} ms")

    sheet = Path(tempfile.mkdtemp()) / "sheet.csv"
    sheet.write_bytes(offline_sheet(1000, args.scorers))
    started = time.perf_counter()
    call_command("rank-bids", str(sheet), "--budget", "500000", "--json", stdout=io.StringIO())
    print(f"rank-bids on 1,000 bids ({sheet.stat().st_size / 1e6:.1f} MB CSV): "
          f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
