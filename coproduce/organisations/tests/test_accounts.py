"""Signing in: e-mail and password, rate limits, password reset, MFA, audit."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import User
from django.urls import reverse

from coproduce.audit.models import Action, AuditEvent

PASSWORD = "a long test pass 42"


def sign_in(client: Any, email: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_signs_in_by_email_and_audits_it(client: Any, coordinator: User) -> None:
    response = sign_in(client, "Coordinator@Harbour.example")
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == coordinator
    assert AuditEvent.objects.filter(action=Action.LOGIN, user=coordinator).count() == 1


def test_it_refuses_a_wrong_password_audits_it_and_says_so(client: Any, coordinator: User) -> None:
    response = sign_in(client, "coordinator@harbour.example", "wrong")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED,
                                     target="coordinator@harbour.example").exists()


def test_it_limits_repeated_failed_sign_ins(client: Any, coordinator: User) -> None:
    for _ in range(5):
        sign_in(client, "coordinator@harbour.example", "wrong")
    response = sign_in(client, "coordinator@harbour.example")
    assert response.status_code == 429 or "Too many" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302  # still not signed in


def test_it_hashes_passwords_with_argon2(settings: Any, client: Any, db: None) -> None:
    from coproduce import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the suite uses a fast one
    user = User.objects.create_user("argon@harbour.example", "argon@harbour.example", PASSWORD)
    assert user.password.startswith("argon2")
    assert sign_in(client, "argon@harbour.example").status_code == 302


def test_it_has_no_open_sign_up(client: Any, db: None) -> None:
    response = client.post(reverse("account_signup"), {
        "email": "stranger@example.org", "password1": PASSWORD, "password2": PASSWORD})
    assert not User.objects.filter(email="stranger@example.org").exists()
    assert response.status_code in {200, 403}


def test_it_emails_a_password_reset_link(client: Any, coordinator: User, mailoutbox: Any) -> None:
    response = client.post(reverse("account_reset_password"),
                           {"email": "coordinator@harbour.example"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_it_makes_staff_set_up_mfa_when_required(settings: Any, login: Any, coordinator: User,
                                                 viewer: User, org: Any) -> None:
    settings.COPRODUCE_REQUIRE_MFA = True
    dashboard = reverse("reports:dashboard", kwargs={"org_slug": org.slug})
    response = login(coordinator).get(dashboard)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert login(viewer).get(dashboard).status_code == 200
    TOTP.activate(coordinator, "JBSWY3DPEHPK3PXP")
    assert login(coordinator).get(dashboard).status_code == 200


def test_it_asks_for_the_authenticator_code_at_sign_in(client: Any, coordinator: User) -> None:
    secret = "JBSWY3DPEHPK3PXP"
    TOTP.activate(coordinator, secret)
    response = sign_in(client, "coordinator@harbour.example")
    assert response["Location"] == reverse("mfa_authenticate")
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert client.get(reverse("home")).status_code == 302
    right = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert right.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert Authenticator.objects.filter(user=coordinator).exists()


def test_it_passes_the_deployment_check_with_production_settings(tmp_path: Path) -> None:
    from cryptography.fernet import Fernet

    env = {**os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE": "", "COPRODUCE_ENV": "production",
           "SECRET_KEY": "x" * 60 + "Yz9!kQ",
           "COPRODUCE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
           "ALLOWED_HOSTS": "coproduce.example.org", "COPRODUCE_VAR_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "coproduce.settings"}
    result = subprocess.run([sys.executable, "-m", "coproduce.cli", "check", "--deploy",
                             "--fail-level", "WARNING"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_in_production_without_secrets(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update(COPRODUCE_ENV="production", COPRODUCE_VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "coproduce.cli", "check"], env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
