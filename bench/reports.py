"""Benchmark the report for trustees and funders at a realistic size and print the figures.

    .venv/bin/python bench/reports.py [--people 20000] [--voices 200000] [--hours 50000]

Builds a throwaway organisation (SQLite in a temporary folder, or DATABASE_URL) with a year
of voices, themes, outcomes, ten projects with meetings and decisions, and hours given, then
prints how long the report takes to build, to write as CSV, XLSX and PDF, and how many queries
it needs, the same for the governance summary's four sections, and the server time of the report
page and the governance summary. Nothing here asserts a time.
"""

import argparse
import datetime
import os
import random
import statistics
import time

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from timing import timed  # noqa: E402

from coproduce.organisations.models import Organisation  # noqa: E402
from coproduce.people.models import (  # noqa: E402
    AccessNeed,
    Consent,
    ConsentPurpose,
    Group,
    JourneyStage,
    JourneyStep,
    Person,
    RecordedHow,
)
from coproduce.projects.models import Decision, Meeting, Phase, Project  # noqa: E402
from coproduce.reciprocity.models import Contribution  # noqa: E402
from coproduce.reports.builder import GOVERNANCE, SECTIONS, build  # noqa: E402
from coproduce.reports.formats import as_csv, as_pdf, as_xlsx  # noqa: E402
from coproduce.reports.models import Publication  # noqa: E402
from coproduce.reports.publishing import carry_out  # noqa: E402
from coproduce.themes.models import Placement, Theme  # noqa: E402
from coproduce.voices.models import Outcome, Voice  # noqa: E402

START, END = datetime.date(2025, 12, 1), datetime.date(2026, 11, 30)
CHANNELS = ["conversation", "phone", "email", "paper", "web", "easy_read", "event", "survey"]
KINDS = ["co_planning", "co_design", "co_performing", "co_assessment"]


def day(rng: random.Random) -> datetime.date:
    return START + datetime.timedelta(days=rng.randint(0, 364))


def make_people(org: Organisation, count: int, rng: random.Random) -> list[int]:
    groups = [Group.objects.create(organisation=org, name=f"Group {i}") for i in range(8)]
    Person.objects.bulk_create([Person(organisation=org, name=f"Member {i}")
                                for i in range(count)], batch_size=5000)
    ids = list(Person.objects.filter(organisation=org).values_list("pk", flat=True))
    through = Person.groups.through
    through.objects.bulk_create([through(person_id=pk, group_id=groups[
        min(int(rng.expovariate(0.5)), 7)].pk) for pk in ids], batch_size=5000)
    AccessNeed.objects.bulk_create([AccessNeed(person_id=pk, kind=rng.choice(
        ["large_print", "easy_read", "bsl", "step_free", "travel"])) for pk in ids
        if rng.random() < 0.15], batch_size=5000)
    stages = list(JourneyStage.objects.filter(organisation=org))
    JourneyStep.objects.bulk_create([JourneyStep(person_id=pk, stage=rng.choice(stages),
                                                 on=day(rng)) for pk in ids
                                     if rng.random() < 0.5], batch_size=5000)
    Consent.objects.bulk_create([Consent(person_id=pk, purpose=ConsentPurpose.QUOTE,
                                         given=True, how=RecordedHow.PAPER, recorded_on=START)
                                 for pk in ids if rng.random() < 0.1], batch_size=5000)
    return ids


def make_voices(org: Organisation, count: int, people: list[int], rng: random.Random) -> None:
    themes = [Theme.objects.create(organisation=org, key=f"t{i}", label=f"Theme {i}")
              for i in range(20)]
    for offset in range(0, count, 5000):
        batch = Voice.objects.bulk_create([Voice(
            organisation=org, text=f"Idea number {offset + i}", channel=rng.choice(CHANNELS),
            heard_on=day(rng), person_id=people[min(int(rng.paretovariate(1.2)) * 7,
                                                    len(people) - 1)]
            if rng.random() < 0.85 else None) for i in range(min(5000, count - offset))])
        Placement.objects.bulk_create([Placement(voice_id=v.pk, theme=rng.choice(themes))
                                       for v in batch if rng.random() < 0.6])
        outcome = Outcome.objects.create(organisation=org, kind="done", text="Done",
                                         happened_on=END, publish=True)
        outcome.voices.add(*[v.pk for v in batch[:50]])


