"""Signing in lands where you work."""

from typing import Any

import pytest
from django.urls import reverse

from coproduce.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db


def sign_in(client: Any, email: str, **extra: Any) -> Any:
    url = reverse("account_login") + (f"?next={extra['next']}" if extra else "")
    return client.post(url, {"login": email, "password": "a long test pass 42"})


def test_it_takes_a_member_of_one_organisation_to_its_dashboard(client: Any, coordinator: Any,
                                                                 org: Any) -> None:
    response = sign_in(client, coordinator.email)
    assert response["Location"] == reverse("reports:dashboard", kwargs={"org_slug": org.slug})


def test_it_lets_a_member_of_several_choose(client: Any, coordinator: Any,
                                            other_org: Any) -> None:
    Membership.objects.create(user=coordinator, organisation=other_org, role=Role.VIEWER)
    assert sign_in(client, coordinator.email)["Location"] == reverse("home")


def test_it_still_follows_the_page_they_asked_for(client: Any, coordinator: Any,
                                                  org: Any) -> None:
    wanted = reverse("voices:list", kwargs={"org_slug": org.slug})
    assert sign_in(client, coordinator.email, next=wanted)["Location"] == wanted
