"""Benchmark the dashboard at a realistic size and print the figures.

    .venv/bin/python bench/dashboard.py [--people 500] [--voices 20000] [--themes 60]
                                        [--meetings 12] [--requests 50]

Builds one organisation with PEOPLE people (some needing a BSL interpreter), VOICES voices
over the last two years placed in THEMES themes, and MEETINGS meetings in the next fortnight
with those people invited. Reports server time for the dashboard as a coordinator (with what
to do today: letters, calls, meetings with unmet access items, rising themes, overdue
actions) and as a viewer, with the queries each makes. Nothing here asserts a time.
"""

import argparse
import datetime
import random
import time

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from timing import timed  # noqa: E402

from coproduce.organisations.models import Organisation, Role  # noqa: E402
from coproduce.people.models import AccessNeed, NeedKind, Person  # noqa: E402
from coproduce.projects.models import Meeting, Project  # noqa: E402
from coproduce.themes.models import Placement, Theme  # noqa: E402
from coproduce.voices.models import Status, Voice  # noqa: E402

STATUSES = [Status.NEW, Status.ACKNOWLEDGED, Status.CONSIDERING, Status.DONE, Status.DONE]


def build(org: Organisation, people: int, voices: int, themes: int, meetings: int) -> None:
    rng = random.Random(7)
    Person.objects.bulk_create(Person(organisation=org, name=f"Member {n}") for n in
                               range(people))
    members = list(Person.objects.filter(organisation=org))
    AccessNeed.objects.bulk_create(AccessNeed(person=p, kind=NeedKind.BSL)
                                   for p in members[::40])
    today = timezone.localdate()
    Voice.objects.bulk_create(
        Voice(organisation=org, text=f"Voice {n}", channel="phone",
              status=rng.choice(STATUSES), person=rng.choice(members),
              heard_on=today - datetime.timedelta(days=rng.randint(0, 730)))
        for n in range(voices))
    groups = Theme.objects.bulk_create(Theme(organisation=org, key=f"t{n}", label=f"Theme {n}")
                                       for n in range(themes))
    Placement.objects.bulk_create(
        Placement(voice_id=pk, theme=rng.choice(groups))
        for pk in Voice.objects.filter(organisation=org).values_list("pk", flat=True))
    project = Project.objects.create(organisation=org, title="Outings", purpose="Plan")
    now = timezone.now()
    for n in range(meetings):  # spread over the next fortnight, all of them checked
        start = now + datetime.timedelta(hours=2 + (13 * 24 * n) // max(1, meetings))
        meeting = Meeting.objects.create(project=project, title=f"Meeting {n}", starts_at=start,
                                         ends_at=start + datetime.timedelta(hours=1))
        meeting.attendees.add(*rng.sample(members, k=min(40, len(members))))


def parts(org: Organisation, user: object) -> None:
    """Time each part of what the dashboard asks staff to do today, once."""
    from coproduce.reports import dashboard
    from coproduce.themes.rising import rising

    for label, work in [("what needs attention", lambda: dashboard.attention(org, user)),
                        ("  meetings with unmet access", lambda: dashboard.unmet_access(org)),
                        ("  rising themes", lambda: rising(org, timezone.localdate())),
                        ("  overdue actions", lambda: dashboard.overdue_actions(org)),
                        ("figures", lambda: dashboard.figures(org))]:
        started = time.perf_counter()
        work()
        print(f"{label:<30} {(time.perf_counter() - started) * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--voices", type=int, default=20000)
    parser.add_argument("--themes", type=int, default=60)
    parser.add_argument("--meetings", type=int, default=12)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    engine = str(settings.DATABASES["default"]["ENGINE"]).rsplit(".", 1)[-1]
    org, _ = Organisation.found(f"bench-{int(time.time())}", "Benchmark Circle")
    staff, _ = org.add_member(f"coordinator@{org.slug}.example", Role.COORDINATOR)
    viewer, _ = org.add_member(f"viewer@{org.slug}.example", Role.VIEWER)
    started = time.perf_counter()
    build(org, args.people, args.voices, args.themes, args.meetings)
    built = time.perf_counter() - started
    print(f"Database: {engine}; people {args.people}, voices {args.voices}, themes "
          f"{args.themes}, meetings {args.meetings} (built in {built:.0f} s)")
    parts(org, staff.user)
    for label, membership in (("dashboard, coordinator", staff), ("dashboard, viewer", viewer)):
        client = Client()
        client.force_login(membership.user)
        url = f"/o/{org.slug}/"
        settings.DEBUG = True  # to count the queries of one request
        client.get(url)
        count = len(connection.queries)
        settings.DEBUG = False
        median, p95 = timed(client, url, args.requests)
        print(f"{label:<24} median {median:6.1f} ms   p95 {p95:6.1f} ms   {count} queries")


if __name__ == "__main__":
    main()
