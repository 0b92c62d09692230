"""Turning a weak area into actions, and the dashboard panel that shows them."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from coproduce.assessments.dashboard import open_actions
from coproduce.assessments.models import ActionStatus, PlannedAction

from .factories import make_round

TODAY = datetime.date(2026, 5, 1)


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC))


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"assessments:{name}", kwargs={"org_slug": org.slug, **kwargs})


def make_action(round_: Any, title: str, due_on: datetime.date,
                status: str = ActionStatus.NOT_STARTED) -> PlannedAction:
    return PlannedAction.objects.create(organisation=round_.organisation, round=round_,
                                        area_key="skills", title=title, owner="Ceri",
                                        due_on=due_on, status=status)


NEW = {"area_key": "skills", "title": "Run a training day for peer mentors", "owner": "Ceri",
       "due_on": "2026-06-30", "status": "not_started"}


def test_it_adds_an_action_for_a_weak_area(login: Any, coordinator: Any, org: Any) -> None:
    round_ = make_round(org)
    client = login(coordinator)
    form = client.get(url("action_add", org, round_id=round_.pk) + "?area=processes")
    assert 'value="processes" selected' in form.content.decode()
    response = client.post(url("action_add", org, round_id=round_.pk), NEW)
    assert response.status_code == 302
    action = PlannedAction.objects.get()
    assert (action.round, action.organisation, action.created_by) == (round_, org, coordinator)
    assert action.area_name == "Skills" and action.due_on == datetime.date(2026, 6, 30)
    results = client.get(url("round_results", org, round_id=round_.pk)).content.decode()
    assert "Run a training day for peer mentors" in results


@pytest.mark.parametrize(("change", "message"), [
    ({"title": ""}, "Enter what will be done"),
    ({"owner": ""}, "Enter who will do it"),
    ({"due_on": ""}, "Enter a due date"),
    ({"due_on": "next week"}, "Enter a real date"),
    ({"area_key": "made-up"}, "Choose one of the framework"),
    ({"status": "abandoned"}, "Select a valid choice"),
])
def test_it_refuses_a_bad_action_and_saves_nothing(login: Any, coordinator: Any, org: Any,
                                                   change: dict[str, str], message: str) -> None:
    round_ = make_round(org)
    response = login(coordinator).post(url("action_add", org, round_id=round_.pk),
                                       {**NEW, **change})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not PlannedAction.objects.exists()


def test_it_changes_and_removes_an_action(login: Any, coordinator: Any, org: Any) -> None:
    action = make_action(make_round(org), "Map the journey", TODAY)
    client = login(coordinator)
    client.post(url("action_edit", org, action_id=action.pk),
                {**NEW, "title": "Map the journey", "status": "done"})
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.owner == "Ceri"
    assert client.get(url("action_delete", org, action_id=action.pk)).status_code == 200
    assert PlannedAction.objects.exists()  # only the POST removes it
    client.post(url("action_delete", org, action_id=action.pk))
    assert not PlannedAction.objects.exists()


def test_only_staff_change_actions_and_only_in_their_organisation(
    login: Any, viewer: Any, coordinator: Any, org: Any, other_org: Any
) -> None:
    action = make_action(make_round(org), "Ours", TODAY)
    theirs = make_action(make_round(other_org), "Theirs", TODAY)
    assert login(viewer).get(url("actions", org)).status_code == 200
    assert login(viewer).post(url("action_edit", org, action_id=action.pk),
                              NEW).status_code == 403
    assert login(viewer).post(url("action_delete", org, action_id=action.pk)).status_code == 403
    refused = login(coordinator).post(url("action_delete", org, action_id=theirs.pk))
    assert refused.status_code == 404
    assert PlannedAction.objects.count() == 2


def test_the_dashboard_lists_open_actions_overdue_first(login: Any, viewer: Any, org: Any,
                                                        other_org: Any) -> None:
    round_ = make_round(org)
    make_action(round_, "Later", TODAY + datetime.timedelta(days=30))
    make_action(round_, "Overdue", TODAY - datetime.timedelta(days=3))
    make_action(round_, "Soon", TODAY + datetime.timedelta(days=2))
    make_action(round_, "Finished", TODAY - datetime.timedelta(days=9), ActionStatus.DONE)
    make_action(make_round(other_org), "Not ours", TODAY - datetime.timedelta(days=9))
    panel = open_actions(org)
    assert [action.title for action in panel.actions] == ["Overdue", "Soon", "Later"]
    assert (panel.open_count, panel.overdue_count) == (3, 1)
    page = login(viewer).get(reverse("reports:dashboard", kwargs={"org_slug": org.slug}))
    html = page.content.decode()
    panel_html = html[html.index('id="assessment-actions"'):]
    assert panel_html.index("Overdue") < panel_html.index("Soon") < panel_html.index("Later")
    assert "Finished" not in panel_html and "Not ours" not in panel_html
    assert "3 open actions, 1 overdue" in panel_html


def test_peer_mentors_do_not_see_the_panel(login: Any, peer_mentor: Any, org: Any) -> None:
    make_action(make_round(org), "Private", TODAY)
    page = login(peer_mentor).get(reverse("reports:dashboard", kwargs={"org_slug": org.slug}))
    assert "Actions from assessments" not in page.content.decode()
