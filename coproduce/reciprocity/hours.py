"""Recording time given: one entry, a whole meeting at once, confirming and disputing."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.people.models import Person
from coproduce.projects.models import Attendance, Meeting

from . import credits
from .models import Activity, Contribution, HoursEvent, HoursStatus, Settings, Side

DAY = 24 * 60
WEEK = 7 * DAY


@dataclass
class Giver:
    """A participant or a staff member: exactly one of the two."""

    person: Person | None = None
    staff: Any = None

    @property
    def side(self) -> str:
        return Side.PARTICIPANT if self.person is not None else Side.STAFF

    def filter(self) -> dict[str, Any]:
        return {"person": self.person} if self.person is not None else {"staff": self.staff}


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def check_minutes(organisation: Any, giver: Giver, day: datetime.date, minutes: int,
                  excluding: int | None = None) -> list[str]:
    """Refuse impossible time (ValidationError); return warnings for merely unusual time."""
    if minutes <= 0:
        raise ValidationError(_("Enter a length of time greater than zero."))
    mine = Contribution.objects.filter(organisation=organisation, **giver.filter())
    if excluding:
        mine = mine.exclude(pk=excluding)
    monday, sunday = week_of(day)
    week = mine.filter(on__range=(monday, sunday)).aggregate(t=Sum("minutes"))["t"] or 0
    if week + minutes > WEEK:
        raise ValidationError(_("That would make more than 168 hours in one week (the week of "
                                "%(monday)s) for one person, which cannot be right.")
                              % {"monday": monday.strftime("%d/%m/%Y")})
    today = mine.filter(on=day).aggregate(t=Sum("minutes"))["t"] or 0
    if today + minutes > DAY:
        return [_("This makes more than 24 hours on %(day)s for one person. Check it is "
                  "right before saving.") % {"day": day.strftime("%d/%m/%Y")}]
    return []


def log(contribution: Contribution, kind: str, by: Any, note: str = "") -> None:
    HoursEvent.objects.create(contribution=contribution, kind=kind,
                              minutes=contribution.minutes, note=note, by=by)


@transaction.atomic
def record_hours(organisation: Any, giver: Giver, day: datetime.date, minutes: int,
                 activity: str, by: Any, project: Any = None, meeting: Meeting | None = None,
                 description: str = "", confirmed: bool = False, on_behalf: bool = True,
                 hourly_cost_pence: int | None = None, external_id: str = "") -> Contribution:
    """Record one entry of time (checked as check_minutes does); confirm it if asked."""
    check_minutes(organisation, giver, day, minutes)
    contribution = Contribution.objects.create(
        organisation=organisation, side=giver.side, on=day, minutes=minutes, activity=activity,
        project=project, meeting=meeting, description=description, on_behalf=on_behalf,
        entered_by=by, hourly_cost_pence=hourly_cost_pence, external_id=external_id,
        status=HoursStatus.CONFIRMED if confirmed else HoursStatus.PENDING, **giver.filter())
    kinds = [HoursEvent.Kind.ENTERED] + [HoursEvent.Kind.CONFIRMED] * confirmed
    HoursEvent.objects.bulk_create(HoursEvent(contribution=contribution, kind=kind,
                                              minutes=minutes, by=by) for kind in kinds)
    if confirmed:
        credit_for(contribution, by)
    return contribution


def meeting_minutes(meeting: Meeting) -> int:
    return max(1, round((meeting.ends_at - meeting.starts_at).total_seconds() / 60))


@transaction.atomic
def who_came(meeting: Meeting) -> tuple[Any, Any]:
    """The people and staff to tick first: who came, once attendance is recorded, else the
    invited."""
    invitations = meeting.invitations.exclude(attendance=Attendance.UNKNOWN)
    people = (meeting.attendees.filter(meeting_invitations__meeting=meeting,
                                       meeting_invitations__attendance=Attendance.CAME)
              if invitations.exists() else meeting.attendees.all())
    staff = meeting.staff_attended.all() if meeting.staff_attended.exists() else (
        meeting.staff.all())
    return people, staff


def record_attendance(meeting: Meeting, people: Iterable[Person], staff: Iterable[Any],
                      minutes: int, by: Any, confirmed: bool = True) -> list[Contribution]:
    """Record the same time at a meeting for each person and staff member in one step.

    Anyone already recorded for this meeting is skipped, so the step can be repeated safely.
    Any refusal (more than a week's hours) refuses the whole step.
    """
    day = timezone.localtime(meeting.starts_at).date()
    done = set(meeting.contributions.values_list("person_id", "staff_id"))
    made = []
    givers = [Giver(person=p) for p in people] + [Giver(staff=u) for u in staff]
    for giver in givers:
        key = (giver.person.pk if giver.person else None, giver.staff.pk if giver.staff else None)
        if key in done:
            continue
        made.append(record_hours(
            meeting.project.organisation, giver, day, minutes, Activity.MEETING, by,
            project=meeting.project, meeting=meeting, description=meeting.title,
            confirmed=confirmed))
    return made


@transaction.atomic
def confirm(contribution: Contribution, by: Any) -> None:
    """Confirm the time; issue time credits for a participant if the organisation does so."""
    contribution.status = HoursStatus.CONFIRMED
    contribution.save(update_fields=["status"])
    log(contribution, HoursEvent.Kind.CONFIRMED, by)
    credit_for(contribution, by)


def credit_for(contribution: Contribution, by: Any) -> None:
    """Issue a participant's time credits for confirmed time, if the organisation does so."""
    if not contribution.person_id:
        return
    settings = Settings.of(contribution.organisation)
    if settings.issue_credits and credits.live_issue(contribution) is None:
        credits.issue_for(contribution, settings.credit_ratio, by)


@transaction.atomic
def dispute(contribution: Contribution, note: str, by: Any) -> None:
    """The person says the entry is wrong: it leaves the totals until staff look again."""
    contribution.status = HoursStatus.DISPUTED
    contribution.save(update_fields=["status"])
    log(contribution, HoursEvent.Kind.DISPUTED, by, note)


@transaction.atomic
def correct(contribution: Contribution, minutes: int, note: str, by: Any) -> list[str]:
    """Change the time (after a dispute, say), keep the history, and confirm it again."""
    giver = Giver(person=contribution.person, staff=contribution.staff)
    warnings = check_minutes(contribution.organisation, giver, contribution.on, minutes,
                             excluding=contribution.pk)
    issued = credits.live_issue(contribution)
    if issued is not None:  # the credits follow the corrected time
        credits.reverse(issued, by, _("Hours corrected"))
    contribution.minutes = minutes
    contribution.save(update_fields=["minutes"])
    log(contribution, HoursEvent.Kind.CORRECTED, by, note)
    confirm(contribution, by)
    return warnings
