"""The demo housing association has a finished budget vote and a selected panel."""

import datetime

from django.contrib.auth.models import User

from coproduce.budgets.models import Channel, Stage
from coproduce.demo.budgets import make_budgets
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person
from coproduce.sortition.drawing import pool_of
from coproduce.sortition.selection import Quota, meets


def test_it_gives_the_housing_association_a_finished_vote_and_a_fair_panel(db: None) -> None:
    organisation = Organisation.found("northgate-homes", "Northgate Homes")[0]
    Person.objects.bulk_create([
        Person(organisation=organisation, name=f"Resident {n}", address=f"{n} Ash Court",
               date_joined=datetime.date(2024, 1, 1)) for n in range(80)])
    by = User.objects.create_user("c@northgate.example", "c@northgate.example")
    make_budgets(organisation, by)
    make_budgets(organisation, by)  # building twice changes nothing
    process = organisation.budget_processes.get()
    assert process.stage == Stage.RESULTS and process.result["selected"]
    assert process.ballots.count() == 140
    assert process.ballots.filter(channel=Channel.PAPER).count() == 28
    assert process.result["cost"] <= process.budget
    panel = organisation.panel_selections.get()
    pool = pool_of(panel)
    assert len(panel.panel) == 10
    assert meets(pool, [Quota(**q) for q in panel.quotas], panel.panel)
