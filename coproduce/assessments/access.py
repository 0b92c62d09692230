"""Access to rounds, surveys and actions: the organisation scope, then the role check.

Reading results needs "view_assessment_results", running rounds "manage_assessments", and
answering as a signed-in member "answer_assessments". Peer mentors and panel members
("answer_when_invited") answer only what their People record was invited to; anything else,
and anything of another organisation, is 404.
"""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coproduce.organisations.access import OrgRequest, require, scoped

from .models import PlannedAction, Round, Survey

READ, WRITE, ANSWER = "view_assessment_results", "manage_assessments", "answer_assessments"


def permission(write: bool, answer: bool) -> str:
    return ANSWER if answer else WRITE if write else READ


def answerable(request: OrgRequest, queryset: "QuerySet[Any]") -> "QuerySet[Any]":
    """What the member may answer: all of it, or for a participant only what their People
    record was invited to (403 for a role that answers nothing)."""
    if request.membership.allows(ANSWER):
        return queryset
    require(request, "answer_when_invited")
    person = request.membership.person_id
    if person is None:
        return queryset.none()
    return queryset.filter(invitations__person_id=person).distinct()


def get_round_for(request: OrgRequest, round_id: int, write: bool = False,
                  answer: bool = False) -> Round:
    """Return the organisation's round, or 404; 403 if the role may not do this with it."""
    rounds = scoped(request, Round)
    if answer:
        rounds = answerable(request, rounds)
    else:
        require(request, permission(write, answer))
    return get_object_or_404(rounds.select_related("organisation"), pk=round_id)


def get_survey_for(request: OrgRequest, survey_id: int, write: bool = False,
                   answer: bool = False) -> Survey:
    surveys = scoped(request, Survey)
    if answer:
        surveys = answerable(request, surveys)
    else:
        require(request, permission(write, answer))
    return get_object_or_404(surveys.select_related("organisation", "occasion"), pk=survey_id)


def get_action_for(request: OrgRequest, action_id: int, write: bool = False) -> PlannedAction:
    require(request, permission(write, answer=False))
    return get_object_or_404(
        scoped(request, PlannedAction).select_related("organisation", "round"), pk=action_id)
