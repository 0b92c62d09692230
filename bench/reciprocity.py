"""Benchmark reciprocity and true cost at a realistic size and print the figures.

    .venv/bin/python bench/reciprocity.py [--people 2000] [--entries 100000] [--requests 30]

Builds a throwaway organisation (SQLite in a temporary folder, or DATABASE_URL) with two years
of hours, claims, offers and credits across ten projects, then reports the true cost's time
and query count (one project and the whole organisation), the hours import throughput, and
server time for the busiest pages (median and p95). Nothing here asserts a time.
"""

import argparse
import datetime
import io
import random
import time

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from timing import timed  # noqa: E402

from coproduce.lib.tabular import read_rows  # noqa: E402
from coproduce.organisations.models import Organisation  # noqa: E402
from coproduce.people.models import Person  # noqa: E402
from coproduce.projects.models import Project  # noqa: E402
from coproduce.reciprocity.costing import true_cost  # noqa: E402
from coproduce.reciprocity.imports import import_hours  # noqa: E402
from coproduce.reciprocity.models import (  # noqa: E402
    Claim,
    Contribution,
    Costing,
    Entry,
    Funding,
    Offer,
    StaffCost,
    Transfer,
)

START = datetime.date(2024, 6, 1)


def build(org: Organisation, staff: object, people: int, entries: int) -> list[Project]:
    rng = random.Random(7)
    Person.objects.bulk_create(Person(organisation=org, name=f"Member {i}",
                                      email=f"m{i}@mail.example") for i in range(people))
    person_ids = list(Person.objects.filter(organisation=org).values_list("pk", flat=True))
    projects = [Project.objects.create(organisation=org, title=f"Project {n}", purpose="x")
                for n in range(10)]
    for project in projects:
        Costing.objects.create(project=project, overhead_percent=15)
        Funding.objects.create(project=project, funder="Fund", amount_pence=500000)
    StaffCost.objects.create(organisation=org, user=staff, hourly_pence=2140,  # type: ignore[misc]
                             effective_from=START)
    rows = []
    for i in range(entries):
        day = START + datetime.timedelta(days=rng.randint(0, 700))
        is_staff = i % 10 == 0
        rows.append(Contribution(
            organisation=org, side="staff" if is_staff else "participant",
            person_id=None if is_staff else rng.choice(person_ids),
            staff=staff if is_staff else None, on=day, minutes=rng.choice([60, 90, 120, 150]),
            activity="meeting", project=rng.choice(projects),
            status="confirmed" if rng.random() < 0.9 else "pending"))
    Contribution.objects.bulk_create(rows, batch_size=5000)
    Claim.objects.bulk_create([Claim(
        organisation=org, person_id=rng.choice(person_ids), kind="travel",
        amount_pence=rng.randint(200, 6000), spent_on=START + datetime.timedelta(days=i % 700),
        project=rng.choice(projects), status=rng.choice(["submitted", "approved", "paid",
                                                         "rejected"]))
        for i in range(entries // 20)], batch_size=5000)
    Offer.objects.bulk_create([Offer(
        organisation=org, person_id=rng.choice(person_ids), kind="voucher", amount_pence=2500,
        activity="Panel", offered_on=START + datetime.timedelta(days=i % 700),
        project=rng.choice(projects), status=rng.choice(["offered", "accepted", "declined"]))
        for i in range(entries // 50)], batch_size=5000)
    return projects


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    engine = django_start.prepare_database()
    org, membership = django_start.fresh_organisation("Benchmark Circle")
    print(f"Database: {engine}; people: {args.people}; hours entries: {args.entries}")
    started = time.perf_counter()
    projects = build(org, membership.user, args.people, args.entries)
    print(f"built in {time.perf_counter() - started:.1f} s")

    for label, project in [("true cost, one project", projects[0]),
                           ("true cost, whole organisation", None)]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            figures = true_cost(org, project).as_json()
            elapsed = (time.perf_counter() - started) * 1000
        print(f"{label:<32} {elapsed:7.0f} ms, {len(queries)} queries "
              f"(£{figures['true_cost']})")

    lines = ["external_id,date,minutes,person_email,kind,activity,project,confirmed"]
    lines += [f"imp-{i},2026-0{1 + i % 3}-{1 + i % 28:02d},90,m{i % args.people}@mail.example,"
              f"participant,meeting,Project {i % 10},yes" for i in range(5000)]
    data = ("\n".join(lines) + "\n").encode()
    started = time.perf_counter()
    report = import_hours(org, read_rows(io.BytesIO(data), "hours.csv"))
    elapsed = time.perf_counter() - started
    print(f"import-hours: {report.created} rows in {elapsed:.1f} s = "
          f"{report.created / elapsed:,.0f} rows/s ({len(report.errors)} errors)")
    started = time.perf_counter()
    again = import_hours(org, read_rows(io.BytesIO(data), "hours.csv"))
    print(f"re-import (unchanged {again.unchanged}): "
          f"{5000 / (time.perf_counter() - started):,.0f} rows/s")

    client = Client()
    client.force_login(membership.user)
    base = f"/o/{org.slug}/reciprocity/"
    for label, url in [("hours list", base + "hours/"),
                       ("true cost, one project", base + f"true-cost/?project={projects[0].pk}"),
                       ("true cost, organisation", base + "true-cost/"),
                       ("project page", f"/o/{org.slug}/projects/{projects[0].pk}/"),
                       ("expenses list", base + "expenses/"),
                       ("dashboard", f"/o/{org.slug}/")]:
        median, p95 = timed(client, url, args.requests)
        print(f"{label:<28} median {median:7.1f} ms   p95 {p95:7.1f} ms")
    print(f"ledger: {Transfer.objects.count()} transfers, {Entry.objects.count()} entries")


if __name__ == "__main__":
    main()
