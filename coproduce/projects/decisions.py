"""A project's decisions that answer voices: one outcome for all the voices a decision closes,
waiting (like every outcome) until staff have previewed it and pressed Send."""

from typing import Any

from django.db import transaction

from coproduce.voices.answering import answer
from coproduce.voices.models import OUTCOME_STATUSES, Outcome, OutcomeKind

from .models import Decision


@transaction.atomic
def close_voices(decision: Decision, by: Any) -> Outcome | None:
    """Close the decision's open voices with one outcome (its text); return the outcome."""
    voices = list(decision.voices.exclude(status__in=OUTCOME_STATUSES))
    if not voices:
        return None
    outcome = answer(voices, OutcomeKind.DONE, decision.text, by,
                     title=decision.project.title, happened_on=decision.decided_on)
    Decision.objects.filter(pk=decision.pk).update(outcome=outcome)
    decision.outcome = outcome
    return outcome
