"""Recording time: one entry, a whole meeting in one step, disputes kept in the history."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from coproduce.conftest import make_person
from coproduce.reciprocity.hours import Giver, record_hours
from coproduce.reciprocity.models import Contribution, HoursEvent


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"reciprocity:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_it_records_everyone_at_a_meeting_in_one_step(login: Any, coordinator: Any, org: Any,
                                                      project: Any, meeting: Any,
                                                      person: Any) -> None:
    absent = make_person(org, "Dewi Absent")
    meeting.attendees.add(absent)
    client = login(coordinator)
    page = client.get(url("attendance", org, project_id=project.pk, meeting_id=meeting.pk))
    assert 'value="2.5"' in page.content.decode()  # the meeting's length, filled in
    response = client.post(url("attendance", org, project_id=project.pk, meeting_id=meeting.pk),
                           {"people": [person.pk], "staff": [coordinator.pk], "minutes": "2.5",
                            "confirmed": "on"})
    assert response.status_code == 302
    entries = Contribution.objects.filter(meeting=meeting)
    assert {(e.person_id, e.staff_id, e.minutes, e.status) for e in entries} == {
        (person.pk, None, 150, "confirmed"), (None, coordinator.pk, 150, "confirmed")}
    client.post(url("attendance", org, project_id=project.pk, meeting_id=meeting.pk),
                {"people": [person.pk], "minutes": "2.5"})
    assert Contribution.objects.filter(meeting=meeting).count() == 2  # not recorded twice


def test_it_refuses_more_than_a_week_of_hours(login: Any, coordinator: Any, org: Any,
                                              person: Any) -> None:
    day = datetime.date(2026, 4, 1)
    record_hours(org, Giver(person=person), day, 160 * 60, "other", coordinator)
    response = login(coordinator).post(url("hours_add", org), {
        "side": "participant", "person": person.pk, "on": "2026-04-02", "minutes": "9",
        "activity": "meeting"})
    assert "more than 168 hours in one week" in response.content.decode()
    assert Contribution.objects.count() == 1


def test_it_warns_before_saving_more_than_24_hours_in_a_day(login: Any, coordinator: Any,
                                                            org: Any, person: Any) -> None:
    client = login(coordinator)
    data = {"side": "participant", "person": person.pk, "on": "2026-04-02", "minutes": "25",
            "activity": "hosting"}
    warned = client.post(url("hours_add", org), data)
    assert "more than 24 hours" in warned.content.decode()
    assert not Contribution.objects.exists()
    client.post(url("hours_add", org), {**data, "checked": "on"})
    assert Contribution.objects.get().minutes == 25 * 60


@pytest.mark.parametrize("typed", ["-2", "abc", "0", "2:75"])
def test_it_refuses_bad_lengths_of_time(login: Any, coordinator: Any, org: Any, person: Any,
                                        typed: str) -> None:
    response = login(coordinator).post(url("hours_add", org), {
        "side": "participant", "person": person.pk, "on": "2026-04-02", "minutes": typed,
        "activity": "meeting"})
    assert "govuk-error-summary" in response.content.decode()
    assert not Contribution.objects.exists()


def test_it_lets_a_participant_dispute_only_their_own_entry(
    login: Any, participant: Any, coordinator: Any, org: Any, person: Any
) -> None:
    other = make_person(org, "Gareth Other")
    mine = record_hours(org, Giver(person=person), datetime.date(2026, 4, 1), 120, "mentoring",
                        coordinator, confirmed=True)
    theirs = record_hours(org, Giver(person=other), datetime.date(2026, 4, 1), 90, "mentoring",
                          coordinator, confirmed=True)
    client = login(participant)
    page = client.get(url("mine", org)).content.decode()
    assert "2 h" in page and "Gareth" not in page and "1 h 30 min" not in page
    assert client.get(url("hours", org)).status_code == 403
    assert client.get(url("hours_detail", org, contribution_id=theirs.pk)).status_code == 403
    assert client.post(url("dispute", org, contribution_id=theirs.pk),
                       {"note": "no"}).status_code == 404
    client.post(url("dispute", org, contribution_id=mine.pk), {"note": "It was 3 hours"})
    mine.refresh_from_db()
    assert mine.status == "disputed"
    coordinator_client = login(coordinator)
    coordinator_client.post(url("hours_correct", org, contribution_id=mine.pk),
                            {"minutes": "3", "note": "Agreed with Sian"})
    mine.refresh_from_db()
    assert (mine.minutes, mine.status) == (180, "confirmed")
    kinds = list(mine.history.values_list("kind", "note"))
    assert (HoursEvent.Kind.DISPUTED, "It was 3 hours") in kinds
    assert kinds[-1][0] == HoursEvent.Kind.CONFIRMED


def test_it_exports_hours_safely_for_spreadsheets(login: Any, coordinator: Any, org: Any,
                                                 person: Any) -> None:
    record_hours(org, Giver(person=person), datetime.date(2026, 4, 1), 60, "other", coordinator,
                 description="=HYPERLINK(\"x\")")
    response = login(coordinator).get(url("hours_export", org))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body and "Sian Roberts" in body
