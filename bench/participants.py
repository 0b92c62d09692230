"""Benchmark what peer mentors and panel members use, at a realistic size, and print figures.

    .venv/bin/python bench/participants.py [--people 5000] [--voices 20000] [--requests 100]

Builds a throwaway organisation (SQLite in a temporary folder, or the database named by
DATABASE_URL) where a peer mentor has logged a tenth of the voices and takes part in a busy
project, and reports server time (median and p95) and queries for the peer's list, the name
search on the peer form, "Your part" and the project page as a participant. Nothing here
asserts a time.
"""

import argparse
import datetime
import statistics
import time

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from timing import timed  # noqa: E402

from coproduce.assessments.frameworks import framework_data  # noqa: E402
from coproduce.assessments.models import Invitation as AssessmentLink  # noqa: E402
from coproduce.assessments.models import Round  # noqa: E402
from coproduce.organisations.models import Organisation, Role  # noqa: E402
from coproduce.people.models import Person  # noqa: E402
from coproduce.projects.invitations import ensure_invitations  # noqa: E402
from coproduce.projects.models import Meeting, Project, Proposal  # noqa: E402
from coproduce.voices.models import Voice  # noqa: E402

NAMES = ["Sian", "Dewi", "Mair", "Gareth", "Ffion", "Rhys", "Nia", "Owain", "Cerys", "Huw"]


def build(people: int, voices: int) -> tuple[Organisation, object, Project]:
    org, _ = Organisation.found(f"bench-{int(time.time())}", "Benchmark Centre")
    Person.objects.bulk_create([
        Person(organisation=org, name=f"{NAMES[i % 10]} Member{i}", email=f"m{i}@mail.example",
               phone=f"07700 9{i:05d}", date_joined=datetime.date(2024, 1, 1))
        for i in range(people)])
    everyone = list(Person.objects.filter(organisation=org).order_by("pk"))
    mentor = everyone[0]
    membership, _ = org.add_member(f"peer@{org.slug}.example", Role.PEER_MENTOR)
    membership.link_person(mentor)
    user = membership.user
    today = timezone.localdate()
    Voice.objects.bulk_create([
        Voice(organisation=org, text=f"Something heard, number {i}", channel="conversation",
              heard_on=today - datetime.timedelta(days=i % 700), person=everyone[i % people],
              recorded_by=user if i % 10 == 0 else None,
              heard_by_peer=True if i % 10 == 0 else None) for i in range(voices)],
        batch_size=2000)
    project = Project.objects.create(organisation=org, title="Welcome scheme", purpose="Bench")
    for kind in ("co_planning", "co_design", "peer_support", "co_assessment"):
        project.take_part(kind, "participant", "decides", person=mentor)
    start = timezone.now() + datetime.timedelta(days=2)
    for n in range(30):
        meeting = Meeting.objects.create(project=project, title=f"Meeting {n}",
                                         starts_at=start + datetime.timedelta(days=n),
                                         ends_at=start + datetime.timedelta(days=n, hours=2))
        meeting.attendees.set(everyone[n * 40:(n + 1) * 40] + [mentor])
        ensure_invitations(meeting)
    for n in range(10):
        round_ = Round(organisation=org, title=f"Round {n}", roles=["volunteer"])
        round_.use_framework("gmcvo-critical-success-factors",
                             framework_data("gmcvo-critical-success-factors"))
        round_.save()
        AssessmentLink.issue(round_, "volunteer", 30, person=mentor)
    Proposal.objects.bulk_create([Proposal(project=project, kind="decision", person=mentor,
                                           text=f"Proposal {n}") for n in range(40)])
    return org, user, project


def timed_post(client: Client, url: str, data: dict[str, str], requests: int
               ) -> tuple[float, float]:
    times = []
    for _ in range(requests + 1):
        started = time.perf_counter()
        response = client.post(url, data)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times = sorted(times[1:])
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--voices", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    org, user, project = build(args.people, args.voices)
    print(f"Database: {engine}; people: {args.people}; voices: {args.voices} "
          f"({args.voices // 10} by the peer); 30 meetings, 10 rounds, 40 proposals; "
          f"requests per page: {args.requests}")
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    base = f"/o/{org.slug}"
    for label, url in [("peer's own voices", f"{base}/voices/heard/"),
                       ("peer form", f"{base}/voices/heard/add/"),
                       ("your part", f"{base}/your-part/"),
                       ("project as participant", f"{base}/projects/{project.pk}/")]:
        median, p95 = timed(client, url, args.requests)
        print(f"{label:<28} median {median:6.1f} ms   p95 {p95:6.1f} ms   "
              f"queries {queries(client, url)}")
    median, p95 = timed_post(client, f"{base}/voices/heard/add/",
                             {"who": "person", "person_query": "sian member1", "find": "1"},
                             args.requests)
    print(f"{'name search (peer form)':<28} median {median:6.1f} ms   p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