def make_projects(org: Organisation, hours: int, people: list[int], staff: object,
                  rng: random.Random) -> None:
    projects = [Project.objects.create(organisation=org, title=f"Project {n}", purpose="x")
                for n in range(10)]
    for n, project in enumerate(projects):
        Phase.objects.create(project=project, kind=KINDS[n % 4])
        Phase.objects.create(project=project, kind=KINDS[(n + 1) % 4])
        for m in range(12):
            at = timezone.make_aware(datetime.datetime.combine(day(rng), datetime.time(18)))
            meeting = Meeting.objects.create(project=project, title=f"Meeting {m}",
                                             starts_at=at, ends_at=at, status="held")
            Decision.objects.create(project=project, meeting=meeting, text="x",
                                    decided_on=at.date(), method="consensus",
                                    proposed_by=rng.choice(["staff", "participant"]))
    Contribution.objects.bulk_create([Contribution(
        organisation=org, side="participant", person_id=rng.choice(people), on=day(rng),
        minutes=rng.choice([60, 90, 120]), activity="meeting", project=rng.choice(projects),
        status="confirmed") for _ in range(hours)], batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--voices", type=int, default=200_000)
    parser.add_argument("--hours", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=3)
    args = parser.parse_args()
    engine = django_start.prepare_database()
    org, membership = django_start.fresh_organisation("Benchmark Network")
    print(f"Database: {engine}; people: {args.people:,}; voices: {args.voices:,}; "
          f"hours entries: {args.hours:,}")
    rng = random.Random(7)
    started = time.perf_counter()
    people = make_people(org, args.people, rng)
    make_voices(org, args.voices, people, rng)
    make_projects(org, args.hours, people, membership.user, rng)
    print(f"built in {time.perf_counter() - started:.0f} s; load average now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    for label in ("first build (nothing cached)", "again (equity lens cached)"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = build(org, START, END)
            built = time.perf_counter() - started
        print(f"report, {label:<30} {built * 1000:7.0f} ms, {len(queries)} queries, "
              f"{len(report.rows())} figures")
    for label, write in [("CSV", as_csv), ("XLSX", as_xlsx), ("PDF", as_pdf)]:
        started = time.perf_counter()
        data = write(report)
        elapsed = time.perf_counter() - started
        print(f"written as {label:<5}             {elapsed * 1000:7.0f} ms "
              f"(built + written {(built + elapsed):.1f} s, {len(data):,} bytes)")
    client = Client()
    client.force_login(membership.user)
    url = f"/o/{org.slug}/reports/build/?start={START}&end={END}"
    median, p95 = timed(client, url, args.requests)
    print(f"report page                  median {median:7.0f} ms   p95 {p95:7.0f} ms")
    median, p95 = timed(client, url + "&format=pdf", args.requests)
    print(f"report PDF download          median {median:7.0f} ms   p95 {p95:7.0f} ms")
    cache.clear()
    for label in ("first build (nothing cached)", "again (equity lens cached)"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            summary = build(org, START, END, sections=GOVERNANCE)
            built = time.perf_counter() - started
        print(f"governance, {label:<26} {built * 1000:7.0f} ms, {len(queries)} queries, "
              f"{len(summary.rows())} figures")
    # The machine is shared: the whole report and the summary's sections, taken in turn.
    whole, part = [], []
    for _round in range(5):
        for times, wanted in ((whole, None), (part, GOVERNANCE)):
            started = time.perf_counter()
            build(org, START, END, sections=wanted)
            times.append((time.perf_counter() - started) * 1000)
    print(f"in turn, five times each (lens cached): whole report median "
          f"{statistics.median(whole):.0f} ms, governance sections median "
          f"{statistics.median(part):.0f} ms")
    for key in SECTIONS:
        started = time.perf_counter()
        build(org, START, END, sections=[key])
        print(f"  section {key:<14} {(time.perf_counter() - started) * 1000:7.0f} ms")
    median, p95 = timed(client, f"/o/{org.slug}/reports/governance/", args.requests)
    print(f"governance summary page      median {median:7.0f} ms   p95 {p95:7.0f} ms")
    # Publish records the request in the POST; the worker builds both languages.
    started = time.perf_counter()
    response = client.post(f"/o/{org.slug}/reports/publish/",
                           {"start": START, "end": END, "key": "bench"})
    posted = time.perf_counter() - started
    asked = Publication.objects.get(organisation=org, key="bench")
    started = time.perf_counter()
    made = carry_out(asked.pk)
    print(f"publish POST (status {response.status_code})       {posted * 1000:7.0f} ms; the "
          f"worker's task {time.perf_counter() - started:.1f} s (version "
          f"{made.version if made else '-'})")


if __name__ == "__main__":
    main()
