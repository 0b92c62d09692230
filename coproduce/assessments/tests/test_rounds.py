"""Starting, closing and reaching rounds; each role is refused what it may not do."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.assessments.models import Round, Status

from .factories import make_round, make_survey

NEW = {"title": "Spring 2026", "framework": "clore-barriers",
       "roles": ["staff", "lived_experience"], "anonymous": "on", "closes_on": ""}


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"assessments:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_a_coordinator_starts_a_round_with_a_copy_of_the_framework(
    login: Any, coordinator: Any, org: Any
) -> None:
    response = login(coordinator).post(url("round_create", org), NEW)
    round_ = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()
    assert round_.organisation == org and round_.created_by == coordinator
    assert round_.framework_key == "clore-barriers" and round_.framework_version == 1
    assert round_.framework_data["areas"][0]["id"] == "time-resources-skills"
    assert round_.roles == ["staff", "lived_experience"] and round_.anonymous
    assert round_.is_open


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"roles": []}, "roles", "Choose at least one group of people to ask"),
    ({"title": ""}, "title", "Enter a title"),
    ({"framework": "made-up"}, "framework", "Select a valid choice"),
    ({"framework": ""}, "framework", "Choose a framework"),
    ({"closes_on": "2001-01-01"}, "closes_on", "The closing date must be today or later"),
    ({"closes_on": "31/02/2026"}, "closes_on", "Enter a real date"),
    ({"title": "Spring\x07"}, "title", "control characters"),
])
def test_it_refuses_a_bad_round_and_saves_nothing(
    login: Any, coordinator: Any, org: Any, change: dict[str, Any], field: str, message: str
) -> None:
    response = login(coordinator).post(url("round_create", org), {**NEW, **change})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert f'href="#id_{field}' in page
    assert not Round.objects.exists()


def test_closing_and_reopening_a_round(login: Any, coordinator: Any, org: Any) -> None:
    round_ = make_round(org)
    client = login(coordinator)
    assert client.get(url("round_status", org, round_id=round_.pk)).status_code == 302
    assert Round.objects.get().is_open  # only a POST changes it
    client.post(url("round_status", org, round_id=round_.pk))
    assert Round.objects.get().status == Status.CLOSED
    client.post(url("round_status", org, round_id=round_.pk))
    assert Round.objects.get().status == Status.OPEN


def test_a_viewer_sees_results_and_may_answer_but_not_run_rounds(
    login: Any, viewer: Any, org: Any
) -> None:
    round_ = make_round(org)
    client = login(viewer)
    for name, kwargs in [("index", {}), ("frameworks", {}), ("actions", {}),
                         ("round_results", {"round_id": round_.pk}),
                         ("round_answer", {"round_id": round_.pk})]:
        assert client.get(url(name, org, **kwargs)).status_code == 200, name
    for name, kwargs in [("round_create", {}), ("survey_create", {}),
                         ("round_detail", {"round_id": round_.pk}),
                         ("round_links", {"round_id": round_.pk}),
                         ("round_paper", {"round_id": round_.pk}),
                         ("round_paper_entry", {"round_id": round_.pk}),
                         ("action_add", {"round_id": round_.pk})]:
        assert client.get(url(name, org, **kwargs)).status_code == 403, name
    assert client.post(url("round_create", org), NEW).status_code == 403
    assert client.post(url("round_status", org, round_id=round_.pk)).status_code == 403
    assert Round.objects.count() == 1 and Round.objects.get().is_open


def test_a_peer_mentor_sees_no_results_and_answers_only_what_they_were_invited_to(
        login: Any, peer_mentor: Any, org: Any) -> None:
    round_ = make_round(org)
    survey = make_survey(org)
    client = login(peer_mentor)
    for name, kwargs in [("index", {}), ("round_results", {"round_id": round_.pk}),
                         ("survey_results", {"survey_id": survey.pk})]:
        assert client.get(url(name, org, **kwargs)).status_code == 403, name
    # Not invited (and no People record linked): the round is not theirs to answer.
    assert client.get(url("round_answer", org, round_id=round_.pk)).status_code == 404


def test_someone_from_another_organisation_gets_not_found(login: Any, outsider: Any,
                                                          org: Any) -> None:
    round_ = make_round(org)
    client = login(outsider)
    for name, kwargs in [("index", {}), ("round_results", {"round_id": round_.pk}),
                         ("round_detail", {"round_id": round_.pk})]:
        assert client.get(url(name, org, **kwargs)).status_code == 404, name


def test_a_round_of_another_organisation_is_not_found_under_my_own(
    login: Any, coordinator: Any, org: Any, other_org: Any
) -> None:
    theirs = make_round(other_org)
    client = login(coordinator)
    for name in ("round_detail", "round_results", "round_answer", "round_links"):
        assert client.get(url(name, org, round_id=theirs.pk)).status_code == 404, name


def test_signed_out_visitors_are_sent_to_sign_in(org: Any) -> None:
    response = Client().get(url("index", org))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_menu_shows_assessments_to_staff_and_viewers_only(
    login: Any, coordinator: Any, viewer: Any, peer_mentor: Any, org: Any
) -> None:
    dashboard = reverse("reports:dashboard", kwargs={"org_slug": org.slug})
    link = f'href="{url("index", org)}"'
    assert link in login(coordinator).get(dashboard).content.decode()
    assert link in login(viewer).get(dashboard).content.decode()
    assert link not in login(peer_mentor).get(dashboard).content.decode()


def test_the_round_page_counts_answers_by_group(login: Any, coordinator: Any, org: Any) -> None:
    from .factories import answer

    round_ = make_round(org, anonymous=False)
    answer(round_, "staff", 3)
    answer(round_, "lived_experience", 2)
    page = login(coordinator).get(url("round_detail", org, round_id=round_.pk))
    assert page.context["counts"] == {"submitted": 2, "drafts": 0,
                                      "by_role": {"staff": 1, "lived_experience": 1}}
