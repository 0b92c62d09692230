"""What a role requires and whether a person meets it: training, a check, an agreement.

Each function takes what it needs already loaded (or loads it in a fixed number of queries),
so the role pages and the search for people stay flat however many people there are.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.people.models import JourneyStage, Person
from coproduce.projects.checklist import Item
from coproduce.projects.models import Meeting

from .models import (
    Agreement,
    Check,
    CheckLevel,
    CommunityRole,
    CourseTaken,
    RoleHolder,
    levels_meeting,
)

REMIND_DAYS = 30


@dataclass
class Records:
    """One person's checks, training and agreed roles, loaded for many people at once."""

    checks: list[Check] = field(default_factory=list)
    courses: list[CourseTaken] = field(default_factory=list)
    agreed_roles: set[int] = field(default_factory=set)


def records_of(people: Iterable[Person]) -> dict[int, Records]:
    """Each person's records in three plain queries (a prefetch costs more at 500 people)."""
    ids = [person.pk for person in people]
    result = {pk: Records() for pk in ids}
    for check in Check.objects.filter(person_id__in=ids):
        result[check.person_id].checks.append(check)
    for taken in CourseTaken.objects.filter(person_id__in=ids):
        result[taken.person_id].courses.append(taken)
    for person_id, role_id in Agreement.objects.filter(
            person_id__in=ids, agreed_on__isnull=False).values_list("person_id", "role_id"):
        result[person_id].agreed_roles.add(role_id)
    return result


def current_check(records: Records, level: str, on: datetime.date) -> Check | None:
    """Their current check at `level` or higher."""
    wanted = levels_meeting(level)
    for check in records.checks:
        if check.level in wanted and check.is_current(on):
            return check
    return None


def missing(role: CommunityRole, records: Records, on: datetime.date) -> list[str]:
    """What the person still needs for the role, in words; empty when they meet it all.

    Uses the role's prefetched courses.
    """
    gaps = []
    current = {taken.course_id for taken in records.courses if taken.is_current(on)}
    for course in role.courses.all():
        if course.pk not in current:
            gaps.append(_("Training: %(course)s") % {"course": course})
    if role.check_level and current_check(records, role.check_level, on) is None:
        gaps.append(_("A current %(level)s") % {"level": CheckLevel(role.check_level).label})
    if role.needs_agreement and role.pk not in records.agreed_roles:
        gaps.append(_("A signed role agreement"))
    return gaps


def stage_needing_training(person: Person, records: Records, on: datetime.date
                           ) -> JourneyStage | None:
    """The person's journey stage when it requires training and they have none current:
    the research's "training once someone delivers the service"."""
    step = person.journey.select_related("stage").first()
    if step is None or not step.stage.requires_training:
        return None
    if any(taken.is_current(on) for taken in records.courses):
        return None
    return step.stage


@transaction.atomic
def give_role(role: CommunityRole, person: Person, since: datetime.date, by: object
              ) -> tuple[RoleHolder, list[str]]:
    """Put the person in the role (once) and return what they do not yet meet."""
    holder = RoleHolder.objects.filter(role=role, person=person, ended_on__isnull=True).first()
    if holder is None:
        holder = RoleHolder.objects.create(role=role, person=person, since=since,
                                           given_by=by)  # type: ignore[misc]
    return holder, missing(role, records_of([person])[person.pk], since)


def end_role(holder: RoleHolder, on: datetime.date) -> None:
    if holder.ended_on is None:
        holder.ended_on = max(on, holder.since)
        holder.save(update_fields=["ended_on"])


@dataclass
class Expiry:
    person: Person
    what: str
    expires_on: datetime.date

    @property
    def lapsed(self) -> bool:
        return self.expires_on <= timezone.localdate()


def expiring(organisation: Any, today: datetime.date, days: int = REMIND_DAYS,
             limit: int = 20) -> list[Expiry]:
    """Checks and training that lapse within `days` (or lapsed in the last `days`) and have
    not been renewed since, soonest first: for the dashboard. Four queries."""
    start, end = today - datetime.timedelta(days=days), today + datetime.timedelta(days=days)
    people = Person.objects.filter(organisation=organisation).active()
    checks = Check.objects.filter(person__in=people)
    renewed = set(checks.filter(expires_on__gt=end).values_list("person_id", flat=True))
    rows = [Expiry(c.person, str(c.get_level_display()), c.expires_on)
            for c in checks.filter(expires_on__range=(start, end)).select_related("person")
            if c.person_id not in renewed]
    taken = CourseTaken.objects.filter(person__in=people)
    lasting = set(taken.filter(Q(expires_on__gt=end) | Q(expires_on__isnull=True))
                  .values_list("person_id", "course_id"))
    rows += [Expiry(t.person, str(t.course), t.expires_on)  # type: ignore[arg-type]
             for t in taken.filter(expires_on__range=(start, end))
             .select_related("person", "course")
             if (t.person_id, t.course_id) not in lasting]
    return sorted(rows, key=lambda row: (row.expires_on, row.person.name))[:limit]


def lapsed_hosts(meetings: Sequence[Meeting]) -> dict[int, list[Item]]:
    """For the meetings' checklists: each invited host whose role's check will not be current
    on the day of the meeting (three queries, however many meetings)."""
    invited = Meeting.attendees.through.objects.filter(meeting__in=[m.pk for m in meetings])
    meetings_of: dict[int, set[int]] = {}
    for meeting_id, person_id in invited.values_list("meeting_id", "person_id"):
        meetings_of.setdefault(person_id, set()).add(meeting_id)
    holders = list(RoleHolder.objects.filter(person_id__in=meetings_of, ended_on__isnull=True,
                                             role__hosts_meetings=True)
                   .exclude(role__check_level="").select_related("role", "person")
                   .order_by("person__name", "id"))
    if not holders:
        return {}
    records = records_of({h.person for h in holders})
    items: dict[int, list[Item]] = {}
    for meeting in meetings:
        day = timezone.localdate(meeting.starts_at)
        for holder in holders:
            if meeting.pk not in meetings_of[holder.person_id]:
                continue
            if current_check(records[holder.person_id], holder.role.check_level, day) is None:
                items.setdefault(meeting.pk, []).append(Item(
                    label=_("A current %(level)s for the %(role)s")
                    % {"level": CheckLevel(holder.role.check_level).label,
                       "role": holder.role},
                    met=False, who=[holder.person.name]))
    return items
