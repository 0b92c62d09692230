"""A year of activity for the report: a meeting a month with who came and what was decided,
two rounds of the co-production assessment (so the report shows the change) and the
participant outcome survey."""

import datetime
import random
import secrets
from typing import Any

from django.utils import timezone

from coproduce.assessments.frameworks import framework_data
from coproduce.assessments.models import (
    AnsweredHow,
    Occasion,
    Response,
    Round,
    Survey,
    SurveyKind,
)
from coproduce.assessments.models import Status as RoundStatus
from coproduce.projects.invitations import record_attendance
from coproduce.projects.models import Attendance, Invitation, Meeting, Method, Side

FRAMEWORK = "gmcvo-critical-success-factors"
DECISIONS = [
    ("Meet in the evening as well as the daytime, so people in work can come.",
     Side.PARTICIPANT),
    ("Pay travel on the day in cash for anyone who asks.", Side.STAFF),
    ("Members chair the meeting in turn.", Side.PARTICIPANT),
    ("Send papers a week ahead in large print and easy read.", Side.COMMUNITY),
]


def make_year(organisation: Any, coordinator: Any) -> bool:
    """Once per organisation; return whether anything was made."""
    # Its own mark is a closed round: the demo's other modules open rounds of the same
    # framework, which must not stop the year being made.
    if Round.objects.filter(organisation=organisation, framework_key=FRAMEWORK,
                            status=RoundStatus.CLOSED).exists():
        return False
    rng = random.Random(f"year-{organisation.slug}")
    make_meetings(organisation, coordinator, rng)
    today = timezone.localdate()
    for months_ago, base in ((10, 2), (1, 3)):
        make_round(organisation, today - datetime.timedelta(days=30 * months_ago), base, rng)
    make_outcome_survey(organisation, today - datetime.timedelta(days=45), rng)
    return True


def make_meetings(organisation: Any, coordinator: Any, rng: random.Random) -> None:
    project = organisation.projects.order_by("pk").first()
    people = list(organisation.people.filter(archived_at__isnull=True).order_by("pk")[:40])
    if project is None or not people:
        return
    now = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0)
    for month in range(2, 13):
        start = now - datetime.timedelta(days=30 * month)
        meeting = Meeting.objects.create(
            project=project, title=f"Monthly meeting {13 - month}", starts_at=start,
            ends_at=start + datetime.timedelta(hours=2), place="Community hall",
            step_free=True, hearing_loop=True)
        invited = rng.sample(people, min(len(people), 12))
        Invitation.objects.bulk_create(Invitation(meeting=meeting, person=person,
                                                  token=secrets.token_urlsafe(32))
                                       for person in invited)
        came: dict[int, str] = {
            invitation.pk: Attendance.CAME if rng.random() < 0.7 else Attendance.APOLOGIES
            for invitation in meeting.invitations.all()}
        # A few meetings were staff only: the report counts how many were joint.
        record_attendance(meeting, came if month % 4 else {}, [coordinator])
        if month % 3 == 0:
            text, side = DECISIONS[(month // 3) % len(DECISIONS)]
            project.record_decision(text, side, Method.CONSENSUS, coordinator, meeting=meeting,
                                    decided_on=start.date())


def answer(subject: Any, role: str, base: int, rng: random.Random) -> None:
    values: dict[str, int | None] = {
        item.key: max(1, min(5, base + rng.choice([-1, 0, 0, 1])))
        for item in subject.questions.items}
    response = Response.objects.create(organisation=subject.organisation,
                                       **{subject.subject_field: subject}, role=role,
                                       how=AnsweredHow.PAPER)
    response.record(values, "", submit=True, complete=False)


def make_round(organisation: Any, closed_on: datetime.date, base: int,
               rng: random.Random) -> None:
    round_ = Round(organisation=organisation, title=f"Assessment {closed_on:%B %Y}",
                   roles=["staff", "trustee", "volunteer", "lived_experience"],
                   closes_on=closed_on)
    round_.use_framework(FRAMEWORK, framework_data(FRAMEWORK))
    round_.save()
    for role, count in (("staff", 6), ("trustee", 5), ("lived_experience", 8)):
        for _n in range(count):
            answer(round_, role, base, rng)
    round_.set_status(RoundStatus.CLOSED)


def make_outcome_survey(organisation: Any, on: datetime.date, rng: random.Random) -> None:
    occasion = Occasion.objects.create(organisation=organisation,
                                       title="End of the year get-together", on=on)
    survey = Survey(organisation=organisation, kind=SurveyKind.OUTCOMES, occasion=occasion)
    survey.use_framework("participant-outcomes",
                         framework_data("participant-outcomes", kind="survey"))
    survey.save()
    for _n in range(14):
        answer(survey, "lived_experience", 4, rng)
