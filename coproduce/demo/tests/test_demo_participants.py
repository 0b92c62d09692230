"""Every demo organisation has a peer mentor and a panel member login whose pages show
something real: their projects, their next meeting, a round to answer, their proposals and,
for the peer, what they logged."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from coproduce.demo.build import build
from coproduce.demo.cases import CASES
from coproduce.organisations.models import Membership
from coproduce.projects.models import Proposal
from coproduce.voices.models import Voice


@pytest.mark.django_db
def test_each_organisation_has_a_peer_and_a_panel_login_with_things_to_do(settings: Any
                                                                          ) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    logins = {login.email for login in build("demo password 42")}
    for case in CASES:
        for prefix in ("peer", "panel"):
            email = f"{prefix}@{case.slug}.example"
            assert email in logins
            membership = Membership.objects.get(user__email=email)
            assert membership.person is not None
            client = Client()
            client.force_login(User.objects.get(email=email))
            part = client.get(reverse("projects:your_part", kwargs={"org_slug": case.slug}))
            page = part.content.decode()
            assert part.status_code == 200
            assert "How well do we co-produce?" in page and "To answer" in page
            assert "What the project needs from you" in page, email
            assert "/your-reply/" in page, email  # invited to the next meeting
        peer = Membership.objects.get(user__email=f"peer@{case.slug}.example")
        assert Voice.objects.filter(recorded_by=peer.user, heard_by_peer=True).count() == 3
    assert Proposal.objects.filter(state="accepted").count() == len(CASES)
    build("demo password 42")  # a second build adds nothing
    assert Voice.objects.filter(heard_by_peer=True).count() == 3 * len(CASES)
    assert Proposal.objects.count() == 3 * len(CASES)
