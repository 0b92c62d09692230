"""Oversized and hostile requests get a clear answer and change nothing."""

from typing import Any

from django.test import Client
from django.urls import reverse

from coproduce.organisations.models import ApiToken
from coproduce.voices.models import Voice

TEN_MB = "x" * (10 * 1024 * 1024)


def test_ten_megabytes_of_text_in_a_form_is_refused_clearly(login: Any, coordinator: Any,
                                                           org: Any) -> None:
    response = login(coordinator).post(
        reverse("voices:add", kwargs={"org_slug": org.slug}),
        {"text": TEN_MB, "who": "anonymous", "channel": "phone", "heard_on": "2025-01-01",
         "kind": "idea", "form_token": "t" * 32})
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert not Voice.objects.exists()


def test_ten_megabytes_through_the_api_is_refused(org: Any) -> None:
    secret = ApiToken.issue(org, "tool")[1]
    response = Client(headers={"Authorization": f"Bearer {secret}"}).post(
        "/api/v1/voices", {"text": TEN_MB, "date_heard": "2025-01-01"},
        content_type="application/json")
    assert response.status_code in {400, 413, 422}
    assert not Voice.objects.exists()


def test_admins_make_and_revoke_api_tokens(login: Any, admin_user: Any, coordinator: Any,
                                           org: Any) -> None:
    tokens = reverse("organisations:api_tokens", kwargs={"org_slug": org.slug})
    assert login(coordinator).get(tokens).status_code == 403
    client = login(admin_user)
    page = client.post(tokens, {"name": "Survey tool"}).content.decode()
    token = ApiToken.objects.get(organisation=org)
    secret = page.split('id="new-token" class="app-token">')[1].split("<")[0]
    assert ApiToken.organisation_for(secret) == org
    assert secret not in client.get(tokens).content.decode()  # shown once only
    client.post(reverse("organisations:api_token_revoke",
                        kwargs={"org_slug": org.slug, "token_id": token.pk}))
    assert ApiToken.organisation_for(secret) is None
