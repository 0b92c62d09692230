"""The housing association's community grant fund: one round awarded, one open for bids."""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from coproduce.commissioning.awards import (
    award_order,
    award_round,
    move_bid,
    plan_awards,
    round_ranking,
)
from coproduce.commissioning.grants import (
    CriterionDraft,
    agree_criteria,
    declare,
    next_reference,
    propose_criteria,
    submit_bid,
    submit_scores,
)
from coproduce.commissioning.models import (
    EASY_READ_SCALE,
    Bid,
    BidChannel,
    EligibilityQuestion,
    Fund,
    Panellist,
    Round,
    RoundStatus,
)
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from coproduce.projects.models import Meeting

SLUG = "northgate-homes"
SCALE = [[str(english), welsh] for english, welsh in EASY_READ_SCALE]
FIRST_DRAFT = [
    CriterionDraft("Need", 50, "Shows why it is needed on our estates"),
    CriterionDraft("Value for money", 50, "The costs are realistic"),
]
AGREED = [
    CriterionDraft("Need", 35, "Shows why it is needed on our estates, in residents' words",
                   "Angen", "Dangos pam mae ei angen ar ein hystadau, yng ngeiriau'r trigolion"),
    CriterionDraft("Led by residents", 25, "Residents run it, including young people",
                   "Dan arweiniad trigolion", "Trigolion sy'n ei redeg, gan gynnwys pobl ifanc"),
    CriterionDraft("Reaches people who are not often heard", 20,
                   "Includes people who do not usually take part",
                   "Cyrraedd pobl nad ydynt yn cael eu clywed yn aml",
                   "Yn cynnwys pobl nad ydynt fel arfer yn cymryd rhan"),
    CriterionDraft("Value for money", 20, "The costs are realistic and explained",
                   "Gwerth am arian", "Mae'r costau'n realistig ac wedi'u hesbonio"),
]
BIDS = [  # title, group, amount, summary, eligible, channel
    ("Youth football on the Brook estate", "Brook Estate Youth Club", "4500",
     "Weekly coached football for 11 to 16 year olds, run by young volunteers.", True, "web"),
    ("Community garden and food share", "Oak Street Residents' Association", "3800",
     "Raised beds behind the flats and a monthly food share with what we grow.", True, "paper"),
    ("Lunch club for older tenants", "Friends of Northgate Court", "5200",
     "A hot lunch and company every Thursday in the community room.", True, "easy_read"),
    ("Homework club", "Hillside Parents Group", "2900",
     "Two evenings a week with volunteer tutors and laptops to borrow.", True, "web"),
    ("Estate mural", "Northgate Arts Collective", "6000",
     "A mural designed with residents on the wall of the shopping parade.", True, "web"),
    ("City centre festival stall", "Events4U Ltd", "7000",
     "A stall at the city festival promoting our events company.", False, "web"),
]
OPEN_BIDS = [
    ("Repair café", "Brook Estate Makers", "1800",
     "A monthly café where volunteers fix bikes, clothes and small electrics.", "web"),
    ("Walking group with a mental health first aider", "Hillside Walkers", "1200",
     "Weekly walks with a trained first aider, open to everyone.", "paper"),
]


def people_for_panel(organisation: Any) -> list[Person]:
    return list(Person.objects.filter(organisation=organisation).order_by("pk")[10:15])


