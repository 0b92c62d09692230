"""Headers every page sends, the API documentation's own assets, and JSON errors."""

import re
from typing import Any

from django.test import Client
from django.urls import reverse


def test_it_sends_a_content_security_policy_without_inline_scripts(login: Any,
                                                                    coordinator: Any,
                                                                    org: Any) -> None:
    for url in (reverse("account_login"), reverse("reports:dashboard", args=[org.slug]),
                reverse("voices:say", args=[org.slug])):
        response = login(coordinator).get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split(
            "script-src")[1].split(";")[0]
        page = response.content.decode()
        inline = [tag for tag in re.findall(r"<script\b[^>]*>", page) if "src=" not in tag
                  and "application/json" not in tag]
        assert inline == [], f"{url} has inline scripts: {inline}"


def test_it_serves_the_api_documentation_from_its_own_static_files(client: Client, db: None
                                                                   ) -> None:
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/static/") for source in sources), sources
    assert "cdn" not in page.lower()


def test_it_answers_json_clients_with_json_errors(client: Client, db: None) -> None:
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}
    asked = client.get("/no-such-page/", HTTP_ACCEPT="application/json")
    assert asked.status_code == 404 and asked["Content-Type"] == "application/json"
    page = client.get("/no-such-page/", HTTP_ACCEPT="text/html")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_it_refuses_a_date_given_as_a_number(org: Any, db: None) -> None:
    from coproduce.organisations.models import ApiToken

    _token, secret = ApiToken.issue(org, "test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    client = Client()
    response = client.post("/api/v1/voices", {"text": "Buses", "date_heard": 0},
                           content_type="application/json", **headers)
    assert response.status_code == 422 and "YYYY-MM-DD" in response.content.decode()
    listed = client.get("/api/v1/voices", {"heard_from": "0"}, **headers)
    assert listed.status_code == 422
    assert client.get("/api/v1/voices").status_code == 401
    document = client.get("/api/v1/openapi.json").json()
    answers = document["paths"]["/api/v1/voices"]["get"]["responses"]
    assert {"200", "401", "422"} <= set(answers)
