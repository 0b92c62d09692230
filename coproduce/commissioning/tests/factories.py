"""A grant round made through the app's own functions, for tests and the tenancy walk."""

import datetime
from decimal import Decimal
from typing import Any

from coproduce.commissioning.grants import (
    CriterionDraft,
    agree_criteria,
    next_reference,
    propose_criteria,
    submit_bid,
)
from coproduce.commissioning.models import (
    EASY_READ_SCALE,
    Bid,
    EligibilityQuestion,
    Fund,
    Panellist,
    Round,
    RoundStatus,
)
from coproduce.people.models import Person
from coproduce.projects.models import Project

SCALE = [[str(english), welsh] for english, welsh in EASY_READ_SCALE]
CRITERIA = [CriterionDraft("Need", 60, "Shows the need clearly"),
            CriterionDraft("Value for money", 40, "Costs are fair")]


def make_fund(organisation: Any, budget: str = "10000") -> Fund:
    project = Project.objects.create(organisation=organisation, title="Community fund",
                                     purpose="Residents decide the grants.")
    fund = Fund.objects.create(organisation=organisation, project=project, title="Community fund",
                               purpose="Small grants for residents' projects.",
                               who_may_apply="Residents' groups", total_budget=Decimal("50000"),
                               min_grant=Decimal("100"), max_grant=Decimal("8000"),
                               identifier_prefix="360G-test")
    EligibilityQuestion.objects.create(fund=fund, text="Do most members live on our estates?",
                                       reason="The group must be mostly residents.")
    return fund


def make_round(organisation: Any, budget: str = "10000", agreed: bool = True) -> Round:
    fund = make_fund(organisation)
    today = datetime.date.today()
    round = Round.objects.create(organisation=organisation, fund=fund, title="Spring round",
                                 budget=Decimal(budget), opens_on=today - datetime.timedelta(1),
                                 closes_on=today + datetime.timedelta(30), min_scores=2)
    version = propose_criteria(round, CRITERIA, SCALE, "The panel", None)
    if agreed:
        agree_criteria(version, None, "consensus")
        round.refresh_from_db()
    return round


def make_bid(round: Round, title: str, amount: str, eligible: bool = True) -> Bid:
    question = round.fund.questions.first()
    bid = Bid.objects.create(
        organisation=round.organisation, round=round, reference=next_reference(round),
        title=title, summary=f"{title} for the estate", amount=Decimal(amount),
        group_name=f"{title} group", contact_name="Jo", email="jo@mail.example",
        answers={str(question.pk): "yes" if eligible else "no"} if question else {})
    return submit_bid(bid)


def make_panellist(round: Round, name: str, on_paper: bool = False) -> Panellist:
    person = Person.objects.create(organisation=round.organisation, name=name)
    return Panellist.objects.create(round=round, person=person, on_paper=on_paper)


def to_scoring(round: Round) -> Round:
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.SCORING)
    round.refresh_from_db()
    return round


def tenancy_objects(organisation: Any) -> dict[str, Any]:
    """Organisation B's fund, round, bid, panel place, criteria version and file."""
    round = make_round(organisation)
    bid = make_bid(round, "Garden", "500")
    panellist = make_panellist(round, "B's panel member")
    attachment = bid.attachments.create(name="b.pdf", content_type="application/pdf", size=4,
                                        data=b"%PDF")
    return {"fund_id": round.fund_id, "grant_round_id": round.pk, "bid_id": bid.pk,
            "panellist_id": panellist.pk, "version_id": round.agreed_criteria.pk,  # type: ignore[union-attr]
            "attachment_id": attachment.pk, "draft_token": bid.token}
