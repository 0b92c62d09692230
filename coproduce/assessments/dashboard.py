"""What the organisation's dashboard shows from assessments: the open action plan."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from .models import PlannedAction


@dataclass(frozen=True)
class ActionPanel:
    actions: list[PlannedAction]
    open_count: int
    overdue_count: int


def open_actions(organisation: Any, limit: int = 5) -> ActionPanel:
    """Return the first open actions, overdue first (they are due earliest), with counts."""
    still_open = PlannedAction.objects.filter(organisation=organisation).still_open()
    today = timezone.localdate()
    actions = list(still_open.select_related("round", "organisation").order_by("due_on", "id")
                   [:limit])
    return ActionPanel(actions, still_open.count(), still_open.filter(due_on__lt=today).count())
