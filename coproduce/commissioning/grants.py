"""Criteria the panel co-designs, bids from applicants, and conflicts declared by scorers."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.models import Action, record
from coproduce.projects.phases import PhaseKind

from .models import (
    Bid,
    BidStatus,
    CriteriaVersion,
    Criterion,
    Declaration,
    Fund,
    Interest,
    Panellist,
    Round,
    RoundStatus,
    Score,
    ScoreSheet,
)


@dataclass
class CriterionDraft:
    name: str
    weight: int
    description: str
    name_cy: str = ""
    description_cy: str = ""


def check_weights(drafts: list[CriterionDraft]) -> None:
    """Refuse criteria whose weights do not add up to 100%."""
    if not drafts:
        raise ValidationError(_("Add at least one criterion."))
    total = sum(draft.weight for draft in drafts)
    if total != 100:
        raise ValidationError(_("The weights add up to %(total)s%%. They must add up to "
                                "exactly 100%%.") % {"total": total})


@transaction.atomic
def propose_criteria(round: Round, drafts: list[CriterionDraft], scale: list[list[str]],
                     proposer_name: str, by: Any, note: str = "") -> CriteriaVersion:
    """Save a new version of the whole set of criteria, while they are still being agreed."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.CRITERIA:
        raise ValidationError(_("The criteria have been agreed and are frozen."))
    check_weights(drafts)
    last = round.criteria_versions.order_by("-number").first()
    version = CriteriaVersion.objects.create(
        round=round, number=(last.number + 1) if last else 1, proposed_by=by,
        proposer_name=proposer_name, note=note, scale=scale)
    Criterion.objects.bulk_create([
        Criterion(version=version, position=position, name=d.name, name_cy=d.name_cy,
                  description=d.description, description_cy=d.description_cy, weight=d.weight)
        for position, d in enumerate(drafts)])
    return version


@transaction.atomic
def agree_criteria(version: CriteriaVersion, by: Any, method: str,
                   votes: tuple[int | None, int | None, int | None] = (None, None, None)
                   ) -> None:
    """Freeze this version as the round's criteria and open the round for applications."""
    round = Round.objects.select_for_update().get(pk=version.round_id)
    if round.status != RoundStatus.CRITERIA:
        raise ValidationError(_("The criteria have already been agreed."))
    check_weights([CriterionDraft(c.name, c.weight, "") for c in version.criteria.all()])
    version.agreed_at, version.agreed_by = timezone.now(), by
    version.save(update_fields=["agreed_at", "agreed_by"])
    round.status = RoundStatus.OPEN
    round.save(update_fields=["status"])
    project = round.fund.project
    project.take_part(PhaseKind.CO_PRIORITISING, "participant", "decides",
                      _("Grant panel: criteria"))
    weights = "; ".join(f"{c.name} {c.weight}%" for c in version.criteria.all())
    project.record_decision(
        _("The panel agreed the criteria for “%(round)s” (version %(number)s): %(weights)s.")
        % {"round": round.title, "number": version.number, "weights": weights},
        proposed_by="participant", method=method, by=by, votes=votes)


def eligibility_reasons(fund: Fund, answers: dict[str, str]) -> list[str]:
    """Return why a bid is not eligible, one reason per question it fails."""
    return [question.reason for question in fund.questions.all()
            if answers.get(str(question.pk), "") != question.needed]


def next_reference(round: Round) -> str:
    count = Bid.objects.filter(round=round).count()
    reference = f"R{round.pk}-{count + 1:03d}"
    while Bid.objects.filter(round=round, reference=reference).exists():
        count += 1
        reference = f"R{round.pk}-{count + 1:03d}"
    return reference


