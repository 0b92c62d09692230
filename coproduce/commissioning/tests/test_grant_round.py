"""A round through the web: criteria, bids, conflicts, scores, moderation, awards, results."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from coproduce.audit.models import Action, AuditEvent
from coproduce.commissioning.awards import round_ranking
from coproduce.commissioning.grants import declare, submit_scores
from coproduce.commissioning.models import (
    Award,
    Bid,
    BidChannel,
    CriteriaVersion,
    Declaration,
    Interest,
    Round,
    RoundStatus,
    ScoreSheet,
)
from coproduce.conftest import make_member
from coproduce.organisations.models import Membership, Role

from .factories import make_bid, make_panellist, make_round, to_scoring


def url(name: str, round: Round, **kwargs: Any) -> str:
    return reverse(f"commissioning:{name}", kwargs={
        "org_slug": round.organisation.slug, "grant_round_id": round.pk, **kwargs})


def panel_login(round: Round, name: str) -> Any:
    """A panel member with a login, linked to their place on the panel."""
    panellist = make_panellist(round, name)
    user = make_member(round.organisation, f"{name.split()[0].lower()}@panel.example",
                       Role.PANEL_MEMBER)
    Membership.objects.filter(user=user).update(person=panellist.person)
    return panellist, user


def criteria_post(weights: tuple[int, int]) -> dict[str, Any]:
    data: dict[str, Any] = {"proposer_name": "Pat", "note": "More weight on need"}
    for row, (name, weight) in enumerate(zip(["Need", "Value"], weights, strict=True), 1):
        data.update({f"name_{row}": name, f"weight_{row}": weight,
                     f"description_{row}": f"{name} is clear"})
    for n in range(1, 6):
        data.update({f"meaning_{n}": f"means {n}", f"meaning_cy_{n}": f"golygu {n}"})
    return data


def test_it_refuses_weights_that_do_not_add_up_to_100(org: Any, login: Any) -> None:
    round = make_round(org, agreed=False)
    _panellist, member = panel_login(round, "Pat Jones")
    response = login(member).post(url("criteria_propose", round), criteria_post((60, 30)))
    assert response.status_code == 200
    assert "They must add up to exactly 100%" in response.content.decode()
    assert round.criteria_versions.count() == 1


def test_a_panel_member_proposes_a_version_and_the_agreed_one_is_frozen(
        org: Any, login: Any, coordinator: Any) -> None:
    round = make_round(org, agreed=False)
    _panellist, member = panel_login(round, "Pat Jones")
    response = login(member).post(url("criteria_propose", round), criteria_post((70, 30)))
    assert response.status_code == 302
    version = round.criteria_versions.get(number=2)
    assert version.proposed_by == member and version.note == "More weight on need"
    assert [c.weight for c in version.criteria.all()] == [70, 30]
    staff = login(coordinator)
    assert staff.post(url("criteria_agree", round, version_id=version.pk),
                      {"proposed_by": "participant", "method": "vote", "votes_for": 7,
                       "votes_against": 1}).status_code == 302
    round.refresh_from_db()
    assert round.status == RoundStatus.OPEN and round.agreed_criteria == version
    decision = round.fund.project.decisions.get()
    assert "Need 70%" in decision.text and decision.votes_for == 7
    assert round.fund.project.phases.filter(kind="co_prioritising").exists()
    again = login(member).post(url("criteria_propose", round), criteria_post((50, 50)))
    assert "frozen" in again.content.decode()
    assert CriteriaVersion.objects.filter(round=round).count() == 2


def application(round: Round, **extra: Any) -> dict[str, Any]:
    question = round.fund.questions.get()
    return {"title": "Litter pick kit", "summary": "Grabbers and bags for monthly picks",
            "amount": "450", "group_name": "Oak Street Residents", "contact_name": "Sam",
            "email": "sam@mail.example", "language": "cy", f"question_{question.pk}": "yes",
            "action": "submit", **extra}


def test_anyone_applies_online_and_an_ineligible_bid_is_kept_with_its_reason(
        client: Any, org: Any) -> None:
    round = make_round(org)
    assert client.post(url("apply", round), application(round)).status_code == 200
    question = round.fund.questions.get()
    client.post(url("apply", round), application(round, title="Trip",
                                                  **{f"question_{question.pk}": "no"}))
    good, bad = Bid.objects.order_by("pk")
    assert good.eligible and good.channel == BidChannel.WEB and good.language == "cy"
    assert not bad.eligible and bad.ineligible_reason == "The group must be mostly residents."


def test_a_draft_is_saved_and_reopened_only_by_its_own_link(client: Any, org: Any) -> None:
    round = make_round(org)
    response = client.post(url("apply_easy_read", round), application(round, action="save"))
    bid = Bid.objects.get()
    assert bid.status == "draft" and bid.channel == BidChannel.EASY_READ
    assert response["Location"] == url("draft", round, draft_token=bid.token)
    assert "Litter pick kit" in client.get(response["Location"]).content.decode()
    assert client.get(url("draft", round, draft_token="not-the-token")).status_code == 404


def test_it_slows_down_a_flood_of_applications_from_one_address(client: Any, org: Any
                                                                 ) -> None:
    round = make_round(org)
    for n in range(12):
        response = client.post(url("apply", round), application(round, title=f"Bid {n}"))
    assert "A lot has been sent from this connection" in response.content.decode()
    assert Bid.objects.count() == 10


def test_it_refuses_an_application_after_the_closing_date(client: Any, org: Any) -> None:
    round = make_round(org)
    with time_machine.travel(round.closes_on + datetime.timedelta(days=1)):
        response = client.post(url("apply", round), application(round))
    assert "not taking applications" in response.content.decode()
    assert not Bid.objects.filter(status="submitted").exists()


def test_it_refuses_a_large_or_disguised_attachment(client: Any, org: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    round = make_round(org)
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90 not a pdf", content_type="application/pdf")
    response = client.post(url("apply", round), {**application(round), "attachment": fake})
    assert "must be a PDF" in response.content.decode()
    big = SimpleUploadedFile("plan.pdf", b"%PDF" + b"0" * (6 * 1024 * 1024))
    response = client.post(url("apply", round), {**application(round), "attachment": big})
    assert "smaller than 5 MB" in response.content.decode()
    assert not Bid.objects.exists()


def test_staff_enter_a_paper_application_marked_as_such(org: Any, login: Any,
                                                        coordinator: Any) -> None:
    round = make_round(org)
    data = application(round)
    data.pop("action")
    assert login(coordinator).post(url("bid_paper", round), data).status_code == 302
    bid = Bid.objects.get()
    assert bid.channel == BidChannel.PAPER and bid.entered_by == coordinator


def test_a_panel_member_with_a_conflict_cannot_see_or_score_that_bid(
        org: Any, login: Any) -> None:
    round = make_round(org)
    mine, theirs = make_bid(round, "Garden", "500"), make_bid(round, "Mural", "700")
    panellist, member = panel_login(round, "Pat Jones")
    to_scoring(round)
    client = login(member)
    client.post(url("declare", round), {f"kind_{mine.pk}": "conflict", f"note_{mine.pk}":
                                        "My sister runs it", f"kind_{theirs.pk}": "none"})
    assert Declaration.objects.get(panellist=panellist, bid=mine).kind == Interest.CONFLICT
    criteria = round.agreed_criteria.criteria.all()  # type: ignore[union-attr]
    scores = {f"score_{c.pk}": "4" for c in criteria}
    assert client.get(url("bid", round, bid_id=mine.pk)).status_code == 403
    assert client.post(url("score", round, bid_id=mine.pk), scores).status_code == 403
    assert client.post(url("score", round, bid_id=theirs.pk), scores).status_code == 302
    assert not ScoreSheet.objects.filter(bid=mine).exists()


def test_it_refuses_a_score_outside_the_scale(org: Any, login: Any) -> None:
    round = make_round(org)
    bid = make_bid(round, "Garden", "500")
    panellist, member = panel_login(round, "Pat Jones")
    to_scoring(round)
    declare(panellist, {bid.pk: ("none", "")}, member)
    criteria = round.agreed_criteria.criteria.all()  # type: ignore[union-attr]
    response = login(member).post(url("score", round, bid_id=bid.pk),
                                  {f"score_{c.pk}": "6" for c in criteria})
    assert "Choose a score from 1 to 5" in response.content.decode()
    assert not ScoreSheet.objects.exists()


def test_changing_scores_after_submitting_keeps_the_old_version(org: Any, login: Any,
                                                               coordinator: Any) -> None:
    round = make_round(org)
    bid = make_bid(round, "Garden", "500")
    panellist = make_panellist(round, "Pat Jones")
    to_scoring(round)
    declare(panellist, {bid.pk: ("none", "")}, None)
    criteria = list(round.agreed_criteria.criteria.all())  # type: ignore[union-attr]
    submit_scores(panellist, bid, {c.pk: (3, "") for c in criteria}, None)
    submit_scores(panellist, bid, {c.pk: (5, "Better on reading again") for c in criteria},
                  None)
    sheets = list(ScoreSheet.objects.order_by("version"))
    assert [(s.version, s.current) for s in sheets] == [(1, False), (2, True)]
    assert sheets[0].scores.first().score == 3  # type: ignore[union-attr]
    page = login(coordinator).get(url("bid", round, bid_id=bid.pk)).content.decode()
    assert "Pat Jones (replaced)" in page  # staff see every version, who entered it and when
    changed = AuditEvent.objects.get(action=Action.SCORES_CHANGED)  # and the change is audited
    assert changed.organisation == org and changed.detail["version"] == 2


def test_nobody_sees_the_ranking_before_scoring_their_own(org: Any, login: Any) -> None:
    round = make_round(org)
    bid = make_bid(round, "Garden", "500")
    panellist, member = panel_login(round, "Pat Jones")
    to_scoring(round)
    client = login(member)
    assert client.get(url("ranking", round)).status_code == 403
    declare(panellist, {bid.pk: ("none", "")}, member)
    criteria = round.agreed_criteria.criteria.all()  # type: ignore[union-attr]
    submit_scores(panellist, bid, {c.pk: (4, "") for c in criteria}, member)
    assert client.get(url("ranking", round)).status_code == 200


def scored_round(org: Any, budget: str = "10000") -> Round:
    """The hand-worked example of test_ranking_rules, scored through the app."""
    round = make_round(org, budget=budget)
    bids = {name: make_bid(round, name, cost) for name, cost in
            [("Park", "6000"), ("Quilt", "6000"), ("Radio", "3000")]}
    to_scoring(round)
    criteria = list(round.agreed_criteria.criteria.all())  # type: ignore[union-attr]
    sheets = {"Ana": {"Park": 5, "Quilt": 5, "Radio": 4}, "Bryn": {"Park": 3, "Radio": 1},
              "Cerys": {"Park": 4, "Quilt": 4, "Radio": 2}}
    for name, scores in sheets.items():
        panellist = make_panellist(round, name, on_paper=True)
        declare(panellist, {bid.pk: ("none" if title in scores else "conflict", "")
                            for title, bid in bids.items()}, None, on_paper=True)
        for title, value in scores.items():
            submit_scores(panellist, bids[title], {c.pk: (value, "") for c in criteria}, None,
                          on_paper=True)
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.MODERATION)
    round.refresh_from_db()
    return round


def test_a_viewer_cannot_award(org: Any, login: Any, viewer: Any) -> None:
    round = scored_round(org)
    assert login(viewer).post(url("award", round), {}).status_code == 403
    assert not Award.objects.exists()


def test_it_refuses_awards_over_the_budget_and_changes_nothing(org: Any, login: Any,
                                                              coordinator: Any) -> None:
    round = scored_round(org)
    refs = {bid.title: bid.reference for bid in round.bids.all()}
    response = login(coordinator).post(url("award", round), {
        f"amount_{refs['Park']}": "6000", f"amount_{refs['Quilt']}": "6000",
        f"amount_{refs['Radio']}": "0", "proposed_by": "participant", "method": "consensus"})
    assert "more than the budget" in response.content.decode()
    assert not Award.objects.exists()
    assert Round.objects.get(pk=round.pk).status == RoundStatus.MODERATION


def test_the_panel_moves_a_bid_with_a_reason_and_awards_within_the_budget(
        org: Any, login: Any, coordinator: Any, client: Any) -> None:
    round = scored_round(org)
    staff = login(coordinator)
    page = staff.get(url("award", round)).content.decode()
    refs = {bid.title: bid.reference for bid in round.bids.all()}
    assert "skipped, and the next bid is considered" in page
    radio = Bid.objects.get(title="Radio")
    staff.post(url("move", round), {"bid": radio.pk, "to_position": 1, "reason": "Urgent",
                                    "proposed_by": "participant", "method": "vote"})
    assert round.moves.get().decision.text.endswith("because: Urgent")
    response = staff.post(url("award", round), {
        f"amount_{refs['Radio']}": "3000", f"amount_{refs['Park']}": "5000",
        f"amount_{refs['Quilt']}": "0", "proposed_by": "participant", "method": "vote",
        "votes_for": "5"})
    assert response.status_code == 302
    awards = {a.bid.title: (a.amount, a.partial) for a in Award.objects.all()}
    assert awards == {"Radio": (Decimal("3000"), False), "Park": (Decimal("5000"), True)}
    assert round.fund.project.phases.filter(kind="co_financing").exists()
    results = client.get(url("results", round)).content.decode()
    assert "Urgent" in results and "declared a conflict" in results
    staff.post(url("letters_send", round))
    assert len(mail.outbox) == 3
    radio = [m for m in mail.outbox if "Radio" in m.body][0]
    assert radio.subject.startswith("Your grant")  # the factory's applicants chose English
    Bid.objects.filter(title="Park").update(email="", address="1 Park Road", language="cy")
    printed = staff.get(url("letters_print", round)).content.decode()
    assert "Eich grant gan" in printed and "1 Park Road" in printed
    assert "Radio" not in printed  # it went by e-mail


def test_the_ranking_page_shows_both_scores_and_the_conflict(org: Any, login: Any,
                                                             coordinator: Any) -> None:
    round = scored_round(org)
    page = login(coordinator).get(url("ranking", round)).content.decode()
    assert "Conflict declared, not scored by: Bryn" in page
    assert page.index("Park") < page.index("Quilt")


def test_two_scorers_with_the_same_name_are_kept_apart(org: Any) -> None:
    round = make_round(org)
    bid = make_bid(round, "Garden", "500")
    to_scoring(round)
    criteria = list(round.agreed_criteria.criteria.all())  # type: ignore[union-attr]
    for value in (2, 4):
        panellist = make_panellist(round, "Sam Jones")
        declare(panellist, {bid.pk: ("none", "")}, None)
        submit_scores(panellist, bid, {c.pk: (value, "") for c in criteria}, None)
    ranking, _order = round_ranking(round)
    assert len(ranking.bids[0].scores) == 2 and ranking.bids[0].raw_mean == pytest.approx(3)
