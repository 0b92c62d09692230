"""What happens in a budget vote, as named functions: moving stage, casting a ballot,
drawing the tie order, counting, and Pabulib in and out."""

import random
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import pabulib
from .counting import count
from .models import (
    NEXT,
    Ballot,
    BallotKind,
    Channel,
    Process,
    Proposal,
    ProposalStatus,
    Stage,
    StageChange,
    VoterCode,
)


class VoteRefused(ValidationError):
    """The ballot was not taken; the message says why."""


@transaction.atomic
def advance(process: Process, by: Any) -> None:
    """Move the process to its next stage, dated; close voting with a published tie order."""
    process = Process.objects.select_for_update().get(pk=process.pk)
    if process.stage not in NEXT:
        raise ValidationError(_("The results are already being counted or published."))
    if process.stage == Stage.REVIEW and not process.on_ballot().exists():
        raise ValidationError(_("Put at least one proposal on the ballot before voting opens."))
    if process.stage == Stage.PROPOSALS and process.proposals.filter(
            status=ProposalStatus.SUBMITTED).exists() is False and not process.proposals.exists():
        raise ValidationError(_("Add at least one proposal first."))
    process.stage = NEXT[Stage(process.stage)]
    if process.stage == Stage.CLOSED:
        draw_tie_order(process)
    process.save()
    StageChange.objects.create(process=process, stage=process.stage, by=by)
    if process.stage == Stage.COUNTING:
        # Counting 10,000 ballots takes a minute or more: the worker does it.
        from .tasks import count_and_publish

        count_and_publish.enqueue(process.pk, getattr(by, "pk", None))


@transaction.atomic
def publish(process: Process, by: Any) -> None:
    """Count the ballots with the process's rule, then publish the results, dated."""
    process = Process.objects.select_for_update().get(pk=process.pk)
    if process.stage != Stage.COUNTING:
        return
    process.result = tally(process)
    process.stage = Stage.RESULTS
    process.save(update_fields=["result", "stage"])
    record_decision(process, by)
    StageChange.objects.create(process=process, stage=Stage.RESULTS, by=by)


def draw_tie_order(process: Process, seed: str | None = None) -> None:
    """Draw, from a published seed, the order that breaks any tie (before counting)."""
    process.tie_seed = seed or secrets.token_hex(8)
    keys = sorted(p.key for p in process.on_ballot())
    random.Random(process.tie_seed).shuffle(keys)
    process.tie_order = keys


def record_decision(process: Process, by: Any) -> None:
    if process.project is None:
        return
    from coproduce.projects.models import Decision, Method, Side

    titles = ", ".join(p.title for p in winners(process))
    Decision.objects.create(
        project=process.project, text=_("Budget vote “%(title)s”: funded %(titles)s.")
        % {"title": process.title, "titles": titles or _("nothing")},
        decided_on=timezone.localdate(), proposed_by=Side.COMMUNITY, method=Method.VOTE,
        votes_for=process.ballots.count(), recorded_by=by)


def winners(process: Process) -> list[Proposal]:
    if not process.result:
        return []
    by_key = {p.key: p for p in process.proposals.all()}
    return [by_key[key] for key in process.result["selected"] if key in by_key]


def check_choices(process: Process, choices: list[tuple[int, int]]) -> None:
    """Refuse a ballot over the limit, over the points, or for a project not on the ballot."""
    on_ballot = {p.pk: p for p in process.on_ballot()}
    if not choices:
        raise VoteRefused(_("Choose at least one project."))
    if any(pid not in on_ballot for pid, _points in choices):
        raise VoteRefused(_("That project is not on this ballot."))
    if len({pid for pid, _points in choices}) != len(choices):
        raise VoteRefused(_("Choose each project only once."))
    if process.ballot_kind == BallotKind.CUMULATIVE:
        total = sum(points for _pid, points in choices)
        if any(points < 1 for _pid, points in choices) or total > process.max_points:
            raise VoteRefused(_("You can give %(n)s points in all; you gave %(total)s.")
                              % {"n": process.max_points, "total": total})
    elif len(choices) > process.max_choices:
        raise VoteRefused(_("You can choose up to %(n)s projects; you chose %(count)s.")
                          % {"n": process.max_choices, "count": len(choices)})
    if process.within_budget and sum(on_ballot[pid].cost for pid, _p in choices) > process.budget:
        raise VoteRefused(_("Your choices cost more than the budget of £%(budget)s.")
                          % {"budget": f"{process.budget:,}"})


