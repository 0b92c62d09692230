"""How long a sign-in takes with the right password, a wrong one and an unknown address.

    .venv/bin/python bench/sign_in.py [--tries 12]

The three should take about as long (argon2 runs once in each case), so that timing tells an
attacker nothing; /admin/login/ now goes through the same page. Each try comes from its own
client address so the rate limit stays out of the figures. Prints medians; asserts nothing.
"""

import argparse
import statistics
import time

import django_start  # noqa: E402, F401  (starts Django: see bench/django_start.py)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from coproduce.organisations.models import Organisation, Role  # noqa: E402

PASSWORD = "a long bench pass 42"  # noqa: S105 - a throwaway account


def median_ms(kind: str, password: str, tries: int, offset: int) -> float:
    """Each try signs in as its own address, so no per-address limit is reached."""
    times = []
    for n in range(tries):
        client = Client(REMOTE_ADDR=f"10.9.{offset}.{n + 1}")
        started = time.perf_counter()
        client.post("/accounts/login/", {"login": f"{kind}{n}@bench.example",
                                         "password": password})
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tries", type=int, default=12)
    tries = parser.parse_args().tries
    # Pages are rendered from the source folders (no collectstatic for a benchmark).
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    organisation, _ = Organisation.found("bench", "Bench")
    for kind in ("right", "wrong"):
        for n in range(tries):
            membership, _ = organisation.add_member(f"{kind}{n}@bench.example", Role.ADMIN)
            membership.user.set_password(PASSWORD)
            membership.user.save()
    right = median_ms("right", PASSWORD, tries, 1)
    wrong = median_ms("wrong", "not the password", tries, 2)
    unknown = median_ms("nobody", "not the password", tries, 3)
    print(f"sign-in, median of {tries}: right password {right:.0f} ms, wrong password "
          f"{wrong:.0f} ms, unknown address {unknown:.0f} ms")


if __name__ == "__main__":
    main()
