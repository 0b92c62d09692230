"""Members answer signed in: drafts are kept, answers off the scale are refused, once only."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.assessments.models import AnsweredHow, Response, Status

from .factories import make_round


def answer_url(org: Any, round_: Any) -> str:
    return reverse("assessments:round_answer", kwargs={"org_slug": org.slug, "round_id": round_.pk})


def every_answer(round_: Any, value: str = "4") -> dict[str, str]:
    return {f"item_{item.key}": value for item in round_.questions.items}


def test_a_coordinator_answers_as_staff(login: Any, coordinator: Any, org: Any) -> None:
    round_ = make_round(org)
    client = login(coordinator)
    page = client.get(answer_url(org, round_)).content.decode()
    assert 'value="staff" checked' in page  # offered first, from their role
    response = client.post(answer_url(org, round_), {**every_answer(round_), "role": "staff"})
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.is_submitted and saved.role == "staff" and saved.how == AnsweredHow.SIGNED_IN
    assert saved.user is None  # the round is anonymous
    assert saved.member  # but the same member cannot answer twice


def test_a_member_cannot_answer_the_same_round_twice(login: Any, coordinator: Any,
                                                      org: Any) -> None:
    round_ = make_round(org)
    client = login(coordinator)
    client.post(answer_url(org, round_), {**every_answer(round_, "4"), "role": "staff"})
    again = client.post(answer_url(org, round_), {**every_answer(round_, "1"), "role": "staff"})
    assert again.status_code == 200 and "You have already answered" in again.content.decode()
    assert Response.objects.count() == 1
    assert set(Response.objects.get().answers.values_list("value", flat=True)) == {4}


def test_a_named_round_records_who_answered(login: Any, viewer: Any, org: Any) -> None:
    round_ = make_round(org, anonymous=False)
    login(viewer).post(answer_url(org, round_), {**every_answer(round_), "role": "trustee"})
    saved = Response.objects.get()
    assert saved.user == viewer and saved.role == "trustee"


def test_a_draft_is_kept_for_later(login: Any, coordinator: Any, org: Any) -> None:
    round_ = make_round(org)
    first = round_.questions.items[0]
    client = login(coordinator)
    response = client.post(answer_url(org, round_),
                           {f"item_{first.key}": "2", "role": "staff", "action": "save"})
    assert response.status_code == 302
    draft = Response.objects.get()
    assert draft.status == "draft" and draft.answer_values() == {first.key: 2}
    page = client.get(answer_url(org, round_)).content.decode()
    assert f'name="item_{first.key}" type="radio" value="2" checked' in page
    client.post(answer_url(org, round_), {**every_answer(round_, "3"), "role": "staff"})
    assert Response.objects.get().is_submitted


def test_sending_with_gaps_names_each_unanswered_statement(login: Any, coordinator: Any,
                                                           org: Any) -> None:
    round_ = make_round(org)
    items = round_.questions.items
    response = login(coordinator).post(answer_url(org, round_),
                                       {f"item_{items[0].key}": "2", "role": "staff"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert f'href="#id_item_{items[1].key}_0"' in page
    assert "Choose an answer for" in page
    assert not Response.objects.exists()


@pytest.mark.parametrize("value", ["6", "0", "-1", "3.5", "five"])
def test_an_answer_off_the_scale_is_refused_and_nothing_is_saved(
    login: Any, coordinator: Any, org: Any, value: str
) -> None:
    round_ = make_round(org)
    data = {**every_answer(round_, "3"), "role": "staff"}
    data[f"item_{round_.questions.items[2].key}"] = value
    response = login(coordinator).post(answer_url(org, round_), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of the answers given, from 1 to 5, or “Don&#x27;t know”" in page
    assert not Response.objects.exists()


def test_the_model_refuses_an_answer_off_the_scale_too(org: Any) -> None:
    round_ = make_round(org)
    response = Response.objects.create(organisation=org, round=round_, role="staff",
                                       how=AnsweredHow.PAPER)
    key = round_.questions.items[0].key
    with pytest.raises(ValidationError, match="from 1 to 5"):
        response.record({key: 9})
    with pytest.raises(ValidationError, match="no statement"):
        response.record({"made-up": 3})
    assert not response.answers.exists()


def test_a_role_the_round_did_not_ask_is_refused(login: Any, coordinator: Any, org: Any) -> None:
    round_ = make_round(org, roles=["staff", "lived_experience"])
    response = login(coordinator).post(answer_url(org, round_),
                                       {**every_answer(round_), "role": "trustee"})
    assert "Select a valid choice" in response.content.decode()
    assert not Response.objects.exists()


def test_a_closed_round_takes_no_answers(login: Any, coordinator: Any, org: Any) -> None:
    round_ = make_round(org)
    round_.set_status(Status.CLOSED)
    response = login(coordinator).post(answer_url(org, round_),
                                       {**every_answer(round_), "role": "staff"})
    assert response.status_code == 410
    assert not Response.objects.exists()

