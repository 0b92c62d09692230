"""Budget votes for tests: a small open vote with three proposals on the ballot."""

from typing import Any

from coproduce.budgets.models import Process, Proposal, ProposalStatus, Stage, VoterCode


def open_vote(organisation: Any, **fields: Any) -> Process:
    process = Process.objects.create(**{
        "organisation": organisation, "title": "Estate budget", "title_cy": "Cyllideb yr ystâd",
        "description": "£10,000 for the estate", "budget": 10000, "max_choices": 2,
        "rule": "mes-add1", "stage": Stage.VOTING, **fields})
    for title, title_cy, cost in (("Benches", "Meinciau", 3000), ("Play area", "Man chwarae", 6000),
                                  ("Lights", "Goleuadau", 4000)):
        Proposal.objects.create(process=process, title=title, title_cy=title_cy,
                                description=f"New {title.lower()}", cost=cost,
                                status=ProposalStatus.FEASIBLE,
                                easy_read=f"We buy {title.lower()}.")
    return process


def budget_objects(organisation: Any) -> dict[str, Any]:
    process = open_vote(organisation)
    VoterCode.objects.create(process=process)
    return {"process": process, "proposal": process.proposals.first()}
