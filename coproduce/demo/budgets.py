"""Demo participatory budget and panel for the housing association: a finished estate budget
vote counted by the Method of Equal Shares, and a residents' panel drawn by sortition."""

import random
from typing import Any

from django.db import transaction

from coproduce.budgets import voting
from coproduce.budgets.models import Channel, Process, Proposal, ProposalStatus, Stage
from coproduce.people.models import Person
from coproduce.projects.models import Project
from coproduce.sortition.drawing import draw_panel
from coproduce.sortition.models import Selection
from coproduce.sortition.selection import Pool, Quota

TITLE = "Northgate estate budget 2026"

# title, Welsh title, description, easy read, cost, popularity
PROPOSALS = [
    ("Brighter lighting on the walkways", "Goleuadau gwell ar y llwybrau",
     "LED lights along the back walkways between Ash Court and the shops.",
     "More lights on the paths at night.", 9000, 0.55),
    ("A play area by the community hall", "Man chwarae wrth neuadd y gymuned",
     "Swings, a climbing frame and safe flooring on the grass by the hall.",
     "A new place for children to play.", 14000, 0.45),
    ("Raised beds and a tool shed", "Gwelyau uchel a sied offer",
     "Six raised vegetable beds and a shared shed for the gardening club.",
     "Places to grow food, and a shed for tools.", 3500, 0.3),
    ("Benches and bins on the green", "Meinciau a biniau ar y lawnt",
     "Four benches and four bins on the central green.",
     "Places to sit, and bins.", 2500, 0.35),
    ("Free Wi-Fi in the community hall", "Wi-Fi am ddim yn neuadd y gymuned",
     "A year of broadband and Wi-Fi for the hall, for job searching and homework.",
     "Free internet in the hall.", 4000, 0.25),
    ("Secure bike storage", "Storfa feiciau ddiogel",
     "Two lockable bike shelters for the tower blocks.",
     "Safe places to lock bikes.", 6000, 0.15),
]


def make_budgets(organisation: Any, by: Any) -> None:
    """Build the demo vote and panel once, for the housing association only."""
    if organisation.slug != "northgate-homes" or Process.objects.filter(
            organisation=organisation, title=TITLE).exists():
        return
    with transaction.atomic():
        make_vote(organisation, by)
        make_panel(organisation, by)


def make_vote(organisation: Any, by: Any) -> Process:
    rng = random.Random("northgate budget")
    process = Process.objects.create(
        organisation=organisation, title=TITLE, title_cy="Cyllideb ystâd Northgate 2026",
        description="Residents choose how £25,000 is spent on the estate this year.",
        description_cy="Mae preswylwyr yn dewis sut i wario £25,000 ar yr ystâd eleni.",
        project=Project.objects.filter(organisation=organisation).first(), budget=25000,
        max_choices=3, rule="mes-add1", stage=Stage.VOTING, created_by=by)
    proposals = [Proposal.objects.create(
        process=process, title=t, title_cy=cy, description=d, easy_read=e, cost=c,
        status=ProposalStatus.FEASIBLE) for t, cy, d, e, c, _p in PROPOSALS]
    Proposal.objects.create(process=process, title="A swimming pool", cost=900000,
                            description="An outdoor pool on the green.",
                            status=ProposalStatus.EXCLUDED,
                            exclusion_reason="It would cost far more than the whole budget.")
    people = list(Person.objects.filter(organisation=organisation)[:60])
    voting.issue_codes(process, people, extra=100)
    codes = list(process.codes.all())
    for n, code in enumerate(codes[:140]):
        chosen = [p.pk for p, row in zip(proposals, PROPOSALS, strict=True)
                  if rng.random() < row[5]][:3] or [proposals[rng.randrange(4)].pk]
        paper, event = n % 5 == 0, n % 7 == 3  # some on paper, some at the estate fun day
        channel = Channel.PAPER if paper else Channel.EVENT if event else Channel.CODE
        voting.cast(process, voting.voter_of(code), channel,
                    [(pid, 1) for pid in chosen], by=by if paper or event else None, code=code,
                    replace=not paper)
    voting.advance(process, by)  # close voting: the tie order is drawn and published
    voting.advance(process, by)  # start the count (the worker's task finds it done)
    voting.publish(process, by)
    return process


def make_panel(organisation: Any, by: Any) -> Selection:
    rng = random.Random("northgate panel")
    people = list(Person.objects.filter(organisation=organisation).order_by("pk")[:80])
    features = {str(p.pk): {"age": rng.choice(["16-29", "30-59", "30-59", "60+"]),
                            "block": rng.choice(["Ash Court", "Birch Tower", "Cedar Row"])}
                for p in people}
    pool = Pool(list(features), features,
                {str(p.pk): f"{p.address} {p.postcode}".strip().lower() for p in people
                 if p.address})
    quotas = [Quota("age", "16-29", 2, 4), Quota("age", "30-59", 4, 7),
              Quota("age", "60+", 2, 4), Quota("block", "Ash Court", 3, 4),
              Quota("block", "Birch Tower", 3, 4), Quota("block", "Cedar Row", 3, 4)]
    return draw_panel(organisation, "Residents' scrutiny panel", pool, quotas, 10,
                      "2026 03 14 draw at the residents' AGM", "maximin", by)
