"""Rounds, surveys, links and responses made directly, for tests."""

import datetime
from typing import Any

from django.utils import timezone

from coproduce.assessments.frameworks import framework_data
from coproduce.assessments.models import (
    AnsweredHow,
    Invitation,
    Occasion,
    PlannedAction,
    Response,
    Round,
    Survey,
    SurveyKind,
    hash_token,
)
from coproduce.people.models import Person

FRAMEWORK = "gmcvo-critical-success-factors"
ALL_ROLES = ["staff", "trustee", "volunteer", "lived_experience"]


def make_round(organisation: Any, title: str = "Spring round", framework: str = FRAMEWORK,
               roles: list[str] | None = None, **fields: Any) -> Round:
    round_ = Round(organisation=organisation, title=title,
                   roles=ALL_ROLES if roles is None else roles, **fields)
    round_.use_framework(framework, framework_data(framework))
    round_.save()
    return round_


def make_survey(organisation: Any, kind: str = SurveyKind.PULSE,
                title: str = "Planning meeting") -> Survey:
    occasion = Occasion.objects.create(organisation=organisation, title=title,
                                       on=datetime.date(2026, 3, 2))
    survey = Survey(organisation=organisation, kind=kind, occasion=occasion)
    key = "meeting-pulse" if kind == SurveyKind.PULSE else "participant-outcomes"
    survey.use_framework(key, framework_data(key, kind="survey"))
    survey.save()
    return survey


def answer(subject: Any, role: str, values: dict[str, int | None] | int,
           how: str = AnsweredHow.PAPER, comment: str = "") -> Response:
    """Submit a response; an int answers every statement with that value."""
    if isinstance(values, int):
        values = {item.key: values for item in subject.questions.items}
    response = Response.objects.create(
        organisation=subject.organisation, **{subject.subject_field: subject},
        role=role, how=how)
    response.record(values, comment, submit=True, complete=False)
    return response


def area_values(subject: Any, scores: dict[str, int]) -> dict[str, int | None]:
    """Answer every statement of each named area with the given value."""
    return {item.key: scores[item.area_key] for item in subject.questions.items
            if item.area_key in scores}


def tenancy_objects(organisation: Any) -> dict[str, Any]:
    """Organisation B's round, survey, action and a link with a known token."""
    round_ = Round.objects.filter(organisation=organisation).first() or make_round(organisation)
    survey = Survey.objects.filter(organisation=organisation).first() or make_survey(
        organisation)
    action = PlannedAction.objects.filter(organisation=organisation).first() or (
        PlannedAction.objects.create(organisation=organisation, round=round_,
                                     area_key="skills", title="B's action", owner="B",
                                     due_on=datetime.date(2026, 6, 1)))
    token = f"tenancy-token-{organisation.slug}"
    Invitation.objects.get_or_create(
        token_hash=hash_token(token),
        defaults={"organisation": organisation, "round": round_, "role": "staff",
                  "expires_at": timezone.now() + datetime.timedelta(days=7)})
    person = Person.objects.filter(organisation=organisation).first() or Person.objects.create(
        organisation=organisation, name="Link Person")
    link, _token = Invitation.issue(round_, "volunteer", 7, person=person)
    survey_link, _token = Invitation.issue(survey, "volunteer", 7, person=person)
    return {"round_id": round_.pk, "survey_id": survey.pk, "action_id": action.pk,
            "token": token, "round_link_id": link.pk, "survey_link_id": survey_link.pk}
