"""Co-assessment surveys after a meeting or at a project milestone."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.organisations.access import OrgRequest, member_required

from .access import get_survey_for
from .forms import SurveyForm
from .frameworks import framework_data
from .models import SURVEY_FORMS, Occasion, Survey
from .results import survey_results
from .views import (
    issue_links,
    member_answer,
    paper_entry,
    paper_form,
    response_counts,
    send_link_later,
    set_status,
)


@member_required("manage_assessments")
def survey_create(request: OrgRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            occasion = data["occasion"] or Occasion.objects.create(
                organisation=request.organisation, title=data["title"], on=data["on"])
            survey = Survey(organisation=request.organisation, kind=data["kind"],
                            occasion=occasion, anonymous=data["anonymous"],
                            created_by=request.user)
            key = SURVEY_FORMS[data["kind"]]
            survey.use_framework(key, framework_data(key, kind="survey"))
            survey.save()
        messages.success(request, _("The survey is ready. Now invite people to answer."))
        return redirect(survey)
    return render(request, "assessments/survey_form.html", {"form": form})


@member_required("manage_assessments")
def survey_detail(request: OrgRequest, survey_id: int) -> HttpResponse:
    survey = get_survey_for(request, survey_id, write=True)
    return render(request, "assessments/survey_detail.html",
                  {"survey": survey, "counts": response_counts(survey)})


@member_required()  # the helper checks the role, and a participant's invitation
def survey_answer(request: OrgRequest, survey_id: int) -> HttpResponse:
    return member_answer(request, get_survey_for(request, survey_id, answer=True))


@member_required("manage_assessments")
def survey_links(request: OrgRequest, survey_id: int) -> HttpResponse:
    return issue_links(request, get_survey_for(request, survey_id, write=True))


@require_POST
@member_required("manage_assessments")
def survey_link_send(request: OrgRequest, survey_id: int, link_id: int) -> HttpResponse:
    return send_link_later(request, get_survey_for(request, survey_id, write=True), link_id)


@member_required("manage_assessments")
def survey_paper(request: OrgRequest, survey_id: int) -> HttpResponse:
    return paper_form(request, get_survey_for(request, survey_id, write=True))


@member_required("manage_assessments")
def survey_paper_entry(request: OrgRequest, survey_id: int) -> HttpResponse:
    return paper_entry(request, get_survey_for(request, survey_id, write=True))


@member_required("manage_assessments")
def survey_status(request: OrgRequest, survey_id: int) -> HttpResponse:
    return set_status(request, get_survey_for(request, survey_id, write=True))


@member_required("view_assessment_results")
def survey_results_page(request: OrgRequest, survey_id: int) -> HttpResponse:
    survey = get_survey_for(request, survey_id)
    may_manage = request.membership.allows("manage_assessments")
    return render(request, "assessments/survey_results.html", {
        "survey": survey, "questions": survey.questions, "may_manage": may_manage,
        "hide_small": not may_manage,
        "results": survey_results(survey, with_comments=may_manage),
    })
