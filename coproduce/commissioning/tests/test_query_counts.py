"""The ranking, award and results pages make the same number of queries however many bids."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.commissioning.awards import award_round
from coproduce.commissioning.grants import declare, submit_scores
from coproduce.commissioning.models import Round, RoundStatus

from .factories import make_bid, make_panellist, make_round, to_scoring
from .test_grant_round import url


def round_with(org: Any, bids: int) -> Round:
    round = make_round(org, budget="100000")
    made = [make_bid(round, f"Bid {n}", str(500 + n)) for n in range(bids)]
    to_scoring(round)
    criteria = list(round.agreed_criteria.criteria.all())  # type: ignore[union-attr]
    for name in ("Ana", "Bryn", "Cerys"):
        panellist = make_panellist(round, f"{name} {bids}")
        declare(panellist, {bid.pk: ("none", "") for bid in made}, None)
        for n, bid in enumerate(made):
            submit_scores(panellist, bid, {c.pk: (1 + n % 5, "") for c in criteria}, None)
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.MODERATION)
    round.refresh_from_db()
    return round


def counted(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_pages_make_as_many_queries_for_eight_bids_as_for_three(
        org: Any, login: Any, coordinator: Any) -> None:
    small, large = round_with(org, 3), round_with(org, 8)
    client = login(coordinator)
    for name in ("ranking", "award", "round"):
        assert counted(client, url(name, small)) == counted(client, url(name, large)), name
    for round in (small, large):
        award_round(round, {}, None, "participant", "vote")
    assert counted(client, url("results", small)) == counted(client, url("results", large))


def test_only_members_allowed_to_follow_funds_see_the_menu_entry(
        org: Any, login: Any, coordinator: Any, peer_mentor: Any) -> None:
    grants = f'href="/o/{org.slug}/funds/"'
    assert grants in login(coordinator).get(f"/o/{org.slug}/").content.decode()
    assert grants not in login(peer_mentor).get(f"/o/{org.slug}/").content.decode()
