"""One change to many voices: one transaction, one history entry per voice, one audit entry.

The themes app sits above voices, so it hands over what the voice list needs of it (the theme
choices, the filter by theme and the move into one) through `group_with` when it starts.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.audit.models import Action, record

from .models import OUTCOME_STATUSES, Status, StatusChange, Tag, Voice, VoiceChange

UNGROUPED = "none"


class BulkAction(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", gettext_lazy("Acknowledge")
    ASSIGN = "assign", gettext_lazy("Assign to someone")
    TAG = "tag", gettext_lazy("Add a tag")
    THEME = "theme", gettext_lazy("Move to a theme")
    BACK_BURNER = "back_burner", gettext_lazy("Put on the back burner")
    OUTCOME = "outcome", gettext_lazy("Record one outcome for them all")
    MERGE = "merge", gettext_lazy("Merge them: they say the same thing")


@dataclass(frozen=True)
class Grouping:
    choices: Callable[[Any], list[tuple[str, str]]]  # organisation -> [(theme id, name)]
    narrow: Callable[["QuerySet[Voice]", str], "QuerySet[Voice]"]  # theme id or UNGROUPED
    move: Callable[[Any, list[int], str], None]  # organisation, voice ids, theme id


_groupings: list[Grouping] = []


def group_with(grouping: Grouping) -> None:
    _groupings[:] = [grouping]


def grouping() -> Grouping | None:
    return _groupings[0] if _groupings else None


def narrow(voices: "QuerySet[Voice]", data: dict[str, Any]) -> "QuerySet[Voice]":
    """The voice list's filters by theme, person and open or closed."""
    found = grouping()
    if data.get("theme") and found is not None:
        voices = found.narrow(voices, data["theme"])
    if data.get("person"):
        voices = voices.filter(person=data["person"])
    if data.get("state") == "open":
        voices = voices.exclude(status__in=OUTCOME_STATUSES)
    elif data.get("state") == "closed":
        voices = voices.filter(status__in=OUTCOME_STATUSES)
    return voices


def status_changes(voices: list[Voice], status: str, by: Any, note: str = "") -> None:
    now = timezone.now()
    StatusChange.objects.bulk_create(
        [StatusChange(voice=voice, from_status=voice.status, to_status=status, by=by, note=note,
                      at=now) for voice in voices], batch_size=1000)


def changes(voices: list[Voice], what: str, by: Any, before: Callable[[Voice], Any],
            after: Any, field: str) -> None:
    now = timezone.now()
    VoiceChange.objects.bulk_create(
        [VoiceChange(voice=voice, what=what, by=by, at=now,
                     changes={field: [before(voice), after]}) for voice in voices],
        batch_size=1000)


@transaction.atomic
def apply_bulk(organisation: Any, voices: "QuerySet[Voice]", action: str, by: Any, *,
               assignee: Any = None,
               tag: str = "", theme: str = "", reason: str = "",
               review_on: datetime.date | None = None) -> int:
    """Apply `action` to every voice in `voices` (already scoped); return how many changed."""
    rows = list(voices.select_for_update().only("id", "status", "assigned_to_id",
                                                "organisation_id"))
    if not rows:
        return 0
    ids = [voice.pk for voice in rows]
    now = timezone.now()
    target = Voice.objects.filter(pk__in=ids)
    if action == BulkAction.ACKNOWLEDGE:
        rows = [voice for voice in rows if voice.status == Status.NEW]
        status_changes(rows, Status.ACKNOWLEDGED, by)
        Voice.objects.filter(pk__in=[v.pk for v in rows]).update(status=Status.ACKNOWLEDGED,
                                                                 updated_at=now)
    elif action == BulkAction.ASSIGN:
        changes(rows, _("Assigned"), by, lambda v: v.assigned_to_id, getattr(assignee, "pk",
                                                                              None), "assigned_to")
        target.update(assigned_to=assignee, updated_at=now)
    elif action == BulkAction.TAG:
        name = tag.strip()
        if not name or len(name) > 60:
            raise ValidationError(_("Enter a tag of 60 characters or fewer."))
        chosen = Tag.objects.get_or_create(organisation=organisation, name=name)[0]
        Voice.tags.through.objects.bulk_create(
            [Voice.tags.through(voice_id=pk, tag_id=chosen.pk) for pk in ids],
            ignore_conflicts=True, batch_size=1000)
        changes(rows, _("Tagged"), by, lambda v: None, name, "tags")
        target.update(updated_at=now)
    elif action == BulkAction.THEME:
        found = grouping()
        if found is None or not theme:
            raise ValidationError(_("Choose a theme."))
        found.move(organisation, ids, theme)
        changes(rows, _("Moved to a theme"), by, lambda v: None, theme, "theme")
        target.update(updated_at=now)
    elif action == BulkAction.BACK_BURNER:
        if not reason.strip():
            raise ValidationError(_("Say why they are going on the back burner."))
        rows = [voice for voice in rows if voice.status not in OUTCOME_STATUSES]
        status_changes(rows, Status.BACK_BURNER, by, note=reason.strip()[:500])
        Voice.objects.filter(pk__in=[v.pk for v in rows]).update(
            status=Status.BACK_BURNER, review_on=review_on, updated_at=now)
    else:
        raise ValidationError(_("Choose what to do with the voices."))
    record(Action.VOICES_CHANGED, user=by, organisation=organisation,
           target=f"{len(rows)} voices", change=action, voices=ids[:5000])
    return len(rows)
