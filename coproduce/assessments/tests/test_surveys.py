"""Co-assessment surveys: a pulse after a meeting and participant outcomes at milestones."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.assessments.models import Invitation, Occasion, Response, Survey, SurveyKind

from .factories import answer, make_survey


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"assessments:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_it_starts_a_pulse_survey_after_a_new_meeting(login: Any, coordinator: Any,
                                                      org: Any) -> None:
    response = login(coordinator).post(url("survey_create", org), {
        "kind": "pulse", "title": "Residents' panel", "on": "2026-03-02", "anonymous": "on"})
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == survey.get_absolute_url()
    assert survey.kind == SurveyKind.PULSE and survey.framework_key == "meeting-pulse"
    assert survey.occasion.title == "Residents' panel"
    assert survey.occasion.on == datetime.date(2026, 3, 2)


def test_it_can_follow_an_earlier_occasion(login: Any, coordinator: Any, org: Any) -> None:
    occasion = Occasion.objects.create(organisation=org, title="Grant panel",
                                       on=datetime.date(2026, 1, 5))
    login(coordinator).post(url("survey_create", org), {"kind": "outcomes",
                                                        "occasion": occasion.pk})
    survey = Survey.objects.get()
    assert survey.occasion == occasion and survey.framework_key == "participant-outcomes"
    assert [item.key for item in survey.questions.items] == [
        "confidence", "new-skills", "valued", "connected-to-others", "connected-to-community"]


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "pulse", "on": "2026-03-02"}, "Enter what the meeting or activity was"),
    ({"kind": "pulse", "title": "Panel"}, "Enter the date it happened"),
    ({"title": "Panel", "on": "2026-03-02"}, "Choose the kind of survey"),
])
def test_it_refuses_a_survey_with_no_occasion_or_kind(
    login: Any, coordinator: Any, org: Any, data: dict[str, str], message: str
) -> None:
    response = login(coordinator).post(url("survey_create", org), data)
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not Survey.objects.exists() and not Occasion.objects.exists()


def test_another_organisations_occasion_cannot_be_chosen(login: Any, coordinator: Any,
                                                         org: Any, other_org: Any) -> None:
    theirs = Occasion.objects.create(organisation=other_org, title="Theirs",
                                     on=datetime.date(2026, 1, 5))
    response = login(coordinator).post(url("survey_create", org),
                                       {"kind": "pulse", "occasion": theirs.pk})
    assert "Select a valid choice" in response.content.decode()
    assert not Survey.objects.exists()


def test_the_pulse_comes_in_standard_and_easy_read(client: Client, org: Any) -> None:
    survey = make_survey(org)
    _invitation, token = Invitation.issue(survey, "lived_experience", days=2)
    link = reverse("assessments:answer_link", kwargs={"org_slug": org.slug, "token": token})
    standard = client.get(link).content.decode()
    easy = client.get(link + "?easy=1").content.decode()
    for text in ["I had a say.", "I was listened to.", "I understood what was open to change.",
                 "The meeting was accessible to me.",
                 "Is there anything else you want to tell us about the meeting?",
                 "Strongly agree"]:
        assert text in standard
    for text in ["I could say what I think.", "People listened to me.",
                 "I knew what we could change.", "The meeting was easy for me to take part in.",
                 "Is there anything else you want to say?", "Not really"]:
        assert text in easy
    data = {f"item_{item.key}": "4" for item in survey.questions.items}
    client.post(link + "?easy=1", {**data, "comment": "More tea"})
    saved = Response.objects.get()
    assert saved.easy_read and saved.comment == "More tea" and saved.is_submitted


def test_survey_results_count_each_answer_once_five_have_answered(
    login: Any, coordinator: Any, viewer: Any, org: Any
) -> None:
    survey = make_survey(org, kind=SurveyKind.OUTCOMES)
    for _ in range(4):
        answer(survey, "lived_experience", 5, comment="<script>alert(1)</script>")
    results_url = url("survey_results", org, survey_id=survey.pk)
    few = login(coordinator).get(results_url).content.decode()
    assert "4 people have answered" in few
    assert "Answers are shown once at least 5 people have answered" in few
    assert 'id="answers"' not in few and "alert(1)" not in few
    answer(survey, "staff", {"confidence": 2, "new-skills": None})
    page = login(coordinator).get(results_url).content.decode()
    assert 'id="answers"' in page and "I feel more confident." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    table = page[page.index('id="answers"'):]
    row = table[table.index("I feel more confident."):table.index("I have learned new skills.")]
    assert ">4<" in row and ">1<" in row and "4.4" in row  # four chose 5, one chose 2
    # Viewers see the counts, but not what people wrote.
    for_viewer = login(viewer).get(results_url).content.decode()
    assert 'id="answers"' in for_viewer and "alert(1)" not in for_viewer


def test_a_survey_with_no_answers_says_so(login: Any, viewer: Any, org: Any) -> None:
    survey = make_survey(org)
    page = login(viewer).get(url("survey_results", org, survey_id=survey.pk)).content.decode()
    assert "No one has answered yet" in page


def test_surveys_of_another_organisation_are_not_found(login: Any, coordinator: Any, org: Any,
                                                       other_org: Any) -> None:
    theirs = make_survey(other_org)
    client = login(coordinator)
    for name in ("survey_detail", "survey_results", "survey_answer", "survey_links"):
        assert client.get(url(name, org, survey_id=theirs.pk)).status_code == 404, name


def test_a_member_answers_a_survey_signed_in(login: Any, viewer: Any, org: Any) -> None:
    survey = make_survey(org)
    data = {f"item_{item.key}": "5" for item in survey.questions.items}
    response = login(viewer).post(url("survey_answer", org, survey_id=survey.pk),
                                  {**data, "role": "trustee"})
    assert response.status_code == 302
    assert Response.objects.get().survey == survey
