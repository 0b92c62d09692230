"""The true cost of a piece of co-production, and what was funded.

True cost = staff time at cost + participants' time valued by a rate card + approved and paid
expenses + recognition payments + overheads. Time is valued per rate: all the minutes at one
rate times that rate, rounded half-up to the penny; overheads are rounded once; totals add
the rounded parts. Every figure carries the rates and dates it used.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from coproduce.projects.models import Project

from .models import (
    Claim,
    ClaimStatus,
    Contribution,
    Costing,
    Funding,
    HoursStatus,
    Offer,
    OfferStatus,
    OverheadBase,
    Rate,
    RateCard,
    Settings,
    Side,
    StaffCost,
)
from .money import half_up, pounds
from .published import NLW, install


@dataclass
class Valued:
    """Minutes valued at one rate."""

    name: str
    amount_pence: int
    effective_from: datetime.date | None
    source: str
    minutes: int

    @property
    def value_pence(self) -> int:
        return half_up(Decimal(self.minutes) * self.amount_pence / 60)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "amount": pounds(self.amount_pence),
                "effective_from": self.effective_from.isoformat() if self.effective_from
                else None, "source": self.source, "minutes": self.minutes,
                "value": pounds(self.value_pence)}


@dataclass
class TrueCost:
    card: str
    staff: list[Valued] = field(default_factory=list)
    participants: list[Valued] = field(default_factory=list)
    expenses: int = 0
    recognition: int = 0
    overheads: int = 0
    overhead_notes: list[str] = field(default_factory=list)
    funded: int = 0
    funders: list[str] = field(default_factory=list)
    # What is left out: minutes under *_minutes keys, pence under the others.
    excluded: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def staff_cost(self) -> int:
        return sum(v.value_pence for v in self.staff)

    @property
    def participant_minutes(self) -> int:
        return sum(v.minutes for v in self.participants)

    @property
    def participant_value(self) -> int:
        return sum(v.value_pence for v in self.participants)

    @property
    def true_cost(self) -> int:
        return (self.staff_cost + self.participant_value + self.expenses + self.recognition
                + self.overheads)

    @property
    def gap(self) -> int:
        return self.true_cost - self.funded

    @property
    def in_kind_share(self) -> Decimal | None:
        if not self.true_cost:
            return None
        return (Decimal(self.participant_value) / self.true_cost).quantize(Decimal("0.0001"))

    def as_json(self) -> dict[str, Any]:
        share = self.in_kind_share
        return {
            "staff_cost": pounds(self.staff_cost),
            "staff_minutes": sum(v.minutes for v in self.staff),
            "staff_rates": [v.as_json() for v in self.staff],
            "participant_minutes": self.participant_minutes,
            "participant_value": pounds(self.participant_value),
            "rate_card": self.card,
            "rates": [v.as_json() for v in self.participants],
            "expenses": pounds(self.expenses),
            "recognition": pounds(self.recognition),
            "overheads": pounds(self.overheads),
            "overhead_basis": self.overhead_notes,
            "true_cost": pounds(self.true_cost),
            "funded": pounds(self.funded),
            "funders": self.funders,
            "gap": pounds(self.gap),
            "in_kind_share": None if share is None else str(share),
            "excluded": {
                **{key: value if "minutes" in key else pounds(value)
                   for key, value in sorted(self.excluded.items())},
                "organisation_credit_account": _("time credits are not money and are not "
                                                 "counted")},
        }

    def add(self, other: "TrueCost") -> None:
        """Add another part's direct costs to these (minutes at one rate are pooled)."""
        self.staff = pooled(self.staff + other.staff)
        self.participants = pooled(self.participants + other.participants)
        self.expenses += other.expenses
        self.recognition += other.recognition
        for key, value in other.excluded.items():
            self.excluded[key] += value


def pooled(valued: list[Valued]) -> list[Valued]:
    """Put together the minutes valued at the same rate, so each rate is rounded once."""
    groups: dict[tuple[str, int, datetime.date | None, str], int] = defaultdict(int)
    for v in valued:
        groups[(v.name, v.amount_pence, v.effective_from, v.source)] += v.minutes
    return [Valued(name, pence, start, source, minutes)
            for (name, pence, start, source), minutes in sorted(
                groups.items(), key=lambda g: (g[0][2] or datetime.date.min, g[0][0], g[0][1]))]


def in_period(queryset: QuerySet[Any], day_field: str, start: datetime.date | None,
              end: datetime.date | None) -> QuerySet[Any]:
    if start:
        queryset = queryset.filter(**{f"{day_field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{day_field}__lte": end})
    return queryset


def participant_card(organisation: Any) -> RateCard:
    """The card the organisation values participants' time with (the NLW unless it chose)."""
    card = Settings.of(organisation).participant_card
    if card is None:
        card = RateCard.objects.filter(organisation=None, key=NLW).first()
    if card is None:  # the published cards went with a database flushed after migrating
        install(RateCard, Rate)
        card = RateCard.objects.get(organisation=None, key=NLW)
    return card


def staff_cost_on(costs: list[StaffCost], day: datetime.date) -> StaffCost | None:
    for cost in costs:  # newest first
        if cost.effective_from <= day:
            return cost
    return None


