"""While one organisation imports a large file, do others wait? Prints the figures.

    .venv/bin/python bench/import_under_load.py [--rows 150000]
    DATABASE_URL=postgres://... .venv/bin/python bench/import_under_load.py

One process imports ROWS voices into organisation A (the two passes of voices.imports: checking
outside any transaction, then short write batches). Meanwhile this thread keeps posting to
organisation B: the public form, staff quick entry and a sign-in. Each request's time and
status is recorded; the figures say how many succeeded and the longest any of them waited.
Nothing here asserts a time.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from coproduce.organisations.models import Organisation, Role  # noqa: E402

PASSWORD = "a long bench pass 42"  # noqa: S105 - a throwaway bench login


def csv_file(rows: int) -> bytes:
    lines = ["external_id,text,channel,date_heard,person_email"]
    lines += [f"L-{i},Voice number {i} about buses and the hall,phone,30/11/2025,"
              f"m{i % 5000}@mail.example" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=150_000)
    args = parser.parse_args()
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    stamp = uuid.uuid4().hex[:6]
    a, _ = Organisation.found(f"a-{stamp}", "Importing organisation")
    b, _ = Organisation.found(f"b-{stamp}", "Other organisation")
    coordinator, _ = b.add_member(f"coordinator@b-{stamp}.example", Role.COORDINATOR)
    signers = [b.add_member(f"member{i}@b-{stamp}.example", Role.VIEWER)[0].user
               for i in range(40)]
    for user in [coordinator.user, *signers]:
        user.set_password(PASSWORD)
        user.save()
    data = csv_file(args.rows)
    print(f"Database: {connection.vendor}; importing {args.rows:,} rows "
          f"({len(data) / 1e6:.0f} MB) into one organisation")
    path = Path(os.environ["COPRODUCE_VAR_DIR"]) / "big.csv"
    path.write_bytes(data)
    staff = Client()
    staff.force_login(coordinator.user)
    requests = make_requests(b, staff, signers)
    for _label, call in requests(0):  # warm up: the first request of a process is slow
        call()
    # The import runs in its own process, as the worker or the command line would.
    began = time.perf_counter()
    importer = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve().parent.parent / "manage.py"),
         "import-voices", "--org", a.slug, str(path)], stdout=subprocess.PIPE, text=True)
    times: dict[str, list[float]] = {"public form": [], "staff save": [], "sign-in": []}
    failures: dict[str, int] = dict.fromkeys(times, 0)
    slow: list[str] = []
    n = 0
    while importer.poll() is None:
        n += 1
        for label, call in requests(n):
            started = time.perf_counter()
            try:
                status = call().status_code
            except Exception:  # a failure is what this measures, not a reason to stop
                status = 500
            took = (time.perf_counter() - started) * 1000
            times[label].append(took)
            if took > 1000:
                slow.append(f"{label} at {started - began:.0f} s: {took:.0f} ms")
            if status >= 400:
                failures[label] += 1
        time.sleep(0.05)
    seconds = time.perf_counter() - began
    summary = (importer.stdout.read() if importer.stdout else "").strip()
    print(f"import (its own process): {summary} in {seconds:.1f} s = "
          f"{args.rows / seconds:,.0f} rows/s, exit code {importer.returncode}")
    for label, values in times.items():
        values.sort()
        p95 = values[max(0, int(len(values) * 0.95) - 1)] if values else 0
        print(f"{label:<12} {len(values):5d} requests, {failures[label]} failed; median "
              f"{statistics.median(values) if values else 0:6.0f} ms, p95 {p95:6.0f} ms, "
              f"longest {max(values, default=0):6.0f} ms")
    print("over a second: " + ("; ".join(slow) or "none"))


def make_requests(b: Organisation, staff: Client, signers: list) -> Any:
    """The requests made to organisation B in round `n`."""

    def requests(n: int) -> list[tuple[str, Any]]:
        return [
            ("public form", lambda n=n: Client().post(f"/o/{b.slug}/say/", {
                "text": f"Public voice {n}", "form_token": uuid.uuid4().hex}, REMOTE_ADDR=
                f"10.0.{n // 250 % 250}.{n % 250}")),
            ("staff save", lambda n=n: staff.post(f"/o/{b.slug}/voices/add/", {
                "text": f"Staff voice {n}", "who": "anonymous", "channel": "phone",
                "heard_on": "2025-11-30", "kind": "idea", "form_token": uuid.uuid4().hex})),
            ("sign-in", lambda n=n: Client().post("/accounts/login/", {
                "login": signers[n % len(signers)].email, "password": PASSWORD},
                REMOTE_ADDR=f"10.1.{n // 250 % 250}.{n % 250}")),
        ]

    return requests


if __name__ == "__main__":
    main()
