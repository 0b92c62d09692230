"""Benchmark the community record at a realistic size and print the figures.

    .venv/bin/python bench/community.py [--people 2000] [--assets 500] [--requests 20]

Builds a throwaway organisation (SQLite in a temporary folder, or the database named by
DATABASE_URL) where a quarter of the members have said what they can offer, with checks,
training and meeting invitations, and reports server time (median and p95) and queries for
the search for people for a role, the community index with its expiry reminders, a role's
page, the asset register and a group's needs and capabilities; then the asset import and
export throughput. Nothing here asserts a time.
"""

import argparse
import datetime
import io
import random
import secrets
import time
from typing import Any

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from timing import timed  # noqa: E402

from coproduce.community.assets import export_csv, import_assets  # noqa: E402
from coproduce.community.models import (  # noqa: E402
    Asset,
    Check,
    CommunityRole,
    Course,
    CourseTaken,
    Offer,
    RoleHolder,
)
from coproduce.lib.tabular import read_rows  # noqa: E402
from coproduce.notices.models import Notice  # noqa: E402
from coproduce.organisations.models import Organisation  # noqa: E402
from coproduce.people.models import Group, Person  # noqa: E402
from coproduce.projects.models import Invitation, Meeting, Project  # noqa: E402

SKILLS = ["driving", "cooking", "listening", "gardening", "Welsh speaker", "IT help",
          "first aid", "hosting", "mentoring", "photography"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def build(org: Organisation, people: int, assets: int) -> tuple[CommunityRole, Group]:
    rng, today = random.Random(17), timezone.localdate()
    group = Group.objects.create(organisation=org, name="Older members")
    Person.objects.bulk_create(Person(organisation=org, name=f"Member {i}")
                               for i in range(people))
    everyone = list(Person.objects.filter(organisation=org).order_by("pk"))
    Person.groups.through.objects.bulk_create(
        Person.groups.through(person_id=p.pk, group_id=group.pk) for p in everyone[::3])
    offering = everyone[: people // 4]
    Offer.objects.bulk_create(Offer(
        person=p, skills=", ".join(rng.sample(SKILLS, 3)), days=rng.sample(DAYS, 3),
        times=["morning"], max_asks=rng.choice([None, 2, 4])) for p in offering)
    course = Course.objects.create(organisation=org, name="Safeguarding", valid_months=24)
    role = CommunityRole.objects.create(organisation=org, name="Volunteer driver",
                                        skills="driving", check_level="enhanced",
                                        hosts_meetings=True)
    role.courses.add(course)
    Check.objects.bulk_create(Check(
        person=p, level="enhanced", checked_on=today - datetime.timedelta(days=900),
        expires_on=today + datetime.timedelta(days=rng.randint(-60, 400)),
        certificate_number="001234567890") for p in offering)
    CourseTaken.objects.bulk_create(CourseTaken(
        person=p, course=course, taken_on=today - datetime.timedelta(days=rng.randint(1, 700)),
        expires_on=today + datetime.timedelta(days=rng.randint(-30, 300))) for p in offering)
    RoleHolder.objects.bulk_create(RoleHolder(role=role, person=p, since=today)
                                   for p in offering[:200])
    project = Project.objects.create(organisation=org, title="Outings", purpose="x")
    start = timezone.now() + datetime.timedelta(days=2)
    meetings = [Meeting.objects.create(project=project, title=f"M{i}", starts_at=start,
                                       ends_at=start + datetime.timedelta(hours=1))
                for i in range(20)]
    notices = Notice.objects.bulk_create(Notice(
        organisation=org, person=p, purpose="invitation", method="email", state="sent",
        subject="s", body="b") for p in offering for _ in range(2))
    Invitation.objects.bulk_create(Invitation(
        meeting=meetings[i % 20], person=n.person, notice=n, token=secrets.token_urlsafe(12))
        for i, n in enumerate(notices))
    meetings[0].attendees.set(offering[:60])
    Asset.objects.bulk_create(Asset(
        organisation=org, kind=rng.choice(["place", "group", "equipment", "transport"]),
        name=f"Asset {i}", access=rng.sample(["step_free", "toilets", "parking"], 2))
        for i in range(assets))
    for asset in Asset.objects.filter(organisation=org)[:50]:
        asset.groups.add(group)
    return role, group


def count_queries(client: Client, url: str) -> int:
    """Queries one request makes (a request resets Django's own log, so count them here)."""
    sql: list[str] = []

    def note(run: Any, query: str, *rest: Any) -> Any:
        sql.append(query)
        return run(query, *rest)

    with connection.execute_wrapper(note):
        client.get(url)
    return len(sql)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--assets", type=int, default=500)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    engine = django_start.prepare_database()
    org, membership = django_start.fresh_organisation("Benchmark Circle")
    print(f"Database: {engine}; people: {args.people} ({args.people // 4} offering); "
          f"assets: {args.assets}")
    started = time.perf_counter()
    role, group = build(org, args.people, args.assets)
    print(f"built in {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(membership.user)
    base = f"/o/{org.slug}/community/"
    meeting = Meeting.objects.filter(project__organisation=org).first()
    for label, url in [
            ("find people for a role", base + f"find/?role={role.pk}&day=tue"),
            ("find people by skill", base + "find/?skills=driving%2C+cooking&day=tue"),
            ("roles and expiry reminders", base),
            ("a role with 200 holders", base + f"roles/{role.pk}/"),
            ("asset register", base + "assets/"),
            ("group needs and capabilities", base + f"groups/{group.pk}/"),
            ("meeting (60 invited hosts)", f"/o/{org.slug}/projects/{meeting.project_id}/"
                                           f"meetings/{meeting.pk}/"),
            ("dashboard", f"/o/{org.slug}/")]:
        queries = count_queries(client, url)
        median, p95 = timed(client, url, args.requests)
        print(f"{label:<32} median {median:6.0f} ms  p95 {p95:6.0f} ms  "
              f"{queries} queries")

    lines = ["reference,name,kind,postcode,access"]
    lines += [f"imp-{i},Hall {i},place,CF10 1AA,step_free; toilets" for i in range(5000)]
    data = ("\n".join(lines) + "\n").encode()
    started = time.perf_counter()
    report = import_assets(org, read_rows(io.BytesIO(data), "assets.csv"))
    elapsed = time.perf_counter() - started
    print(f"import-assets: {report.created} rows in {elapsed:.1f} s = "
          f"{report.created / elapsed:,.0f} rows/s ({len(report.errors)} errors)")
    started = time.perf_counter()
    text = export_csv(Asset.objects.filter(organisation=org))
    elapsed = time.perf_counter() - started
    rows = text.count("\n") - 1
    print(f"export-assets: {rows} rows in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s")


if __name__ == "__main__":
    main()
