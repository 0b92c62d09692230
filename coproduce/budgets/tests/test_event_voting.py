"""Voting at an event on a staff device: one ballot per checked attendee, the device forgets
each voter at once, and the next voter never sees the last ballot."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.budgets.models import Ballot, Channel, Process, Stage, VoterCode

from .factories import open_vote


def url(name: str, process: Process) -> str:
    return reverse(f"budgets:{name}", kwargs={"org_slug": process.organisation.slug,
                                              "process_id": process.pk})


def ids(process: Process, *titles: str) -> list[int]:
    return [process.proposals.get(title=t).pk for t in titles]


@pytest.fixture
def process(org: Any) -> Process:
    process = open_vote(org)
    VoterCode.objects.create(process=process, name="Ada Jones", postcode="SK1 3XE",
                             reference="ref:t-001")
    VoterCode.objects.create(process=process, name="Bryn Evans", postcode="SK2 6AB",
                             reference="ref:t-002")
    return process


@pytest.fixture
def device(login: Any, coordinator: Any) -> Client:
    return login(coordinator)


def test_it_takes_one_ballot_per_attendee_found_on_the_voters_list(
        process: Process, device: Client, coordinator: Any) -> None:
    page = device.get(url("event", process), {"q": "ada"}).content.decode()
    ada = VoterCode.objects.get(name="Ada Jones")
    assert "Ada Jones, SK1 3XE" in page and "Bryn Evans" not in page
    response = device.post(url("event", process), {"listed": ada.pk})
    assert response["Location"] == url("event_ballot", process)
    response = device.post(url("event_ballot", process),
                           {"chosen": ids(process, "Benches", "Lights")})
    assert response["Location"] == url("event", process)
    ballot = Ballot.objects.get(process=process)
    assert ballot.channel == Channel.EVENT and ballot.entered_by == coordinator
    assert ballot.voter == f"code:{ada.pk}"
    # Ada cannot vote again on the device, nor with her code online.
    again = device.post(url("event", process), {"code": ada.code}).content.decode()
    assert "This voter code has already been used." in again
    assert "Ada Jones" not in device.get(url("event", process), {"q": "ada"}).content.decode()
    assert Ballot.objects.count() == 1


def test_it_resets_between_voters_and_never_shows_the_last_ballot(
        process: Process, device: Client) -> None:
    ada, bryn = VoterCode.objects.get(name="Ada Jones"), VoterCode.objects.get(name="Bryn Evans")
    device.post(url("event", process), {"code": ada.grouped})
    device.post(url("event_ballot", process), {"chosen": ids(process, "Play area")})
    # The device goes back to the start: the ballot page without a new voter sends it there.
    assert device.get(url("event_ballot", process))["Location"] == url("event", process)
    device.post(url("event", process), {"code": bryn.code})
    blank = device.get(url("event_ballot", process))
    assert "no-store" in blank["Cache-Control"]
    assert "checked" not in blank.content.decode()  # Ada's choice is not ticked for Bryn
    device.post(url("event_ballot", process), {"chosen": ids(process, "Benches")})
    chosen = {b.voter: [pid for pid, _p in b.choices] for b in Ballot.objects.all()}
    assert chosen == {f"code:{ada.pk}": ids(process, "Play area"),
                      f"code:{bryn.pk}": ids(process, "Benches")}


def test_it_refuses_an_unknown_code_a_ballot_over_the_limit_and_a_closed_vote(
        process: Process, device: Client, viewer: Any, login: Any) -> None:
    page = device.post(url("event", process), {"code": "NOPE123456"}).content.decode()
    assert "We do not recognise that code for this vote." in page
    assert "Enter their voter code or choose them" in device.post(
        url("event", process), {}).content.decode()
    device.post(url("event", process), {"code": VoterCode.objects.get(name="Ada Jones").code})
    over = device.post(url("event_ballot", process),
                       {"chosen": ids(process, "Benches", "Lights", "Play area")})
    assert "You can choose up to 2 projects; you chose 3." in over.content.decode()
    Process.objects.filter(pk=process.pk).update(stage=Stage.CLOSED)
    closed = device.post(url("event_ballot", process), {"chosen": ids(process, "Benches")})
    assert "Voting has closed" in closed.content.decode()
    assert not Ballot.objects.exists()
    assert login(viewer).get(url("event", process)).status_code == 403
