"""Many people changing one voice's status at once keep its history consistent."""

import datetime
import random
import threading
import time
from typing import Any

import pytest
from django.db import OperationalError, connections

from coproduce.voices.models import StatusChange, Voice

CHANGES = 60
STATUSES = ["acknowledged", "considering", "back_burner", "in_progress", "new"]


def change_in_own_connection(voice_id: int, status: str, errors: list[BaseException]) -> None:
    """One person's change, through this thread's own database connection."""
    try:
        deadline = time.monotonic() + 120  # SQLite serialises 60 writers: give them time
        attempt = 0
        while time.monotonic() < deadline:
            attempt += 1
            try:
                voice = Voice.objects.get(pk=voice_id)  # read first, as a page does
                time.sleep(random.random() / 100)  # let others change it in between
                voice.change_status(status, by=None, note="concurrent")
                return
            except OperationalError as error:  # SQLite: the one write lock is taken; retry
                if "locked" not in str(error):
                    raise
                # Back off at random, longer each time, so that sixty writers stop colliding.
                time.sleep(random.uniform(0, min(0.5, 0.005 * 2 ** min(attempt, 8))))
        raise AssertionError("could not change the status")
    except BaseException as error:  # noqa: BLE001 - reported to the test below
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_history_consistent_under_60_concurrent_changes(org: Any) -> None:
    voice = Voice.objects.create(organisation=org, text="More buses", channel="phone",
                                 heard_on=datetime.date(2025, 3, 1))
    errors: list[BaseException] = []
    threads = [threading.Thread(target=change_in_own_connection,
                                args=(voice.pk, STATUSES[n % len(STATUSES)], errors))
               for n in range(CHANGES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    history = list(StatusChange.objects.filter(voice=voice).order_by("id"))
    assert len(history) == CHANGES
    assert history[0].from_status == "new"
    broken = [(a.pk, b.pk) for a, b in zip(history, history[1:], strict=False)
              if b.from_status != a.to_status]
    assert broken == []
    voice.refresh_from_db()
    assert voice.status == history[-1].to_status
