"""Two scorers sending their scores at the same moment: both sheets are kept."""

import threading
import time
from typing import Any

import pytest
from django.db import OperationalError, connection

from coproduce.commissioning.grants import declare, submit_scores
from coproduce.commissioning.models import ScoreSheet

from .factories import make_bid, make_panellist, make_round, to_scoring

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*jobs: Any) -> list[BaseException]:
    start, errors = threading.Barrier(len(jobs)), []

    def run(job: Any) -> None:
        try:
            start.wait()
            waiting_for_lock(job)
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def waiting_for_lock(job: Any) -> None:
    """Run the job, waiting while another writer holds the database.

    The file database waits up to 20 s for a lock (its timeout) and PostgreSQL queues behind
    the row lock; the in-memory test database fails at once instead, so wait here as they do.
    """
    for _attempt in range(200):
        try:
            job()
            return
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.01)
    job()


def test_two_scorers_submitting_at_once_are_both_kept(org: Any) -> None:
    round = make_round(org)
    bid = make_bid(round, "Garden", "500")
    to_scoring(round)
    criteria = list(round.agreed_criteria.criteria.all())  # type: ignore[union-attr]
    panel = [make_panellist(round, name) for name in ("Ana", "Bryn")]
    for panellist in panel:
        declare(panellist, {bid.pk: ("none", "")}, None)
    errors = at_once(*[lambda p=p, n=n: submit_scores(p, bid, {c.pk: (n, "") for c in criteria},
                                                      None)
                       for n, p in enumerate(panel, start=3)])
    assert errors == []
    sheets = ScoreSheet.objects.filter(bid=bid, current=True)
    assert sorted(s.panellist.person.name for s in sheets) == ["Ana", "Bryn"]


def test_one_scorer_sending_twice_at_once_gets_two_versions(org: Any) -> None:
    round = make_round(org)
    bid = make_bid(round, "Garden", "500")
    to_scoring(round)
    criteria = list(round.agreed_criteria.criteria.all())  # type: ignore[union-attr]
    panellist = make_panellist(round, "Ana")
    declare(panellist, {bid.pk: ("none", "")}, None)
    errors = at_once(*[lambda n=n: submit_scores(panellist, bid,
                                                 {c.pk: (n, "") for c in criteria}, None)
                       for n in (2, 4)])
    assert errors == []
    sheets = ScoreSheet.objects.filter(bid=bid).order_by("version")
    assert [(s.version, s.current) for s in sheets] == [(1, False), (2, True)]
