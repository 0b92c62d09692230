"""Benchmark working with many members and print the figures.

    .venv/bin/python bench/members.py [--people 20000] [--voices 200000] [--requests 100]

Builds a throwaway organisation (SQLite in a temporary folder, or the database named by
DATABASE_URL) and reports server time for the people picker's search (median and p95), a
person's page with 1,000 timeline events, and a bulk change of 5,000 voices. Nothing here
asserts a time.
"""

import argparse
import datetime
import time

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from timing import timed  # noqa: E402

from coproduce.notices.models import (  # noqa: E402
    Method,
    Notice,  # noqa: E402
    Purpose,
    State,
)
from coproduce.organisations.models import Organisation  # noqa: E402
from coproduce.people.models import Group, Person  # noqa: E402
from coproduce.projects.models import Invitation, Meeting, Phase, Project  # noqa: E402
from coproduce.voices.models import Interest, Voice  # noqa: E402

SURNAMES = ["Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis"]
FIRST = ["John", "Mair", "Dai", "Sian", "Gareth", "Nia", "Rhys", "Ffion", "Huw", "Cerys"]
START = datetime.date(2024, 1, 1)


def make_people(org: Organisation, count: int) -> list[Person]:
    groups = [Group.objects.create(organisation=org, name=name)
              for name in ("North", "South", "Carers", "Men's group")]
    people = Person.objects.bulk_create(
        [Person(organisation=org, name=f"{FIRST[i % 10]} {SURNAMES[i // 10 % 8]}",
                email=f"member{i}@mail.example" if i % 2 else "",
                phone=f"07700 9{i % 100000:05d}", postcode=f"CF{i % 48} {i % 9}AB")
         for i in range(count)], batch_size=2000)
    through = Person.groups.through
    through.objects.bulk_create([through(person_id=p.pk, group_id=groups[i % 4].pk)
                                 for i, p in enumerate(people)], batch_size=5000)
    return people


def make_voices(org: Organisation, people: list[Person], count: int) -> None:
    batch = []
    for i in range(count):
        batch.append(Voice(organisation=org, text=f"Idea {i}: more trips to the seaside, "
                           f"benches and a lunch club number {i % 97}", channel="phone",
                           heard_on=START + datetime.timedelta(days=i % 400),
                           person=people[i % len(people)]))
        if len(batch) == 5000:
            Voice.objects.bulk_create(batch)
            batch = []
    Voice.objects.bulk_create(batch)


def make_story(org: Organisation, person: Person, events: int) -> None:
    """About `events` events on one person's timeline, across every section."""
    voices = Voice.objects.bulk_create(
        [Voice(organisation=org, text=f"My own idea {i}", channel="conversation", person=person,
               heard_on=START + datetime.timedelta(days=i), status="done" if i % 2 else "new",
               outcome="We did it" if i % 2 else "") for i in range(events // 2)])
    Notice.objects.bulk_create([
        Notice(organisation=org, person=person, purpose=Purpose.OUTCOME, method=Method.EMAIL,
               state=State.SENT, subject="What happened", body=v.outcome,
               to_email="member@example.org", key=f"bench:{v.pk}") for v in voices[1::2]])
    others = Voice.objects.filter(organisation=org).exclude(person=person)[:events // 10]
    Interest.objects.bulk_create([Interest(voice=v, person=person) for v in others])
    project = Project.objects.create(organisation=org, title="Calendar", purpose="Plan")
    Phase.objects.create(project=project, kind="co_design").roles.create(
        side="participant", involvement="decides", person=person)
    now = timezone.now()
    for i in range(events // 20):
        meeting = Meeting.objects.create(project=project, title=f"Meeting {i}", status="held",
                                         starts_at=now - datetime.timedelta(days=i + 1),
                                         ends_at=now - datetime.timedelta(days=i, hours=22))
        Invitation.objects.create(meeting=meeting, person=person, token=f"bench-{i}",
                                  reply="coming", attendance="came")
    Notice.objects.bulk_create([Notice(organisation=org, person=person, purpose="other",
                                       method="letter", state="printed", subject=f"Letter {i}",
                                       body="...") for i in range(events // 10)])


def bulk_change(client: Client, org: Organisation, window: int) -> tuple[float, int, int]:
    """Acknowledge every new voice heard in a 10-day window (5,000 at the default size)."""
    first = START + datetime.timedelta(days=window * 10)
    last = first + datetime.timedelta(days=9)
    query = f"status=new&heard_from={first}&heard_to={last}"
    matching = Voice.objects.filter(organisation=org, status="new", heard_on__gte=first,
                                    heard_on__lte=last).count()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/o/{org.slug}/voices/bulk/", {
            "action": "acknowledge", "all_matching": "on", "filter": query})
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    return elapsed, matching, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--voices", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    engine = django_start.prepare_database()
    org, membership = django_start.fresh_organisation("Benchmark Circle")
    started = time.perf_counter()
    people = make_people(org, args.people)
    make_voices(org, people, args.voices)
    person = people[len(people) // 2]
    make_story(org, person, 1000)
    print(f"Database: {engine}; people: {args.people}; voices: {Voice.objects.count()}; "
          f"built in {time.perf_counter() - started:.0f} s")

    client = Client()
    client.force_login(membership.user)
    picker = f"/o/{org.slug}/people/find/"
    for label, query in [("a surname", "jones"), ("name and surname", "mair davies"),
                         ("a postcode", "CF12 3AB"), ("a postcode without a space", "cf123ab"),
                         ("an email", "member1234@"), ("a phone number", "900123")]:
        median, p95 = timed(client, f"{picker}?q={query}", args.requests)
        print(f"people search, {label:<28} median {median:6.1f} ms   p95 {p95:6.1f} ms")
    page = f"/o/{org.slug}/people/{person.pk}/"
    events = client.get(page).content.decode().count('class="app-timeline__item"')
    median, p95 = timed(client, page, max(20, args.requests // 2))
    print(f"person page, {events} timeline events: median {median:6.1f} ms   p95 {p95:6.1f} ms")
    for window in range(3):
        elapsed, matching, count = bulk_change(client, org, window)
        print(f"bulk acknowledge of {matching} voices: {elapsed:.2f} s ({count} queries)")


if __name__ == "__main__":
    main()
