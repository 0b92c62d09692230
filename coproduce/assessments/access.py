"""Access to rounds, surveys and actions: the organisation scope, then the role check.

Reading results needs "view_assessment_results", running rounds "manage_assessments", and
answering as a signed-in member "answer_assessments"; anything of another organisation is 404.
"""

from django.shortcuts import get_object_or_404

from coproduce.organisations.access import OrgRequest, require, scoped

from .models import PlannedAction, Round, Survey

READ, WRITE, ANSWER = "view_assessment_results", "manage_assessments", "answer_assessments"


def permission(write: bool, answer: bool) -> str:
    return ANSWER if answer else WRITE if write else READ


def get_round_for(request: OrgRequest, round_id: int, write: bool = False,
                  answer: bool = False) -> Round:
    """Return the organisation's round, or 404; 403 if the role may not do this with it."""
    require(request, permission(write, answer))
    return get_object_or_404(scoped(request, Round).select_related("organisation"), pk=round_id)


def get_survey_for(request: OrgRequest, survey_id: int, write: bool = False,
                   answer: bool = False) -> Survey:
    require(request, permission(write, answer))
    return get_object_or_404(
        scoped(request, Survey).select_related("organisation", "occasion"), pk=survey_id)


def get_action_for(request: OrgRequest, action_id: int, write: bool = False) -> PlannedAction:
    require(request, permission(write, answer=False))
    return get_object_or_404(
        scoped(request, PlannedAction).select_related("organisation", "round"), pk=action_id)