@transaction.atomic
def submit_bid(bid: Bid, today: Any = None) -> Bid:
    """Submit a bid: refused after the closing date; ineligible bids are kept and marked."""
    today = today or timezone.localdate()
    round = Round.objects.select_related("fund").get(pk=bid.round_id)
    if bid.channel != "paper" and (round.status != RoundStatus.OPEN or today > round.closes_on
                                   or today < round.opens_on):
        raise ValidationError(_("This round is not taking applications: it closed on "
                                "%(date)s.") % {"date": round.closes_on.strftime("%d/%m/%Y")})
    fund = round.fund
    reasons = eligibility_reasons(fund, bid.answers)
    if bid.amount < fund.min_grant or bid.amount > fund.max_grant:
        reasons.append(_("The amount must be between £%(low)s and £%(high)s.")
                       % {"low": fund.min_grant, "high": fund.max_grant})
    bid.eligible, bid.ineligible_reason = not reasons, " ".join(reasons)
    bid.status, bid.submitted_at = BidStatus.SUBMITTED, timezone.now()
    bid.save()
    return bid


def answers_from(fund: Fund, data: dict[str, Any]) -> dict[str, str]:
    return {str(q.pk): data.get(f"question_{q.pk}", "") for q in fund.questions.all()}


def declaration_of(panellist: Panellist, bid: Bid) -> Declaration | None:
    return Declaration.objects.filter(panellist=panellist, bid=bid).first()


@transaction.atomic
def declare(panellist: Panellist, kinds: dict[int, tuple[str, str]], by: Any,
            on_paper: bool = False) -> None:
    """Record, for each bid, no connection, an interest or a conflict."""
    bids = {bid.pk: bid for bid in panellist.round.bids.filter(status=BidStatus.SUBMITTED)}
    for bid_id, (kind, note) in kinds.items():
        if bid_id not in bids or kind not in Interest.values:
            continue
        existing = declaration_of(panellist, bids[bid_id])
        if existing and existing.kind == Interest.CONFLICT and kind != Interest.CONFLICT \
                and not on_paper:
            continue  # a conflict, once declared, is lifted only by staff
        Declaration.objects.update_or_create(
            panellist=panellist, bid=bids[bid_id],
            defaults={"kind": kind, "note": note, "on_paper": on_paper, "entered_by": by})


@transaction.atomic
def submit_scores(panellist: Panellist, bid: Bid, scores: dict[int, tuple[int, str]],
                  by: Any, on_paper: bool = False) -> ScoreSheet:
    """Keep one scorer's scores for a bid as a new version of their sheet.

    Refused (403) when they declared a conflict or have not declared at all.
    """
    panellist = Panellist.objects.select_for_update().get(pk=panellist.pk)
    round = Round.objects.get(pk=bid.round_id)
    declaration = declaration_of(panellist, bid)
    if declaration is None or declaration.kind == Interest.CONFLICT:
        raise PermissionDenied
    if round.status != RoundStatus.SCORING:
        raise ValidationError(_("Scoring is not open for this round."))
    criteria = list(round.agreed_criteria.criteria.all())  # type: ignore[union-attr]
    missing = [c.name for c in criteria if c.pk not in scores]
    if missing:
        raise ValidationError(_("Score every criterion: %(names)s.")
                              % {"names": ", ".join(missing)})
    if any(not 1 <= score <= 5 for score, _comment in scores.values()):
        raise ValidationError(_("Each score must be a whole number from 1 to 5."))
    previous = ScoreSheet.objects.filter(panellist=panellist, bid=bid).order_by("-version")
    last = previous.first()
    previous.update(current=False)
    sheet = ScoreSheet.objects.create(panellist=panellist, bid=bid,
                                      version=(last.version + 1) if last else 1,
                                      on_paper=on_paper, entered_by=by)
    Score.objects.bulk_create([
        Score(sheet=sheet, criterion=c, score=scores[c.pk][0], comment=scores[c.pk][1])
        for c in criteria])
    if last is not None:  # a change after submitting is kept as a version, and audited
        record(Action.SCORES_CHANGED, user=by, organisation=round.organisation,
               target=f"bid {bid.pk}", panellist=panellist.pk, version=sheet.version)
    return sheet


def has_scored_all(panellist: Panellist) -> bool:
    """Whether the scorer has submitted a sheet for every bid they may score."""
    may_score = panellist.round.bids.filter(status=BidStatus.SUBMITTED, eligible=True).exclude(
        declarations__panellist=panellist, declarations__kind=Interest.CONFLICT)
    scored = set(panellist.sheets.filter(current=True).values_list("bid_id", flat=True))
    return all(bid.pk in scored for bid in may_score)