def make_fund(organisation: Any) -> Fund:
    project = organisation.projects.order_by("pk").first()
    fund = Fund.objects.create(
        organisation=organisation, project=project, title="Northgate Community Fund",
        title_cy="Cronfa Gymunedol Northgate",
        purpose="Grants for projects that residents run to make our estates better places "
                "to live.",
        purpose_cy="Grantiau ar gyfer prosiectau y mae trigolion yn eu rhedeg i wneud ein "
                   "hystadau'n lleoedd gwell i fyw.",
        who_may_apply="Residents' groups and community groups working on Northgate estates.",
        who_may_apply_cy="Grwpiau trigolion a grwpiau cymunedol sy'n gweithio ar ystadau "
                         "Northgate.",
        total_budget=Decimal("40000"), min_grant=Decimal("250"), max_grant=Decimal("7500"),
        funder_identifier="GB-COH-IP99999", identifier_prefix="360G-northgatehomes")
    EligibilityQuestion.objects.create(
        fund=fund, text="Does your project take place on a Northgate estate?",
        text_cy="Ydy eich prosiect yn digwydd ar ystad Northgate?",
        reason="The project must take place on a Northgate estate.")
    EligibilityQuestion.objects.create(
        fund=fund, text="Is your group run not for profit?",
        text_cy="Ydy eich grŵp yn cael ei redeg nid er elw?",
        reason="Only not-for-profit groups may apply.")
    return fund


def add_bid(round: Round, title: str, group: str, amount: str, summary: str, eligible: bool,
            channel: str, today: datetime.date, rng: random.Random, by: Any) -> Bid:
    answers = {str(q.pk): "yes" for q in round.fund.questions.all()}
    if not eligible:
        answers[str(round.fund.questions.order_by("pk").last().pk)] = "no"  # type: ignore[union-attr]
    name = rng.choice(["Jade", "Marek", "Aisha", "Gareth", "Siân", "Tom", "Priya"])
    bid = Bid.objects.create(
        organisation=round.organisation, round=round, reference=next_reference(round),
        title=title, summary=summary, amount=Decimal(amount), group_name=group,
        contact_name=f"{name} {rng.choice(['Evans', 'Khan', 'Nowak', 'Jones'])}",
        email=f"{name.lower().replace('â', 'a')}.{round.pk}@mail.example",
        language="cy" if rng.random() < 0.2 else "en", answers=answers, channel=channel,
        entered_by=by if channel == BidChannel.PAPER else None)
    return submit_bid(bid, today=today)


def make_panel(round: Round) -> list[Panellist]:
    people = people_for_panel(round.organisation)
    return [Panellist.objects.create(round=round, person=person, on_paper=index == 4)
            for index, person in enumerate(people)]


def score_round(round: Round, panel: list[Panellist], coordinator: Any) -> None:
    rng = random.Random(f"{SLUG}-scores")
    bids = list(round.bids.filter(eligible=True))
    criteria = list(round.agreed_criteria.criteria.all())  # type: ignore[union-attr]
    quality = {bid.pk: rng.uniform(2.2, 4.6) for bid in bids}
    for index, panellist in enumerate(panel):
        leniency = [0.6, -0.7, 0.1, 0.3, -0.2][index % 5]
        kinds = {bid.pk: ("none", "") for bid in bids}
        if index == 1:
            kinds[bids[0].pk] = ("conflict", "My son plays for the youth club")
        if index == 2:
            kinds[bids[2].pk] = ("interest", "I go to the lunch club now and then")
        declare(panellist, kinds, coordinator, on_paper=panellist.on_paper)
        for bid in bids:
            if kinds[bid.pk][0] == "conflict":
                continue
            scores = {c.pk: (max(1, min(5, round_half(quality[bid.pk] + leniency
                                                       + rng.uniform(-0.8, 0.8)))), "")
                      for c in criteria}
            first = criteria[0].pk
            scores[first] = (scores[first][0], rng.choice(
                ["", "", "Clear need, residents asked for this", "Could say more about who "
                 "comes", "Good to see young people leading"]))
            submit_scores(panellist, bid, scores, coordinator, on_paper=panellist.on_paper)


def round_half(value: float) -> int:
    return int(value + 0.5)


