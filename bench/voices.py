"""Benchmark Voices at the size of a large organisation and print the figures.

    .venv/bin/python bench/voices.py [--people 20000] [--voices 200000] [--requests 200]
    DATABASE_URL=postgres://... .venv/bin/python bench/voices.py

Builds one organisation with PEOPLE people and VOICES voices (100,000 of them through the
CSV import, which is timed), then reports server time (median and p95) for the filtered
voice list, the build-up view, the equity lens and a full-text search, the import
throughput and the import's peak memory. Nothing here asserts a time.
"""

import argparse
import os
import random
import resource
import time
import tracemalloc
from pathlib import Path

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from timing import timed  # noqa: E402

from coproduce.lib.tabular import read_rows  # noqa: E402
from coproduce.organisations.models import Organisation, Role  # noqa: E402
from coproduce.people.models import (  # noqa: E402
    Consent,
    ConsentPurpose,
    Group,
    Person,
    RecordedHow,
)
from coproduce.voices.imports import import_voices  # noqa: E402
from coproduce.voices.models import Channel, Tag, Voice  # noqa: E402

WORDS = [
    "seaside",
    "trip",
    "coach",
    "bus",
    "garden",
    "bench",
    "cafe",
    "coffee",
    "bingo",
    "quiz",
    "music",
    "dance",
    "walk",
    "park",
    "library",
    "computer",
    "help",
    "form",
    "money",
    "rent",
    "repair",
    "damp",
    "heating",
    "lift",
    "stairs",
    "noise",
    "parking",
    "bins",
    "lights",
    "safety",
    "women",
    "men",
    "young",
    "older",
    "carers",
    "welsh",
    "class",
    "lunch",
]
CHANNELS = [value for value, _label in Channel.choices if value not in {"import", "api"}]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize() + "."


def build(people_count: int, voice_count: int, import_count: int) -> tuple[Organisation, str]:
    rng = random.Random(7)
    org, _created = Organisation.found(f"bench-{int(time.time())}", "Benchmark Network")
    groups = [Group.objects.create(organisation=org, name=f"Group {i}") for i in range(8)]
    tags = [Tag.objects.create(organisation=org, name=f"theme {i}") for i in range(30)]
    people = Person.objects.bulk_create(
        [
            Person(organisation=org, name=f"Member {i}", email=f"m{i}@mail.example")
            for i in range(people_count)
        ],
        batch_size=5000,
    )
    Through = Person.groups.through
    Through.objects.bulk_create(
        [
            Through(person_id=p.pk, group_id=groups[min(int(rng.expovariate(0.5)), 7)].pk)
            for p in people
        ],
        batch_size=5000,
    )
    Consent.objects.bulk_create(
        [
            Consent(
                person=p,
                purpose=ConsentPurpose.CONTACT,
                given=True,
                how=RecordedHow.PAPER,
                recorded_on="2024-01-01",
            )
            for p in people
            if rng.random() < 0.6
        ],
        batch_size=5000,
    )
    # Voices by direct insert, skewed so a few people say a lot.
    direct = voice_count - import_count
    start = time.perf_counter()
    for offset in range(0, direct, 5000):
        batch = Voice.objects.bulk_create(
            [
                Voice(
                    organisation=org,
                    text=sentence(rng),
                    channel=rng.choice(CHANNELS),
                    heard_on=f"202{rng.randint(3, 5)}-{rng.randint(1, 12):02d}-"
                    f"{rng.randint(1, 28):02d}",
                    person=people[min(int(rng.paretovariate(1.2)) * 7, people_count - 1)]
                    if rng.random() < 0.85
                    else None,
                    group=rng.choice(groups) if rng.random() < 0.3 else None,
                    status=rng.choice(["new", "acknowledged", "considering", "done"]),
                )
                for _ in range(min(5000, direct - offset))
            ]
        )
        VT = Voice.tags.through
        VT.objects.bulk_create(
            [VT(voice_id=v.pk, tag_id=rng.choice(tags).pk) for v in batch if rng.random() < 0.7],
            ignore_conflicts=True,
        )
    print(f"built {direct:,} voices directly in {time.perf_counter() - start:.0f} s")
    lines = ["external_id,text,channel,date_heard,person_email,group,kind,tags"]
    for i in range(import_count):
        lines.append(
            f"IMP-{i},{sentence(rng)},{rng.choice(CHANNELS)},2025-0{rng.randint(1, 9)}-"
            f"1{rng.randint(0, 9)},m{rng.randint(0, people_count - 1)}@mail.example,"
            f"Group {rng.randint(0, 7)},idea,theme {rng.randint(0, 29)}"
        )
    return org, "\n".join(lines) + "\n"


def xlsx_import(path: Path, org: Organisation) -> None:
    """The same rows as an Excel workbook, into a new organisation: speed and memory."""
    import csv

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    with path.open(newline="") as source:
        for row in csv.reader(source):
            sheet.append(row)
    workbook = path.with_suffix(".xlsx")
    book.save(workbook)
    target, _created = Organisation.found(f"{org.slug}-xlsx", "Benchmark workbook")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    with workbook.open("rb") as stream:
        report = import_voices(target, read_rows(stream, "voices.xlsx"))
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"xlsx import: {report.created:,} rows in {elapsed:.1f} s = "
          f"{report.created / elapsed:,.0f} rows/s (file {workbook.stat().st_size / 1e6:.0f} "
          f"MB); process peak RSS {rss_before:.0f} MB before, {rss_after:.0f} MB after")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--voices", type=int, default=200_000)
    parser.add_argument("--imported", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    print(f"Database: {connection.vendor}; people {args.people:,}; voices {args.voices:,}")
    org, csv_text = build(args.people, args.voices, args.imported)
    data = csv_text.encode()
    path = Path(os.environ["COPRODUCE_VAR_DIR"]) / "voices.csv"
    path.write_bytes(data)
    del data, csv_text
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    with path.open("rb") as stream:  # streamed from disk, as the command does
        report = import_voices(org, read_rows(stream, "voices.csv"))
    elapsed = time.perf_counter() - started
    assert not report.errors, report.errors[:3]
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"import: {report.created:,} rows in {elapsed:.1f} s = "
        f"{report.created / elapsed:,.0f} rows/s (file {path.stat().st_size / 1e6:.0f} MB); "
        f"process peak RSS {rss_before:.0f} MB before, {rss_after:.0f} MB after"
    )
    # Python allocations made by the import itself, measured on a re-import (which checks
    # every row and finds each one already present) so tracing does not slow the timed run.
    tracemalloc.start()
    with path.open("rb") as stream:
        again = import_voices(org, read_rows(stream, "voices.csv"))
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(f"re-import: {again.unchanged:,} unchanged; peak traced allocations {peak:.0f} MB")
    xlsx_import(path, org)
    # A live database has fresh planner statistics (and, on PostgreSQL, autovacuum's
    # visibility map); give the freshly loaded one the same.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    membership, _new = org.add_member(f"coordinator@{org.slug}.example", Role.COORDINATOR)
    client = Client()
    client.force_login(membership.user)
    base = f"/o/{org.slug}/voices/"
    group = org.groups.first()
    for label, url in [
        ("voice list, newest", base),
        ("voice list, filtered", f"{base}?status=considering&channel=phone&group={group.pk}"),
        ("voice list, page 100", f"{base}?page=100"),
        ("search 'seaside coach'", f"{base}?q=seaside+coach"),
        ("build-up", f"{base}build-up/"),
        ("equity lens (a year)", f"{base}equity/"),
    ]:
        median, p95 = timed(client, url, args.requests)
        print(f"{label:<26} median {median:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