class Valuer:
    """Values grouped minutes: participants' by the card's rate on the day, staff's at cost."""

    def __init__(self, organisation: Any, card: RateCard) -> None:
        self.card, self.rates = card, list(card.rates.all())
        self.source = f"{card.source_title} {card.source_url}".strip()
        self.costs: dict[int, list[StaffCost]] = defaultdict(list)
        for cost in StaffCost.objects.filter(organisation=organisation).order_by(
                "-effective_from"):
            self.costs[cost.user_id].append(cost)

    def add(self, part: TrueCost, side: str, staff_id: int | None, email: str | None,
            day: datetime.date, own_cost: int | None, minutes: int) -> None:
        if side == Side.PARTICIPANT:
            rate = self.card.rate_on(day, self.rates)
            if rate is None:
                part.excluded["participant_minutes_with_no_rate"] += minutes
            else:
                part.participants.append(Valued(str(self.card), rate.amount_pence,
                                                rate.effective_from, self.source, minutes))
        elif own_cost is not None:
            part.staff.append(Valued(_("%(who)s (cost entered with the hours)") % {
                "who": email}, own_cost, None, _("staff cost"), minutes))
        else:
            in_force = staff_cost_on(self.costs[staff_id or 0], day)
            if in_force is None:
                part.excluded["staff_minutes_with_no_cost"] += minutes
            else:
                part.staff.append(Valued(email or "", in_force.hourly_pence,
                                         in_force.effective_from, _("staff cost"), minutes))


Parts = dict[int | None, TrueCost]


def time_parts(hours: QuerySet[Contribution], valuer: Valuer, parts: Parts) -> None:
    rows = hours.values_list("project_id", "side", "status", "staff_id", "staff__email", "on",
                             "hourly_cost_pence").annotate(total=Sum("minutes")).order_by()
    for project_id, side, status, staff_id, email, day, own_cost, minutes in rows:
        part = parts[project_id]
        if status != HoursStatus.CONFIRMED:
            part.excluded["minutes_not_confirmed"] += minutes
        else:
            valuer.add(part, side, staff_id, email, day, own_cost, minutes)


def money_parts(claims: QuerySet[Claim], offers: QuerySet[Offer], parts: Parts) -> None:
    for project_id, status, total in claims.values_list("project_id", "status").annotate(
            total=Sum("amount_pence")).order_by():
        part = parts[project_id]
        if status in {ClaimStatus.APPROVED, ClaimStatus.PAID}:
            part.expenses += total
        else:
            part.excluded[{ClaimStatus.SUBMITTED: "claims_submitted_not_approved",
                           ClaimStatus.REJECTED: "claims_rejected"}[ClaimStatus(status)]] += total
    for offer in offers.only("project_id", "status", "answer_status", "amount_pence",
                             "taken_pence"):
        part = parts[offer.project_id]
        part.recognition += offer.payable_pence
        if offer.status == OfferStatus.OFFERED:
            part.excluded["recognition_offered_not_answered"] += offer.amount_pence
        if (offer.answer_status or offer.status) == OfferStatus.CREDITS:
            part.excluded["recognition_taken_as_time_credits"] += offer.amount_pence


def overhead_on(costing: Costing, part: TrueCost) -> int:
    base = part.staff_cost
    if costing.overhead_base in {OverheadBase.DIRECT, OverheadBase.ALL}:
        base += part.expenses + part.recognition
    if costing.overhead_base == OverheadBase.ALL:
        base += part.participant_value
    return half_up(Decimal(base) * costing.overhead_percent / 100)


def funding_of(projects: QuerySet[Project], start: datetime.date | None,
               end: datetime.date | None, result: TrueCost) -> None:
    funding = Funding.objects.filter(project__in=projects)
    if start:
        funding = funding.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    if end:
        funding = funding.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=end))
    for grant in funding.order_by("starts_on", "id"):
        result.funded += grant.amount_pence
        result.funders.append(f"{grant.funder}: {pounds(grant.amount_pence)}")


def true_cost(organisation: Any, project: Project | None = None,
              start: datetime.date | None = None,
              end: datetime.date | None = None) -> TrueCost:
    """Count the true cost of one project, or of all the organisation's work, in a period.

    One pass groups everything by project, so each project's overheads are taken on its own
    costs; the organisation's figure is the sum of the parts.
    """
    card = participant_card(organisation)
    parts: Parts = defaultdict(lambda: TrueCost(card=str(card)))
    scope = {"organisation": organisation, **({"project": project} if project else {})}
    time_parts(in_period(Contribution.objects.filter(**scope), "on", start, end),
               Valuer(organisation, card), parts)
    money_parts(in_period(Claim.objects.filter(**scope), "spent_on", start, end),
                in_period(Offer.objects.filter(**scope), "offered_on", start, end), parts)
    result = TrueCost(card=str(card))
    for part in parts.values():
        result.add(part)
    projects = Project.objects.filter(organisation=organisation)
    if project is not None:
        projects = projects.filter(pk=project.pk)
    for costing in Costing.objects.filter(project__in=projects).select_related("project"):
        amount = overhead_on(costing, parts.get(costing.project_id) or TrueCost(card=str(card)))
        result.overheads += amount
        result.overhead_notes.append(
            _("%(project)s: %(percent)s%% of %(base)s = %(amount)s") % {
                "project": costing.project.title,
                "percent": f"{costing.overhead_percent.normalize():f}",  # 20, never 2E+1
                "base": costing.get_overhead_base_display(), "amount": pounds(amount)})
    funding_of(projects, start, end, result)
    return result