def completed_round(fund: Fund, coordinator: Any) -> None:
    today = timezone.localdate()
    opens = today - datetime.timedelta(days=120)
    held = (timezone.now() - datetime.timedelta(days=30)).replace(hour=18, minute=0, second=0,
                                                                 microsecond=0)
    meeting = Meeting.objects.create(
        project=fund.project, title="Grant panel moderation meeting", starts_at=held,
        ends_at=held + datetime.timedelta(hours=2), status="held",
        place="Northgate Court community room", step_free=True, hearing_loop=True)
    round = Round.objects.create(
        organisation=fund.organisation, fund=fund, title="Spring 2026", title_cy="Gwanwyn 2026",
        budget=Decimal("20000"), opens_on=opens, closes_on=opens + datetime.timedelta(days=42),
        min_scores=3, meeting=meeting)
    propose_criteria(round, FIRST_DRAFT, SCALE, "Community investment officer", coordinator,
                     "A starting point for the panel")
    agreed = propose_criteria(round, AGREED, SCALE, "Residents' panel", coordinator,
                              "The panel added resident leadership and reaching quiet voices")
    agree_criteria(agreed, coordinator, "vote", (7, 1, 0))
    rng = random.Random(f"{SLUG}-bids")
    for title, group, amount, summary, eligible, channel in BIDS:
        add_bid(round, title, group, amount, summary, eligible, channel,
                opens + datetime.timedelta(days=10), rng, coordinator)
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.SCORING)
    panel = make_panel(round)
    score_round(round, panel, coordinator)
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.MODERATION)
    round.refresh_from_db()
    _rules, order = round_ranking(round)
    garden = round.bids.get(title="Community garden and food share")
    move_bid(round, garden, 4, "The mural can wait for the parade's repairs; the garden beds "
             "must be built before spring", coordinator, "participant", "vote")
    _rules, order = round_ranking(round)
    plan = plan_awards(award_order(order), round.budget)
    award_round(round, plan.amounts, coordinator, "participant", "vote", (8, 0, 1),
                "Awarded down the ranking within the budget.")
    feedback = "The panel liked the clear need. Next time, say more about who will come."
    round.bids.filter(award__isnull=True, eligible=True).update(feedback=feedback)


def open_round(fund: Fund, coordinator: Any, panel: list[Person]) -> None:
    today = timezone.localdate()
    round = Round.objects.create(
        organisation=fund.organisation, fund=fund, title="Autumn 2026", title_cy="Hydref 2026",
        budget=Decimal("15000"), opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=35), min_scores=3)
    version = propose_criteria(round, AGREED, SCALE, "Residents' panel", coordinator,
                               "The same criteria as in the spring")
    agree_criteria(version, coordinator, "consensus")
    for person in panel:
        Panellist.objects.create(round=round, person=person)
    rng = random.Random(f"{SLUG}-open")
    for title, group, amount, summary, channel in OPEN_BIDS:
        add_bid(round, title, group, amount, summary, True, channel, today, rng, coordinator)
    Bid.objects.create(organisation=fund.organisation, round=round,
                       reference=next_reference(round), title="Christmas party",
                       summary="A party in the community room.", amount=Decimal("600"),
                       group_name="Northgate Court Tenants", contact_name="Pat Kelly",
                       phone="07700 900123")


def make_grant_rounds(organisation: Any, password: str,
                      ensure_login: Callable[[Any, str, str, str], Any]) -> list[Any]:
    """Create the housing association's fund once, with a completed and an open round.

    Return the panel member's login (made on every build, so its password is current).
    """
    if organisation.slug != SLUG or not organisation.projects.exists():
        return []
    coordinator = User.objects.get(email=f"coordinator@{SLUG}.example")
    if not Fund.objects.filter(organisation=organisation).exists():
        fund = make_fund(organisation)
        completed_round(fund, coordinator)
        open_round(fund, coordinator, people_for_panel(organisation))
    panel_login = ensure_login(organisation, "panel", Role.PANEL_MEMBER, password)
    Membership.objects.filter(user__email=f"panel@{SLUG}.example").update(
        person=people_for_panel(organisation)[0])
    return [panel_login]
