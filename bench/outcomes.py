"""Benchmark answering a whole theme and print the figures.

    .venv/bin/python bench/outcomes.py [--people 500] [--voices 300] [--requests 20]

Builds one organisation with PEOPLE people (a mix of email, post and phone, some without
consent) and one theme of VOICES voices from them, with a fifth as many people who only asked
to hear. Reports server time for the answer page (who to tell), recording the outcome, the
preview of every message, the letters as they print, the Send press, and the worker's time
to send the emails through Django's in-memory backend; with the queries each page makes.
Nothing here asserts a time.
"""

import argparse
import datetime
import random
import time

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from timing import timed  # noqa: E402

from coproduce.notices.models import Notice  # noqa: E402
from coproduce.notices.tasks import deliver  # noqa: E402
from coproduce.organisations.models import Organisation, Role  # noqa: E402
from coproduce.people.models import Consent, ConsentPurpose, Person, RecordedHow  # noqa: E402
from coproduce.themes.models import Placement, Theme  # noqa: E402
from coproduce.voices.models import Interest, Outcome, Voice  # noqa: E402

DAY = datetime.date(2025, 3, 1)


def build(people: int, voices: int) -> tuple[Organisation, Theme]:
    rng = random.Random(11)
    org = Organisation.found("bench-outcomes", "Evergreen Circle")[0]
    org.postal_address = "Evergreen Circle\n1 High Street\nStockport SK1 1AA"
    org.save()
    ways = [{"contact_ways": ["email"]}, {"contact_ways": ["post"]}, {"contact_ways": ["phone"]}]
    Person.objects.bulk_create(
        Person(organisation=org, name=f"Member {n:04d}", email=f"m{n}@mail.example",
               address=f"{n} Mill Street", phone=f"07700 9{n:05d}",
               preferred_language="cy" if n % 7 == 0 else "en", **ways[n % 3])
        for n in range(people))
    members = list(Person.objects.filter(organisation=org).order_by("pk"))
    Consent.objects.bulk_create(
        Consent(person=p, purpose=ConsentPurpose.CONTACT, given=n % 10 != 0,
                how=RecordedHow.PAPER, recorded_on=DAY) for n, p in enumerate(members))
    theme = Theme.objects.create(organisation=org, key="seaside", label="Seaside trips")
    Voice.objects.bulk_create(
        Voice(organisation=org, text=f"A trip to the seaside, idea {n}", channel="phone",
              heard_on=DAY, person=rng.choice(members) if n % 20 else None)
        for n in range(voices))
    made = list(Voice.objects.filter(organisation=org))
    Placement.objects.bulk_create(Placement(voice=v, theme=theme) for v in made)
    Interest.objects.bulk_create(
        Interest(voice=rng.choice(made), person=p)
        for p in rng.sample(members, k=len(members) // 5))
    return org, theme


def queries(client: Client, method: str, url: str, data: dict | None = None) -> tuple[int, float]:
    reset_queries()
    started = time.perf_counter()
    response = getattr(client, method)(url, data or {})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in {200, 302}, (url, response.status_code)
    return len(connection.queries), elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--voices", type=int, default=300)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.DEBUG = True  # to count queries
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    org, theme = build(args.people, args.voices)
    membership, _new = org.add_member(f"coordinator@{org.slug}.example", Role.COORDINATOR)
    client = Client()
    client.force_login(membership.user)
    base = f"/o/{org.slug}/voices/"
    print(f"Database: {connection.vendor}; people {args.people:,}; theme of {args.voices:,} "
          "voices")
    median, p95 = timed(client, f"{base}answer/?theme={theme.pk}", args.requests)
    count, _ms = queries(client, "get", f"{base}answer/?theme={theme.pk}")
    print(f"{'answer page (who to tell)':<28} median {median:7.1f} ms  p95 {p95:7.1f} ms  "
          f"{count} queries")
    ids = list(Voice.objects.filter(organisation=org).values_list("pk", flat=True))
    count, ms = queries(client, "post", f"{base}answer/", {
        "voice": ids, "kind": "done", "text": "The first trip is on 3 June.",
        "text_cy": "Mae'r daith gyntaf ar 3 Mehefin.", "asked": "More seaside trips",
        "happened_on": "2025-05-01", "tell": "on", "publish": "on", "form_token": "bench"})
    outcome = Outcome.objects.get(organisation=org)
    print(f"{'record the outcome':<28} {ms:7.1f} ms  {count} queries")
    median, p95 = timed(client, f"{base}outcomes/{outcome.pk}/", args.requests)
    count, _ms = queries(client, "get", f"{base}outcomes/{outcome.pk}/")
    print(f"{'preview every message':<28} median {median:7.1f} ms  p95 {p95:7.1f} ms  "
          f"{count} queries")
    median, p95 = timed(client, f"{base}outcomes/{outcome.pk}/letters/", max(3, args.requests // 4))
    print(f"{'letters as they will print':<28} median {median:7.1f} ms  p95 {p95:7.1f} ms")
    count, ms = queries(client, "post", f"{base}outcomes/{outcome.pk}/send/")
    notices = Notice.objects.filter(organisation=org)
    print(f"{'press Send':<28} {ms:7.1f} ms  {count} queries; {notices.count()} notices "
          f"({notices.filter(method='email').count()} emails, "
          f"{notices.filter(method='letter').count()} letters, "
          f"{notices.filter(method='call').count()} calls, "
          f"{notices.filter(method='none').count()} cannot be told)")
    started = time.perf_counter()
    emails = list(notices.filter(method="email").values_list("pk", flat=True))
    for pk in emails:
        deliver(pk)
    elapsed = time.perf_counter() - started
    print(f"{'worker sends the emails':<28} {elapsed * 1000:7.1f} ms for {len(emails)} "
          f"= {len(emails) / elapsed:,.0f} emails/s")


if __name__ == "__main__":
    main()
