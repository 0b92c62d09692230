"""Benchmark the People module at a realistic size and print the figures.

    .venv/bin/python bench/people.py [--people 5000] [--requests 200]

Builds a throwaway organisation (SQLite in a temporary folder, or the database named by
DATABASE_URL) and reports server time for the people list, a search, a filtered list and a
person's page (median and p95), the CSV import throughput and its peak memory, and the CSV
export throughput. Nothing here asserts a time.
"""

import argparse
import io
import time
import tracemalloc

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.test import Client  # noqa: E402
from timing import timed  # noqa: E402

from coproduce.lib.tabular import read_rows  # noqa: E402
from coproduce.people.exports import csv_lines  # noqa: E402
from coproduce.people.imports import import_people  # noqa: E402
from coproduce.people.models import Person  # noqa: E402

NEEDS = ["large print", "bsl", "step free", "hearing loop", "", "", ""]
GROUPS = ["North", "South", "East", "West", "Carers", "Men's group"]
STAGES = ["Service user", "Regular", "Volunteer", "Peer mentor"]


def people_csv(count: int, start: int = 0) -> bytes:
    lines = ["external_id,name,email,phone,postcode,access_needs,groups,journey_stage,"
             "date_joined,consent_contact,consent_quote"]
    for i in range(start, start + count):
        lines.append(
            f"B-{i},Member {i} Jones,member{i}@mail.example,07700 9{i % 100000:05d},"
            f"CF{i % 48} {i % 9}AB,{NEEDS[i % len(NEEDS)]},{GROUPS[i % len(GROUPS)]},"
            f"{STAGES[i % len(STAGES)]},2024-0{1 + i % 9}-1{i % 9},yes,{'no' if i % 3 else 'yes'}"
        )
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    engine = django_start.prepare_database()
    org, membership = django_start.fresh_organisation("Benchmark Circle")
    print(f"Database: {engine}; people: {args.people}; requests per page: {args.requests}")

    data = people_csv(args.people)
    tracemalloc.start()
    started = time.perf_counter()
    report = import_people(org, read_rows(io.BytesIO(data), "people.csv"))
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(f"import: {report.created} rows in {elapsed:.1f} s = {report.created / elapsed:,.0f} "
          f"rows/s; peak traced memory {peak:.0f} MB ({len(data) / 1e6:.1f} MB file)")
    started = time.perf_counter()
    again = import_people(org, read_rows(io.BytesIO(data), "people.csv"))
    elapsed = time.perf_counter() - started
    print(f"re-import (all unchanged: {again.unchanged}): {args.people / elapsed:,.0f} rows/s")

    started = time.perf_counter()
    size = sum(len(line) for line in csv_lines(org))
    elapsed = time.perf_counter() - started
    print(f"export: {args.people / elapsed:,.0f} rows/s ({size / 1e6:.1f} MB)")

    client = Client()
    client.force_login(membership.user)
    person = Person.objects.filter(organisation=org).order_by("?").first()
    assert person is not None
    base = f"/o/{org.slug}/people/"
    group = org.groups.get(name="Carers")
    for label, url in [
        ("people list, page 1", base),
        ("people list, page 40", base + "?page=40"),
        ("search by name", base + "?q=member+12"),
        ("filter by group and need", base + f"?group={group.pk}&need=bsl"),
        ("a person's page", f"{base}{person.pk}/"),
        ("dashboard", f"/o/{org.slug}/"),
    ]:
        median, p95 = timed(client, url, args.requests)
        print(f"{label:<28} median {median:6.1f} ms   p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
