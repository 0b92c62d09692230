"""Demo assessments: a self-assessment round answered by a handful of staff and members (so
the small-number rule shows), with one link sent to a member, who used it."""

import datetime
import random
from typing import Any

from django.utils import timezone

from coproduce.assessments.frameworks import framework_data
from coproduce.assessments.models import AnsweredHow, Invitation, Response, Round, Status
from coproduce.people.models import Person

FRAMEWORK = "gmcvo-critical-success-factors"
# Who answered: enough staff for their scores to show, too few members for theirs.
ANSWERED = [("staff", 6), ("lived_experience", 3)]


def make_assessments(organisation: Any, by: Any) -> int:
    """Make the round once; return how many responses were entered."""
    if Round.objects.filter(organisation=organisation).exists():
        return 0
    round_ = Round(organisation=organisation, title="Autumn self-assessment",
                   roles=["staff", "trustee", "volunteer", "lived_experience"],
                   status=Status.OPEN, created_by=by)
    round_.use_framework(FRAMEWORK, framework_data(FRAMEWORK))
    round_.save()
    rng = random.Random(organisation.slug)
    made = 0
    for role, count in ANSWERED:
        for _number in range(count):
            values = {item.key: rng.choice([2, 3, 3, 4, 4, 5]) for item in
                      round_.questions.items}
            response = Response.objects.create(organisation=organisation, round=round_,
                                               role=role, how=AnsweredHow.PAPER)
            response.record(values, "", submit=True, complete=False)
            made += 1
    person = Person.objects.filter(organisation=organisation).order_by("pk").first()
    if person is not None:
        invitation, _token = Invitation.issue(round_, "lived_experience", 14, by=by,
                                              person=person)
        Invitation.objects.filter(pk=invitation.pk).update(
            used_at=timezone.now() - datetime.timedelta(days=2))
    return made
