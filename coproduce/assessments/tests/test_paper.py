"""Printed forms, and staff entering their answers, marked as entered from paper."""

from typing import Any

from django.urls import reverse
from django.utils.html import escape

from coproduce.assessments.models import AnsweredHow, Response

from .factories import make_round, make_survey


def url(name: str, org: Any, round_: Any) -> str:
    return reverse(f"assessments:{name}", kwargs={"org_slug": org.slug, "round_id": round_.pk})


def test_the_printable_form_has_every_statement_in_standard_and_easy_read(
    login: Any, coordinator: Any, org: Any
) -> None:
    round_ = make_round(org)
    client = login(coordinator)
    standard = client.get(url("round_paper", org, round_)).content.decode()
    easy = client.get(url("round_paper", org, round_) + "?easy=1").content.decode()
    for item in round_.questions.items:
        assert escape(item.text.en) in standard
        assert escape(item.easy_read.en) in easy
    assert "@media print" in standard
    assert "Form reference" in standard
    assert "Person with lived experience" in standard


def test_staff_enter_a_paper_form_with_gaps_left_blank(login: Any, coordinator: Any,
                                                        org: Any) -> None:
    round_ = make_round(org)
    first, second = round_.questions.items[:2]
    response = login(coordinator).post(url("round_paper_entry", org, round_), {
        "role": "lived_experience", "paper_reference": "P-17",
        f"item_{first.key}": "2", f"item_{second.key}": "dont_know"})
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.how == AnsweredHow.PAPER and saved.entered_by == coordinator
    assert saved.is_submitted and saved.role == "lived_experience"
    assert saved.answer_values() == {first.key: 2, second.key: None}


def test_the_same_paper_form_cannot_be_entered_twice(login: Any, coordinator: Any,
                                                     org: Any) -> None:
    round_ = make_round(org)
    key = round_.questions.items[0].key
    data = {"role": "staff", "paper_reference": "P-1", f"item_{key}": "3"}
    client = login(coordinator)
    client.post(url("round_paper_entry", org, round_), data)
    again = client.post(url("round_paper_entry", org, round_), data)
    page = again.content.decode()
    assert again.status_code == 200
    assert "A paper form with the reference P-1 has already been entered" in page
    assert Response.objects.count() == 1


def test_a_blank_paper_form_or_a_missing_role_is_refused(login: Any, coordinator: Any,
                                                         org: Any) -> None:
    round_ = make_round(org)
    client = login(coordinator)
    blank = client.post(url("round_paper_entry", org, round_), {"role": "staff"})
    assert "Enter at least one answer from the paper form" in blank.content.decode()
    key = round_.questions.items[0].key
    no_role = client.post(url("round_paper_entry", org, round_), {f"item_{key}": "3"})
    assert "Choose who you are answering as" in no_role.content.decode()
    assert not Response.objects.exists()


def test_survey_paper_forms_include_the_comment(login: Any, coordinator: Any, org: Any) -> None:
    survey = make_survey(org)
    client = login(coordinator)
    printed = client.get(reverse("assessments:survey_paper", kwargs={
        "org_slug": org.slug, "survey_id": survey.pk})).content.decode()
    assert "Is there anything else you want to tell us about the meeting?" in printed
    data = {f"item_{item.key}": "5" for item in survey.questions.items}
    client.post(reverse("assessments:survey_paper_entry", kwargs={
        "org_slug": org.slug, "survey_id": survey.pk}),
        {**data, "role": "volunteer", "comment": "Lovely"})
    saved = Response.objects.get()
    assert saved.survey == survey and saved.comment == "Lovely" and saved.entered_by == coordinator
