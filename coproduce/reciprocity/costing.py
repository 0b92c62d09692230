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
from .published import NLW


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
    excluded: dict[str, Any] = field(default_factory=dict)

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
            "excluded": self.excluded,
        }


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
        card = RateCard.objects.get(organisation=None, key=NLW)
    return card


def value_participants(hours: QuerySet[Contribution], card: RateCard,
                       result: TrueCost) -> None:
    rates = list(card.rates.all())
    by_rate: dict[int, int] = defaultdict(int)
    unvalued = 0
    for day, minutes in hours.values_list("on").annotate(total=Sum("minutes")).order_by():
        rate = card.rate_on(day, rates)
        if rate is None:
            unvalued += minutes
        else:
            by_rate[rate.pk] += minutes
    found = {rate.pk: rate for rate in rates}
    for pk, minutes in sorted(by_rate.items(), key=lambda item: found[item[0]].effective_from):
        used: Rate = found[pk]
        result.participants.append(Valued(str(card), used.amount_pence, used.effective_from,
                                          f"{card.source_title} {card.source_url}".strip(),
                                          minutes))
    if unvalued:
        result.excluded["participant_minutes_with_no_rate"] = unvalued


def staff_cost_on(costs: list[StaffCost], day: datetime.date) -> StaffCost | None:
    for cost in costs:  # newest first
        if cost.effective_from <= day:
            return cost
    return None


def value_staff(hours: QuerySet[Contribution], organisation: Any, result: TrueCost) -> None:
    costs: dict[int, list[StaffCost]] = defaultdict(list)
    for cost in StaffCost.objects.filter(organisation=organisation).select_related(
            "user").order_by("-effective_from"):
        costs[cost.user_id].append(cost)
    groups: dict[tuple[str, int, datetime.date | None], int] = defaultdict(int)
    uncosted = 0
    rows = hours.values_list("staff_id", "staff__email", "on", "hourly_cost_pence").annotate(
        total=Sum("minutes")).order_by()
    for staff_id, email, day, own_cost, minutes in rows:
        if own_cost is not None:
            groups[(_("%(who)s (cost entered with the hours)") % {"who": email}, own_cost,
                    None)] += minutes
            continue
        in_force = staff_cost_on(costs[staff_id], day)
        if in_force is None:
            uncosted += minutes
        else:
            groups[(email, in_force.hourly_pence, in_force.effective_from)] += minutes
    for (name, pence, start), minutes in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1])):
        result.staff.append(Valued(name, pence, start, _("staff cost"), minutes))
    if uncosted:
        result.excluded["staff_minutes_with_no_cost"] = uncosted


def money_parts(organisation: Any, project: Project | None, start: datetime.date | None,
                end: datetime.date | None, result: TrueCost) -> None:
    claims = in_period(Claim.objects.filter(organisation=organisation), "spent_on", start, end)
    offers = in_period(Offer.objects.filter(organisation=organisation), "offered_on", start, end)
    if project is not None:
        claims, offers = claims.filter(project=project), offers.filter(project=project)
    totals = dict(claims.values_list("status").annotate(total=Sum("amount_pence")).order_by())
    result.expenses = totals.get(ClaimStatus.APPROVED, 0) + totals.get(ClaimStatus.PAID, 0)
    result.excluded["claims_submitted_not_approved"] = pounds(totals.get(ClaimStatus.SUBMITTED,
                                                                         0))
    result.excluded["claims_rejected"] = pounds(totals.get(ClaimStatus.REJECTED, 0))
    waiting = credits = 0
    for offer in offers:
        result.recognition += offer.payable_pence
        if offer.status == OfferStatus.OFFERED:
            waiting += offer.amount_pence
        if (offer.answer_status or offer.status) == OfferStatus.CREDITS:
            credits += offer.amount_pence
    result.excluded["recognition_offered_not_answered"] = pounds(waiting)
    result.excluded["recognition_taken_as_time_credits"] = pounds(credits)


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


def direct_costs(organisation: Any, project: Project | None, start: datetime.date | None,
                 end: datetime.date | None, card: RateCard) -> TrueCost:
    """Everything but overheads and funding."""
    result = TrueCost(card=str(card))
    hours = in_period(Contribution.objects.filter(organisation=organisation), "on", start, end)
    if project is not None:
        hours = hours.filter(project=project)
    confirmed = hours.filter(status=HoursStatus.CONFIRMED)
    value_participants(confirmed.filter(side=Side.PARTICIPANT), card, result)
    value_staff(confirmed.filter(side=Side.STAFF), organisation, result)
    result.excluded["minutes_not_confirmed"] = hours.exclude(
        status=HoursStatus.CONFIRMED).aggregate(total=Sum("minutes"))["total"] or 0
    money_parts(organisation, project, start, end, result)
    return result


def true_cost(organisation: Any, project: Project | None = None,
              start: datetime.date | None = None,
              end: datetime.date | None = None) -> TrueCost:
    """Count the true cost of one project, or of all the organisation's work, in a period."""
    card = participant_card(organisation)
    result = direct_costs(organisation, project, start, end, card)
    projects = Project.objects.filter(organisation=organisation)
    if project is not None:
        projects = projects.filter(pk=project.pk)
    for costing in Costing.objects.filter(project__in=projects).select_related("project"):
        part = result if project is not None else direct_costs(
            organisation, costing.project, start, end, card)
        amount = overhead_on(costing, part)
        result.overheads += amount
        result.overhead_notes.append(
            _("%(project)s: %(percent)s%% of %(base)s = %(amount)s") % {
                "project": costing.project.title, "percent": costing.overhead_percent.normalize(),
                "base": costing.get_overhead_base_display(), "amount": pounds(amount)})
    funding_of(projects, start, end, result)
    result.excluded["organisation_credit_account"] = _("time credits are not money and are not "
                                                       "counted")
    return result
