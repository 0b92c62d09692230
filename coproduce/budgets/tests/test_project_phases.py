"""A budget vote's stages appear, dated, in its project's phases, and its result in the
project's decision log."""

import datetime
from typing import Any

import time_machine
from django.urls import reverse

from coproduce.budgets import voting
from coproduce.budgets.models import Process, Stage
from coproduce.projects.models import Project

from .factories import open_vote


def test_it_lists_each_stage_of_the_vote_dated_in_the_project_phases(
        org: Any, login: Any, coordinator: Any) -> None:
    project = Project.objects.create(organisation=org, title="Estate improvements")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0), tick=False):
        process = open_vote(org, project=project, stage=Stage.PROPOSALS)
        process.history.create(stage=Stage.PROPOSALS, by=coordinator)
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, 0), tick=False):
        voting.advance(process, coordinator)
    with time_machine.travel(datetime.datetime(2026, 4, 1, 10, 0), tick=False):
        voting.advance(process, coordinator)
    page = login(coordinator).get(project.get_absolute_url()).content.decode()
    assert "Budget vote “Estate budget”: Collecting proposals" in page
    assert "2 Mar 2026 – 20 Mar 2026" in page
    assert "Checking feasibility and cost" in page and "20 Mar 2026 – 1 Apr 2026" in page
    assert "Budget vote “Estate budget”: Voting" in page
    assert process.get_absolute_url() in page


def test_it_records_the_result_in_the_project_decision_log(
        org: Any, coordinator: Any, login: Any) -> None:
    project = Project.objects.create(organisation=org, title="Estate improvements")
    process = open_vote(org, project=project)
    play = process.proposals.get(title="Play area")
    voting.cast(process, "user:1", "online", [(play.pk, 1)])
    voting.advance(process, coordinator)
    voting.advance(process, coordinator)  # the count runs at once in tests
    process = Process.objects.get(pk=process.pk)
    assert process.stage == Stage.RESULTS
    decision = project.decisions.get()
    assert "Play area" in decision.text
    other = Project.objects.create(organisation=org, title="Something else")
    page = login(coordinator).get(other.get_absolute_url()).content.decode()
    assert "Budget vote “" not in page
    assert reverse("budgets:detail", kwargs={"org_slug": org.slug,
                                             "process_id": process.pk}) not in page
