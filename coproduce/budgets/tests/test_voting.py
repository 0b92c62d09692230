"""Voting: one ballot per voter, counted once, by code, login or paper; and the refusals."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.budgets import voting
from coproduce.budgets.models import Ballot, Channel, Process, Stage, VoterCode
from coproduce.projects.models import Decision, Project

from .factories import open_vote


def url(name: str, process: Process, **kw: Any) -> str:
    return reverse(f"budgets:{name}", kwargs={"org_slug": process.organisation.slug,
                                              "process_id": process.pk, **kw})


def ids(process: Process, *titles: str) -> list[int]:
    return [process.proposals.get(title=t).pk for t in titles]


def vote_with_code(client: Client, process: Process, code: str, titles: list[str]) -> Any:
    client.post(url("vote", process), {"code": code})
    return client.post(url("ballot", process), {"chosen": ids(process, *titles)})


@pytest.fixture
def process(org: Any) -> Process:
    return open_vote(org)


def test_it_takes_a_ballot_with_a_voter_code_and_lets_the_voter_change_it(
        process: Process) -> None:
    code = VoterCode.objects.create(process=process)
    client = Client()
    response = vote_with_code(client, process, code.grouped.lower(), ["Benches"])
    assert response.status_code == 302
    client.post(url("ballot", process), {"chosen": ids(process, "Lights", "Play area")})
    ballot = Ballot.objects.get(process=process)
    assert ballot.channel == Channel.CODE
    assert [pid for pid, _p in ballot.choices] == ids(process, "Lights", "Play area")
    code.refresh_from_db()
    assert code.used_at is not None


def test_it_refuses_a_used_code(process: Process) -> None:
    code = VoterCode.objects.create(process=process)
    vote_with_code(Client(), process, code.code, ["Benches"])
    response = Client().post(url("vote", process), {"code": code.code})
    assert "This voter code has already been used." in response.content.decode()
    assert Ballot.objects.filter(process=process).count() == 1


def test_it_refuses_a_code_from_another_vote(process: Process, org: Any) -> None:
    other = open_vote(org, title="Another")
    code = VoterCode.objects.create(process=other)
    response = Client().post(url("vote", process), {"code": code.code})
    assert "We do not recognise that code" in response.content.decode()


def test_it_refuses_a_vote_after_closing(process: Process) -> None:
    code = VoterCode.objects.create(process=process)
    client = Client()
    client.post(url("vote", process), {"code": code.code})
    Process.objects.filter(pk=process.pk).update(stage=Stage.CLOSED)
    response = client.post(url("ballot", process), {"chosen": ids(process, "Benches")})
    assert "Voting has closed" in response.content.decode()
    assert not Ballot.objects.exists()
    code.refresh_from_db()
    assert code.used_at is None


def test_it_refuses_a_ballot_over_the_limit(process: Process) -> None:
    code = VoterCode.objects.create(process=process)
    response = vote_with_code(Client(), process, code.code, ["Benches", "Lights", "Play area"])
    assert "You can choose up to 2 projects; you chose 3." in response.content.decode()
    assert not Ballot.objects.exists()


def test_it_refuses_points_over_the_total(org: Any) -> None:
    process = open_vote(org, ballot_kind="cumulative", max_points=5)
    with pytest.raises(voting.VoteRefused, match="5 points in all; you gave 6"):
        voting.cast(process, "user:1", Channel.ONLINE, [(ids(process, "Benches")[0], 6)])


def test_it_counts_a_signed_in_members_second_ballot_once(process: Process, login: Any,
                                                         viewer: Any) -> None:
    client = login(viewer)
    client.post(url("ballot", process), {"chosen": ids(process, "Benches")})
    client.post(url("ballot", process), {"chosen": ids(process, "Lights")})
    assert Ballot.objects.filter(process=process).count() == 1
    assert Ballot.objects.get().choices == [[ids(process, "Lights")[0], 1]]


def test_it_marks_paper_ballots_and_refuses_a_second_for_the_same_code(
        process: Process, login: Any, coordinator: Any) -> None:
    code = VoterCode.objects.create(process=process)
    client = login(coordinator)
    client.post(url("paper", process), {"code": code.code, "chosen": ids(process, "Lights")})
    assert Ballot.objects.get().channel == Channel.PAPER
    again = client.post(url("paper", process), {"code": code.code,
                                                "chosen": ids(process, "Benches")})
    assert "already been used" in again.content.decode()
    online = Client().post(url("vote", process), {"code": code.code})
    assert "already been used" in online.content.decode()
    assert Ballot.objects.count() == 1 and Ballot.objects.get().choices[0][0] == \
        ids(process, "Lights")[0]


def test_it_refuses_an_online_code_vote_for_someone_who_voted_on_paper(
        process: Process, person: Any, login: Any, coordinator: Any) -> None:
    voting.issue_codes(process, [person])
    login(coordinator).post(url("paper", process), {"person": person.pk,
                                                    "chosen": ids(process, "Lights")})
    code = process.codes.get(person=person)
    response = vote_with_code(Client(), process, code.code, ["Benches"])
    assert "already voted" in response.content.decode()
    assert Ballot.objects.count() == 1


def test_it_does_not_let_a_viewer_close_voting(process: Process, login: Any,
                                               viewer: Any) -> None:
    response = login(viewer).post(url("advance", process))
    assert response.status_code == 403
    process.refresh_from_db()
    assert process.stage == Stage.VOTING


def test_it_hides_a_vote_from_another_organisation(process: Process, login: Any,
                                                   outsider: Any) -> None:
    assert login(outsider).get(url("detail", process)).status_code == 404
    wrong_slug = reverse("budgets:vote", kwargs={"org_slug": "northgate",
                                                 "process_id": process.pk})
    assert Client().get(wrong_slug).status_code == 404


def test_it_closes_counts_and_publishes_results_with_the_decision_logged(
        org: Any, login: Any, coordinator: Any) -> None:
    project = Project.objects.create(organisation=org, title="Estate", purpose="Spend it")
    process = open_vote(org, project=project)
    for n, titles in enumerate([["Play area"], ["Play area", "Lights"], ["Benches"]]):
        voting.cast(process, f"user:{n}", Channel.ONLINE,
                    [(pid, 1) for pid in ids(process, *titles)])
    client = login(coordinator)
    client.post(url("advance", process))
    process.refresh_from_db()
    assert process.stage == Stage.CLOSED and len(process.tie_order) == 3 and process.tie_seed
    client.post(url("advance", process))
    process.refresh_from_db()
    assert process.stage == Stage.RESULTS
    assert process.result["selected"]
    assert Decision.objects.filter(project=project).count() == 1
    page = Client().get(url("results", process)).content.decode()
    assert "Method of Equal Shares" in page and "Round by round" in page
    assert [h.stage for h in process.history.all()] == [Stage.CLOSED, Stage.COUNTING, Stage.RESULTS]


def test_it_exports_and_imports_a_process_with_the_same_results(
        org: Any, login: Any, coordinator: Any) -> None:
    process = open_vote(org)
    for n, titles in enumerate([["Play area"], ["Play area", "Lights"], ["Benches", "Lights"],
                                ["Lights"]]):
        voting.cast(process, f"user:{n}", Channel.ONLINE,
                    [(pid, 1) for pid in ids(process, *titles)])
    voting.advance(process, None)
    voting.advance(process, None)
    process.refresh_from_db()
    exported = login(coordinator).get(url("export", process)).content
    again = voting.import_pabulib(org, exported, "again.pb", None)
    assert again.ballots.count() == 4 and again.proposals.count() == 3
    again.tie_order = process.tie_order
    assert voting.tally(again)["selected"] == process.result["selected"]


def test_it_refuses_an_upload_with_a_bad_line_and_changes_nothing(
        org: Any, login: Any, coordinator: Any) -> None:
    bad = b"META\nkey;value\nbudget;5\nvote_type;approval\nPROJECTS\nproject_id;cost\na;5\n" \
          b"VOTES\nvoter_id;vote\n1;z\n"
    from django.core.files.uploadedfile import SimpleUploadedFile
    response = login(coordinator).post(reverse("budgets:import", kwargs={"org_slug": org.slug}),
                                       {"file": SimpleUploadedFile("bad.pb", bad)})
    assert "Line 10: a vote for unknown project" in response.content.decode()
    assert not Process.objects.exists()


def test_it_turns_a_theme_into_a_proposal_and_needs_a_reason_to_exclude_one(
        org: Any, login: Any, coordinator: Any) -> None:
    from coproduce.themes.models import Theme

    theme = Theme.objects.create(organisation=org, key="lights", label="Dark walkways")
    process = open_vote(org, stage=Stage.PROPOSALS)
    client = login(coordinator)
    form = client.get(url("proposal_add", process) + f"?theme={theme.pk}").content.decode()
    assert f'<option value="{theme.pk}" selected>' in form
    client.post(url("proposal_add", process), {"title": "Walkway lights", "cost": 5000,
                                               "description": "Lights", "theme": theme.pk})
    proposal = process.proposals.get(title="Walkway lights")
    assert proposal.theme == theme and proposal.status == "submitted"
    review = url("review", process, proposal_id=proposal.pk)
    refused = client.post(review, {"cost": 5000, "status": "excluded"})
    assert "Give the reason" in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    client.post(review, {"cost": 5000, "status": "excluded",
                         "exclusion_reason": "The council is already doing this."})
    proposal.refresh_from_db()
    assert proposal.status == "excluded"


def test_it_refuses_choices_that_cost_more_than_the_budget(org: Any) -> None:
    process = open_vote(org, within_budget=True, max_choices=3)
    with pytest.raises(voting.VoteRefused, match="cost more than the budget"):
        voting.cast(process, "user:1", Channel.ONLINE,
                    [(pid, 1) for pid in ids(process, "Play area", "Lights", "Benches")])
