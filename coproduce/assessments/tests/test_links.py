"""Single-use links: no login, one response per link, refused once used or expired."""

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from coproduce.assessments.answering import LinkRefused, save_link_answers
from coproduce.assessments.forms import AnswerForm
from coproduce.assessments.models import AnsweredHow, Invitation, Response, Status, hash_token

from .factories import make_round, make_survey


def link_url(org: Any, token: str) -> str:
    return reverse("assessments:answer_link", kwargs={"org_slug": org.slug, "token": token})


def every_answer(round_: Any, value: str = "3") -> dict[str, str]:
    return {f"item_{item.key}": value for item in round_.questions.items}


@pytest.fixture
def round_(org: Any) -> Any:
    return make_round(org)


@pytest.fixture
def link(round_: Any) -> tuple[Invitation, str]:
    return Invitation.issue(round_, "lived_experience", days=14)


def test_staff_make_links_shown_once_and_stored_only_as_hashes(
    login: Any, coordinator: Any, org: Any, round_: Any
) -> None:
    url = reverse("assessments:round_links", kwargs={"org_slug": org.slug, "round_id": round_.pk})
    response = login(coordinator).post(url, {"role": "lived_experience", "count": "3",
                                             "days": "7"})
    assert response.status_code == 200
    page = response.content.decode()
    tokens = re.findall(r"/assessments/answer/([A-Za-z0-9_-]{43})/", page)
    assert len(set(tokens)) == 3
    invitations = Invitation.objects.filter(round=round_)
    assert {invitation.token_hash for invitation in invitations} == {
        hash_token(token) for token in tokens}
    assert not any(token in invitation.token_hash for token in tokens
                   for invitation in invitations)
    assert all(invitation.role == "lived_experience" and invitation.created_by == coordinator
               for invitation in invitations)
    # Shown once: the page does not show them again.
    assert tokens[0] not in login(coordinator).get(url).content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"role": "lived_experience", "count": "51", "days": "7"}, "at most 50 links"),
    ({"role": "lived_experience", "count": "2", "days": "0"}, "at least 1 day"),
    ({"role": "nobody", "count": "2", "days": "7"}, "Select a valid choice"),
])
def test_it_refuses_bad_link_requests_and_makes_none(
    login: Any, coordinator: Any, org: Any, round_: Any, data: dict[str, str], message: str
) -> None:
    url = reverse("assessments:round_links", kwargs={"org_slug": org.slug, "round_id": round_.pk})
    response = login(coordinator).post(url, data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


def test_someone_without_a_login_answers_through_a_link(
    client: Client, org: Any, round_: Any, link: tuple[Invitation, str]
) -> None:
    invitation, token = link
    page = client.get(link_url(org, token))
    assert page.status_code == 200
    assert escape(round_.questions.items[0].text.en) in page.content.decode()
    response = client.post(link_url(org, token), every_answer(round_, "2"))
    assert response.status_code == 200
    assert "Your answers have been sent" in response.content.decode()
    saved = Response.objects.get()
    assert saved.is_submitted and saved.how == AnsweredHow.LINK
    assert saved.role == "lived_experience" and saved.invitation == invitation
    assert saved.answers.count() == len(round_.questions.items)
    assert saved.user is None and saved.member == ""
    invitation.refresh_from_db()
    assert invitation.used_at is not None


def test_a_used_link_is_refused_and_nothing_is_counted_twice(
    client: Client, org: Any, round_: Any, link: tuple[Invitation, str]
) -> None:
    _invitation, token = link
    client.post(link_url(org, token), every_answer(round_, "2"))
    again = client.post(link_url(org, token), every_answer(round_, "5"))
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert client.get(link_url(org, token)).status_code == 410
    assert Response.objects.count() == 1
    assert set(Response.objects.get().answers.values_list("value", flat=True)) == {2}


def test_a_double_submission_counts_once(org: Any, round_: Any,
                                         link: tuple[Invitation, str]) -> None:
    """Two requests that both loaded the form before either was sent: the second is refused."""
    invitation, _token = link
    first = Invitation.objects.get(pk=invitation.pk)
    second = Invitation.objects.get(pk=invitation.pk)
    forms = [AnswerForm(every_answer(round_), questions=round_.questions) for _ in range(2)]
    assert all(form.is_valid() for form in forms)
    save_link_answers(first, forms[0], submit=True)
    with pytest.raises(LinkRefused):
        save_link_answers(second, forms[1], submit=True)
    assert Response.objects.filter(invitation=invitation).count() == 1


def test_an_expired_link_is_refused(client: Client, org: Any, round_: Any,
                                    link: tuple[Invitation, str], time_machine: Any) -> None:
    _invitation, token = link
    time_machine.move_to(timezone.now() + datetime.timedelta(days=15))
    response = client.get(link_url(org, token))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert client.post(link_url(org, token), every_answer(round_)).status_code == 410
    assert not Response.objects.exists()


def test_a_link_to_a_closed_round_is_refused(client: Client, org: Any, round_: Any,
                                             link: tuple[Invitation, str]) -> None:
    round_.set_status(Status.CLOSED)
    response = client.post(link_url(org, link[1]), every_answer(round_))
    assert response.status_code == 410 and "This has closed" in response.content.decode()
    assert not Response.objects.exists()


def test_another_organisations_link_or_an_unknown_one_is_not_found(
    client: Client, org: Any, other_org: Any, round_: Any, link: tuple[Invitation, str]
) -> None:
    _invitation, token = link
    assert client.get(link_url(other_org, token)).status_code == 404
    assert client.post(link_url(other_org, token), every_answer(round_)).status_code == 404
    assert client.get(link_url(org, "not-a-real-token")).status_code == 404
    assert not Response.objects.exists()


def test_a_draft_is_kept_and_the_same_link_finishes_it(
    client: Client, org: Any, round_: Any, link: tuple[Invitation, str]
) -> None:
    invitation, token = link
    first, second = round_.questions.items[:2]
    response = client.post(link_url(org, token), {f"item_{first.key}": "4", "action": "save"})
    assert response.status_code == 302
    draft = Response.objects.get()
    assert draft.status == "draft" and draft.answer_values() == {first.key: 4}
    invitation.refresh_from_db()
    assert invitation.used_at is None  # saving a draft does not use the link up
    page = client.get(link_url(org, token)).content.decode()
    assert f'name="item_{first.key}" type="radio" value="4" checked' in page
    # Sending with gaps is refused, and the draft is unchanged.
    refused = client.post(link_url(org, token), {f"item_{second.key}": "1"})
    assert refused.status_code == 200 and "There is a problem" in refused.content.decode()
    assert Response.objects.get().status == "draft"
    client.post(link_url(org, token), every_answer(round_, "dont_know"))
    finished = Response.objects.get()
    assert finished.pk == draft.pk and finished.is_submitted
    assert set(finished.answer_values().values()) == {None}


def test_a_link_can_open_in_easy_read(client: Client, org: Any, round_: Any) -> None:
    _invitation, token = Invitation.issue(round_, "volunteer", days=3, easy_read=True)
    page = client.get(link_url(org, token)).content.decode()
    item = round_.questions.items[0]
    assert escape(item.easy_read.en) in page and escape(item.text.en) not in page
    standard = client.get(link_url(org, token) + "?easy=0").content.decode()
    assert escape(item.text.en) in standard


def test_survey_links_work_the_same_way(client: Client, org: Any) -> None:
    survey = make_survey(org)
    _invitation, token = Invitation.issue(survey, "lived_experience", days=3)
    data = {f"item_{item.key}": "5" for item in survey.questions.items}
    response = client.post(link_url(org, token), {**data, "comment": "Good tea."})
    assert response.status_code == 200
    saved = Response.objects.get()
    assert saved.survey == survey and saved.round is None and saved.comment == "Good tea."
    assert client.post(link_url(org, token), data).status_code == 410