def cast(process: Process, voter: str, channel: str, choices: list[tuple[int, int]],
         language: str = "", by: Any = None, code: VoterCode | None = None,
         replace: bool = True) -> Ballot:
    """Take one voter's ballot, or replace their earlier one; refuse after closing.

    A `code` given is claimed atomically, so one code casts one ballot even when two people try
    it at once; paper ballots (replace=False) never overwrite a ballot already cast.
    """
    check_choices(process, choices)
    with transaction.atomic():
        locked = Process.objects.select_for_update().get(pk=process.pk)
        if locked.stage != Stage.VOTING:
            raise VoteRefused(_("Voting has closed; your ballot was not taken."))
        if code is not None and VoterCode.objects.filter(
                pk=code.pk, used_at__isnull=True).update(used_at=timezone.now()) == 0:
            raise VoteRefused(_("This voter code has already been used."))
        existing = Ballot.objects.filter(process=process, voter=voter).first()
        if existing is not None and (not replace or code is not None):
            raise VoteRefused(_("This voter has already voted; the ballot is counted once."))
        if existing is None:
            try:
                with transaction.atomic():
                    return Ballot.objects.create(process=process, voter=voter, channel=channel,
                                                 choices=choices, language=language,
                                                 entered_by=by)
            except IntegrityError:
                existing = Ballot.objects.get(process=process, voter=voter)
        existing.choices, existing.channel, existing.language = choices, channel, language
        existing.save()
        return existing


def voter_of(code: VoterCode) -> str:
    """The voter a code stands for: the person it was written to, or the code itself."""
    return f"person:{code.person_id}" if code.person_id else f"code:{code.pk}"


def find_code(process: Process, text: str) -> VoterCode:
    """Return the unused code for this process, or refuse (it is claimed when the ballot is
    cast, so a voter who stops half-way has not spent it)."""
    code = VoterCode.objects.filter(process=process,
                                    code=text.replace(" ", "").replace("-", "").upper()).first()
    if code is None:
        raise VoteRefused(_("We do not recognise that code for this vote. Check the letter."))
    if process.stage != Stage.VOTING:
        raise VoteRefused(_("Voting has closed; your ballot was not taken."))
    if code.used_at is not None:
        raise VoteRefused(_("This voter code has already been used."))
    return code


@transaction.atomic
def issue_codes(process: Process, people: Any = (), extra: int = 0) -> int:
    """Make one code per person (who has none yet) and `extra` codes for anyone on the list."""
    have = set(process.codes.filter(person__isnull=False).values_list("person_id", flat=True))
    made = [VoterCode(process=process, person=p) for p in people if p.pk not in have]
    made += [VoterCode(process=process) for _ in range(extra)]
    VoterCode.objects.bulk_create(made)
    return len(made)


def as_pabulib(process: Process, with_results: bool = True) -> str:
    """The process as a Pabulib file: projects, every ballot once, and the winners."""
    proposals = list(process.on_ballot())
    key = {p.pk: p.key for p in proposals}
    selected = set(process.result["selected"]) if with_results and process.result else set()
    kind = process.ballot_kind
    meta: dict[str, Any] = {
        "description": process.title, "country": "United Kingdom",
        "unit": process.organisation.name, "instance": process.created_at.year,
        "num_projects": len(proposals), "num_votes": process.ballots.count(),
        "budget": process.budget, "vote_type": kind,
        "rule": "greedy" if process.rule.startswith("greedy") else (
            "phragmen" if process.rule == "phragmen" else "equalshares/add1"),
        "language": "en",
    }
    if kind == BallotKind.CUMULATIVE:
        meta["max_sum_points"] = process.max_points
    else:
        meta["max_length"] = process.max_choices
    if process.min_support:
        meta["min_project_score_threshold"] = process.min_support
    projects = [{"project_id": p.key, "cost": p.cost, "name": p.title,
                 "selected": int(p.key in selected)} for p in proposals]
    votes = []
    for n, ballot in enumerate(process.ballots.order_by("id"), start=1):
        chosen = [(key[pid], points) for pid, points in ballot.choices if pid in key]
        row: dict[str, Any] = {"voter_id": n, "vote": ",".join(k for k, _p in chosen)}
        if kind == BallotKind.CUMULATIVE:
            row["points"] = ",".join(str(p) for _k, p in chosen)
        row["voting_method"] = ballot.channel
        votes.append(row)
    return pabulib.write(meta, projects, votes)


