"""Peer mentors and panel members answer, signed in, the rounds and surveys their People record
was invited to, and only those; their answers count once however they come."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from coproduce.assessments.models import Invitation, Response, Status
from coproduce.conftest import make_member
from coproduce.organisations.models import Membership, Role

from .factories import make_round, make_survey

pytestmark = pytest.mark.django_db


def answer_url(org: Any, subject: Any) -> str:
    name = f"{subject.url_prefix}_answer"
    return reverse(f"assessments:{name}",
                   kwargs={"org_slug": org.slug, f"{subject.url_prefix}_id": subject.pk})


def every_answer(subject: Any, value: str = "4") -> dict[str, str]:
    return {f"item_{item.key}": value for item in subject.questions.items}


@pytest.fixture
def panel(org: Any, person: Any) -> User:
    user = make_member(org, "panel@harbour.example", Role.PANEL_MEMBER)
    Membership.objects.filter(user=user).update(person=person)
    return user


def test_an_invited_panel_member_answers_signed_in(login: Any, panel: Any, org: Any,
                                                   person: Any) -> None:
    round_ = make_round(org)
    link, _token = Invitation.issue(round_, "lived_experience", 14, person=person)
    client = login(panel)
    part = client.get(reverse("projects:your_part", kwargs={"org_slug": org.slug}))
    assert answer_url(org, round_) in part.content.decode() and "To answer" in (
        part.content.decode())
    response = client.post(answer_url(org, round_), {**every_answer(round_),
                                                     "role": "lived_experience"})
    assert response.status_code == 302
    assert Response.objects.get().is_submitted
    link.refresh_from_db()
    assert link.used_at is not None  # the emailed link cannot add a second response
    assert "Answered" in client.get(reverse("projects:your_part", kwargs={
        "org_slug": org.slug})).content.decode()


def test_a_survey_invitation_works_the_same_way(login: Any, panel: Any, org: Any,
                                                person: Any) -> None:
    survey = make_survey(org)
    Invitation.issue(survey, "lived_experience", 14, person=person)
    client = login(panel)
    assert client.get(answer_url(org, survey)).status_code == 200


def test_a_participant_not_invited_gets_404(login: Any, panel: Any, peer_mentor: Any,
                                            org: Any, other_person: Any) -> None:
    round_ = make_round(org)
    Invitation.issue(round_, "volunteer", 14)  # a link for nobody in particular
    assert login(panel).get(answer_url(org, round_)).status_code == 404
    assert login(peer_mentor).get(answer_url(org, round_)).status_code == 404  # unlinked
    assert not Response.objects.exists()


def test_answering_by_link_first_counts_once(login: Any, panel: Any, org: Any,
                                             person: Any) -> None:
    round_ = make_round(org)
    link, _token = Invitation.issue(round_, "lived_experience", 14, person=person)
    link.claim()
    page = login(panel).get(answer_url(org, round_))
    assert "You have already answered" in page.content.decode()


def test_a_closed_round_is_refused(login: Any, panel: Any, org: Any, person: Any) -> None:
    round_ = make_round(org)
    Invitation.issue(round_, "lived_experience", 14, person=person)
    round_.set_status(Status.CLOSED)
    response = login(panel).post(answer_url(org, round_), {**every_answer(round_),
                                                           "role": "lived_experience"})
    assert response.status_code == 410 and not Response.objects.exists()


def test_staff_and_viewers_answer_as_before_and_participants_see_no_results(
        login: Any, coordinator: Any, viewer: Any, panel: Any, org: Any) -> None:
    round_ = make_round(org)
    assert login(coordinator).get(answer_url(org, round_)).status_code == 200
    assert login(viewer).get(answer_url(org, round_)).status_code == 200
    results = reverse("assessments:round_results", kwargs={"org_slug": org.slug,
                                                           "round_id": round_.pk})
    assert login(panel).get(results).status_code == 403
