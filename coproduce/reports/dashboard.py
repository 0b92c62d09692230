"""The figures on an organisation's first page."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.lib import smallnumbers
from coproduce.lib.text import one_line
from coproduce.people.models import Consent, ConsentPurpose, JourneyStage, JourneyStep, Person


@dataclass
class StageCount:
    stage: JourneyStage
    count: int

    @property
    def suppressed(self) -> bool:
        return smallnumbers.is_small(self.count)


def figures(organisation: Any) -> dict[str, Any]:
    people = Person.objects.filter(organisation=organisation).active()
    since = timezone.localdate() - datetime.timedelta(days=30)
    latest_contact = Consent.objects.filter(
        person=OuterRef("pk"), purpose=ConsentPurpose.CONTACT
    ).order_by("-recorded_on", "-id")
    latest_stage = JourneyStep.objects.filter(person=OuterRef("pk")).order_by("-on", "-id")
    by_stage = dict(
        people.annotate(stage_id=Subquery(latest_stage.values("stage_id")[:1]))
        .values_list("stage_id").annotate(n=Count("pk")).values_list("stage_id", "n")
    )
    stages = JourneyStage.objects.filter(organisation=organisation)
    return {
        "people": people.count(),
        "joined_recently": people.filter(date_joined__gte=since).count(),
        "may_contact": people.annotate(
            contact=Subquery(latest_contact.values("given")[:1])
        ).filter(contact=True).count(),
        "with_needs": people.filter(access_needs__isnull=False).distinct().count(),
        "by_stage": [StageCount(stage, by_stage.get(stage.pk, 0)) for stage in stages],
    }


def attention(organisation: Any, user: Any) -> dict[str, Any]:
    """What needs a member of staff's attention: new voices, their own, meetings soon."""
    from coproduce.community.requirements import expiring
    from coproduce.notices.outbox import owed
    from coproduce.projects.models import Meeting, MeetingStatus
    from coproduce.themes.rising import rising
    from coproduce.voices.backburner import reviews_due
    from coproduce.voices.models import OUTCOME_STATUSES, Outcome, Status, Voice

    voices = Voice.objects.filter(organisation=organisation)
    now = timezone.now()
    return {
        "outbox": owed(organisation),
        "outcomes_to_send": Outcome.objects.filter(organisation=organisation, tell=True,
                                                   sent_at__isnull=True).count(),
        "reviews_due": reviews_due(voices, timezone.localdate()),
        "waiting_longest": list(voices.filter(status__in=[
            Status.NEW, Status.ACKNOWLEDGED, Status.CONSIDERING]).select_related(
            "organisation").order_by("heard_on", "id")[:5]),
        "new_voices": voices.filter(status=Status.NEW).count(),
        "my_voices": voices.filter(assigned_to=user).exclude(status__in=OUTCOME_STATUSES).count(),
        "back_burner": voices.filter(status=Status.BACK_BURNER).count(),
        "expiring": expiring(organisation, timezone.localdate()),
        "unmet_access": unmet_access(organisation),
        "rising": rising(organisation, timezone.localdate()),
        "overdue_actions": overdue_actions(organisation),
        "meetings": list(Meeting.objects.filter(
            project__organisation=organisation, status=MeetingStatus.UPCOMING,
            starts_at__gte=now, starts_at__lte=now + datetime.timedelta(days=30),
        ).select_related("project", "project__organisation")[:5]),
    }


def unmet_access(organisation: Any, days: int = 14) -> list[tuple[Any, list[str]]]:
    """Every meeting in the next `days` days with an accessibility item not yet met (the BSL
    interpreter not booked, say), each with what is missing. The checklists are built
    together, so the queries do not grow with the number of meetings."""
    from coproduce.projects.checklist import checklists
    from coproduce.projects.models import Meeting, MeetingStatus

    now = timezone.now()
    meetings = list(Meeting.objects.filter(
        project__organisation=organisation, status=MeetingStatus.UPCOMING,
        starts_at__gte=now, starts_at__lte=now + datetime.timedelta(days=days),
    ).select_related("project", "project__organisation").order_by("starts_at", "id"))
    lists = checklists(meetings)
    unmet = [(meeting, [item.label for item in lists[meeting.pk] if not item.met])
             for meeting in meetings]
    return [(meeting, missing) for meeting, missing in unmet if missing]


def overdue_actions(organisation: Any) -> int:
    """Open actions from assessments whose due date has passed."""
    from coproduce.assessments.models import PlannedAction

    return (PlannedAction.objects.filter(organisation=organisation).still_open()
            .filter(due_on__lt=timezone.localdate()).count())


@dataclass(frozen=True)
class Change:
    """One recent change, said in words: what happened, to what, and when."""

    at: datetime.datetime
    text: str
    url: str


def recent_changes(organisation: Any, limit: int = 10) -> list[Change]:
    """The latest changes to people, voices, consent and outcomes, newest first (4 queries)."""
    from coproduce.voices.models import Outcome, Voice

    changes = [Change(p.updated_at, (_("Added to People: %(name)s") if
                                      p.updated_at - p.created_at < datetime.timedelta(seconds=1)
                                      else _("Details changed: %(name)s")) % {"name": p.name},
                      p.get_absolute_url())
               for p in Person.objects.filter(organisation=organisation)
               .select_related("organisation").order_by("-updated_at")[:limit]]
    changes += [Change(c.created_at, (_("Consent: %(name)s said yes to “%(purpose)s”") if c.given
                                      else _("Consent: %(name)s said no to “%(purpose)s”")) % {
        "name": c.person.name, "purpose": c.get_purpose_display()},
        c.person.get_absolute_url())
        for c in Consent.objects.filter(person__organisation=organisation)
        .select_related("person__organisation").order_by("-created_at")[:limit]]
    changes += [Change(v.created_at, _("Voice recorded (%(channel)s): “%(text)s”") % {
        "channel": v.get_channel_display(), "text": one_line(v.text)[:60]}, v.get_absolute_url())
        for v in Voice.objects.filter(organisation=organisation)
        .select_related("organisation").order_by("-created_at")[:limit]]
    changes += [Change(o.sent_at or o.created_at, (
        _("Outcome sent: %(title)s") if o.sent_at else _("Outcome recorded: %(title)s"))
        % {"title": str(o)}, o.get_absolute_url())
        for o in Outcome.objects.filter(organisation=organisation)
        .select_related("organisation").order_by("-created_at")[:limit]]
    return sorted(changes, key=lambda c: c.at, reverse=True)[:limit]
