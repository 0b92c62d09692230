"""Hostile input gets a clear message, never a server error: line breaks, impossible dates."""

from typing import Any

import pytest
from django.urls import reverse

from coproduce.organisations.models import Organisation
from coproduce.projects.models import Meeting, Project


def test_it_refuses_a_line_break_in_the_organisation_name(login: Any, admin_user: Any,
                                                          org: Any) -> None:
    response = login(admin_user).post(reverse("organisations:settings", args=[org.slug]), {
        "name": "Harbour\r\nBcc: everyone@example.org", "name_cy": "",
        "participant_hourly_value": "13.45"})
    assert response.status_code == 200
    assert "Keep this answer on one line" in response.content.decode()
    org.refresh_from_db()
    assert org.name == "Harbour Day Centre"


def test_it_refuses_a_line_break_in_a_meeting_title(login: Any, coordinator: Any, org: Any
                                                    ) -> None:
    project = Project.objects.create(organisation=org, title="Packs", purpose="Packs")
    response = login(coordinator).post(
        reverse("projects:meeting_add", args=[org.slug, project.pk]),
        {"title": "Panel\nBcc: x@example.org", "starts_at": "2030-01-01T10:00",
         "ends_at": "2030-01-01T11:00", "status": "upcoming"})
    assert response.status_code == 200 and "on one line" in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_keeps_invitation_subjects_on_one_line(login: Any, admin_user: Any, org: Any,
                                                  mailoutbox: Any,
                                                  django_capture_on_commit_callbacks: Any
                                                  ) -> None:
    Organisation.objects.filter(pk=org.pk).update(name="Harbour\nDay Centre")  # older data
    with django_capture_on_commit_callbacks(execute=True):  # the worker sends it after commit
        response = login(admin_user).post(reverse("organisations:members", args=[org.slug]),
                                          {"email": "new@harbour.example", "role": "viewer"})
    assert response.status_code == 302
    [message] = mailoutbox
    assert "\n" not in message.subject and "Harbour Day Centre" in message.subject


@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "9999-12-31"),
                                            ("1899-12-31", "2020-01-01"),
                                            ("2020-01-01", "2101-01-01")])
def test_it_answers_the_equity_page_with_extreme_dates(login: Any, viewer: Any, org: Any,
                                                       start: str, end: str) -> None:
    response = login(viewer).get(reverse("voices:equity", args=[org.slug]),
                                 {"start": start, "end": end, "months": "6"})
    assert response.status_code == 200
    assert "Enter a date between 1900 and 2100" in response.content.decode()


def test_it_refuses_an_impossible_date_on_a_person(login: Any, coordinator: Any, org: Any,
                                                   person: Any) -> None:
    response = login(coordinator).post(reverse("people:journey", args=[org.slug, person.pk]), {
        "stage": org.journey_stages.first().pk, "on": "0001-01-01"})
    assert response.status_code == 200 and "between 1900 and 2100" in response.content.decode()
    assert not person.journey.exists()