def tally(process: Process) -> dict[str, Any]:
    """Count the process's ballots with its rule, through its own Pabulib file."""
    election = pabulib.read(as_pabulib(process, with_results=False))
    result = count(election.instance, election.profile, process.rule, process.tie_order,
                   process.min_support)
    return {**result.as_json(),
            "voters": result.voters, "voters_with_a_winner": result.voters_with_a_winner,
            "per_voter_share_before": None if result.per_voter_share is None
            else float(result.per_voter_share),
            "per_voter_share_after": None if result.per_voter_share_after is None
            else float(result.per_voter_share_after),
            "greedy_selected": result.greedy_selected,
            "scores": {k: float(v) for k, v in result.scores.items()},
            "steps": [{"project": s.project, "won": s.won, "score": float(s.score),
                       "cost": s.cost, "remaining": float(s.remaining), "reason": s.reason}
                      for s in result.steps],
            "counted_at": timezone.now().isoformat()}


RULE_OF_FILE = {"greedy": "greedy", "equalshares": "mes-add1", "equalshares/add1": "mes-add1",
                "phragmen": "phragmen"}


@transaction.atomic
def import_pabulib(organisation: Any, raw: bytes, filename: str, by: Any) -> Process:
    """Make a process from a Pabulib file: its projects, its ballots, counted afresh."""
    election = pabulib.read(raw)
    meta = election.meta
    kind = {"approval": BallotKind.APPROVAL, "ordinal": BallotKind.RANKED}.get(
        meta.get("vote_type", "approval"), BallotKind.CUMULATIVE)
    process = Process.objects.create(
        organisation=organisation, title=(meta.get("description") or filename)[:150],
        description=_("Imported from the Pabulib file %(name)s.") % {"name": filename},
        budget=int(float(meta["budget"])), ballot_kind=kind,
        max_choices=int(meta.get("max_length") or len(election.projects)),
        max_points=int(meta.get("max_sum_points") or 10**6),
        rule=RULE_OF_FILE.get(meta.get("rule", ""), "mes-add1"),
        min_support=int(float(meta.get("min_project_score_threshold") or 0)),
        stage=Stage.VOTING, imported_from=filename[:200], created_by=by, is_public=False)
    proposals = Proposal.objects.bulk_create([
        Proposal(process=process, title=(p.get("name") or p["project_id"])[:150],
                 description=p.get("description", "")[:2000], cost=int(float(p["cost"])),
                 status=ProposalStatus.FEASIBLE, pabulib_id=p["project_id"])
        for p in election.projects])
    pk = {p.pabulib_id: p.pk for p in proposals}
    ballots = []
    for vote in election.votes:
        chosen = [c.strip() for c in vote["vote"].split(",") if c.strip()]
        if kind == BallotKind.CUMULATIVE:
            points = [int(float(x)) for x in vote.get("points", "").split(",")]
        else:
            points = [1] * len(chosen)
        ballots.append(Ballot(process=process, voter=f"pb:{vote['voter_id']}",
                              channel=Channel.IMPORTED,
                              choices=[[pk[c], p] for c, p in zip(chosen, points, strict=True)]))
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    StageChange.objects.create(process=process, stage=Stage.VOTING, by=by)
    return process


def enter_paper(process: Process, voter: dict[str, Any], choices: list[tuple[int, int]],
                by: Any) -> Ballot:
    """Enter a paper ballot for the voter named by its code or from People; a voter who
    has already voted (online or on paper) is refused, so every ballot counts once."""
    if voter.get("code"):
        code = find_code(process, voter["code"])
        return cast(process, voter_of(code), Channel.PAPER, choices, by=by, code=code,
                    replace=False)
    person = voter["person"]
    written = process.codes.filter(person=person).first()
    if written is not None and written.used_at is not None:
        raise VoteRefused(_("This voter has already voted; the ballot is counted once."))
    return cast(process, f"person:{person.pk}", Channel.PAPER, choices, by=by, replace=False)
