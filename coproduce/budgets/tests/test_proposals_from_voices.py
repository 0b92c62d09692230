"""Proposals from a single voice and from a theme: offered on their pages (without voices or
themes knowing of budgets), kept linked, and refused where they should be."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from coproduce.budgets.models import Process, Proposal, ProposalStatus, Stage
from coproduce.themes.models import Placement, Theme
from coproduce.voices.capture import VoiceIn, record_voice
from coproduce.voices.models import Channel, Voice

from .factories import open_vote

DAY = datetime.date(2026, 2, 1)


@pytest.fixture
def collecting(org: Any) -> Process:
    return open_vote(org, title="Estate fund", stage=Stage.PROPOSALS)


@pytest.fixture
def voice(org: Any) -> Voice:
    return record_voice(org, VoiceIn("Benches by the bus stop for older residents",
                                     Channel.PAPER, DAY))[0]


def test_it_turns_a_single_voice_into_a_proposal(
        org: Any, login: Any, coordinator: Any, collecting: Process, voice: Voice) -> None:
    client = login(coordinator)
    page = client.get(voice.get_absolute_url()).content.decode()
    address = reverse("budgets:from_voice", kwargs={"org_slug": org.slug, "voice_id": voice.pk})
    assert address in page and "Turn this into a budget proposal" in page
    form = client.get(address).content.decode()
    assert "Benches by the bus stop for older residents" in form
    response = client.post(address, {"process": collecting.pk, "title": "Benches at the stop",
                                     "description": "Two benches", "cost": 1200})
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Benches at the stop")
    assert proposal.voice == voice and proposal.process == collecting
    assert proposal.status == ProposalStatus.SUBMITTED


def test_it_turns_a_theme_into_a_proposal_from_the_theme_page(
        org: Any, login: Any, coordinator: Any, collecting: Process, voice: Voice) -> None:
    theme = Theme.objects.create(organisation=org, key="seating", label="Seating")
    Placement.objects.create(voice=voice, theme=theme)
    client = login(coordinator)
    address = reverse("budgets:from_theme", kwargs={"org_slug": org.slug, "theme_id": theme.pk})
    page = client.get(reverse("themes:detail", kwargs={"org_slug": org.slug,
                                                       "theme_id": theme.pk})).content.decode()
    assert address in page and "Turn this theme into a budget proposal" in page
    assert "Benches by the bus stop" in client.get(address).content.decode()
    client.post(address, {"process": collecting.pk, "title": "Seating", "description": "Seats",
                          "cost": 2500})
    assert Proposal.objects.get(title="Seating").theme == theme


def test_it_offers_nothing_without_a_vote_collecting_proposals_or_the_role(
        org: Any, login: Any, coordinator: Any, viewer: Any, voice: Voice) -> None:
    voting = open_vote(org)  # voting, not collecting proposals
    client = login(coordinator)
    assert "budget proposal" not in client.get(voice.get_absolute_url()).content.decode()
    address = reverse("budgets:from_voice", kwargs={"org_slug": org.slug, "voice_id": voice.pk})
    response = client.post(address, {"process": voting.pk, "title": "Late", "description": "x",
                                     "cost": 5})
    assert "Select a valid choice" in response.content.decode()
    assert not Proposal.objects.filter(title="Late").exists()
    open_vote(org, stage=Stage.PROPOSALS, title="Collecting")
    assert "budget proposal" not in login(viewer).get(
        voice.get_absolute_url()).content.decode()
    assert login(viewer).get(address).status_code == 403
