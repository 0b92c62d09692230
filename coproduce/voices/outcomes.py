"""You said, we did: recording the outcome of one voice (many at once: see answering.py)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .answering import answer
from .models import OUTCOME_STATUSES, Outcome, Voice


def record_outcome(voice: Voice, status: str, outcome: str, by: Any, public: bool = False,
                   public_summary: str = "") -> Outcome:
    """Close the voice with its outcome; the people behind it are told once staff press Send."""
    if status not in OUTCOME_STATUSES or not outcome.strip():
        raise ValidationError({"outcome": _("Say what was done, or why it was not possible.")})
    return answer([voice], status, outcome, by, publish=public, asked=public_summary)
