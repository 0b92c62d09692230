"""Sign-in behind a proxy, /admin/, the environment setting, and removing members."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from coproduce.audit.models import Action, AuditEvent
from coproduce.organisations.models import Membership

PASSWORD = "a long test pass 42"
PROXY = "10.0.0.1"


def sign_in(client: Client, email: str, password: str, client_address: str) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def test_it_counts_failed_sign_ins_per_client_behind_the_trusted_proxy(
    settings: Any, coordinator: User,
) -> None:
    settings.TRUSTED_PROXY = PROXY
    for number in range(6):
        sign_in(Client(), f"typo{number}@harbour.example", "wrong", "203.0.113.5")
    failed = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).first()
    assert failed is not None and failed.ip_address == "203.0.113.5"
    spoofed = sign_in(Client(), "typo9@harbour.example", "wrong", "198.51.100.7, 203.0.113.5")
    assert "Too many" in spoofed.content.decode() or spoofed.status_code == 429
    other = Client()
    assert sign_in(other, "coordinator@harbour.example", PASSWORD, "198.51.100.7"
                   ).status_code == 302
    assert other.get(reverse("home")).status_code == 200
    signed_in = AuditEvent.objects.get(action=Action.LOGIN)
    assert signed_in.ip_address == "198.51.100.7"


def test_it_ignores_forwarded_addresses_without_a_trusted_proxy(coordinator: User) -> None:
    sign_in(Client(), "typo@harbour.example", "wrong", "203.0.113.5")
    assert AuditEvent.objects.get(action=Action.LOGIN_FAILED).ip_address == PROXY


def test_it_sends_admin_sign_in_through_the_rate_limited_page(client: Client, db: None
                                                              ) -> None:
    User.objects.create_superuser("root@harbour.example", "root@harbour.example", PASSWORD)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    posted = client.post("/admin/login/", {"username": "root@harbour.example",
                                           "password": PASSWORD})
    assert posted.status_code == 302 and client.get("/admin/").status_code == 302
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "root@harbour.example",
                                               "password": "wrong"})
    locked = client.post(reverse("account_login"), {"login": "root@harbour.example",
                                                    "password": PASSWORD})
    assert locked.status_code == 429 or "Too many" in locked.content.decode()
    assert client.get("/admin/").status_code == 302


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "COPRODUCE_ENCRYPTION_KEY"}}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "coproduce.cli", "check"], env=full,
                          capture_output=True, text=True)


def test_it_refuses_an_unknown_environment_name(tmp_path: Path) -> None:
    result = run_check({"COPRODUCE_ENV": "Production", "COPRODUCE_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "COPRODUCE_ENV is 'Production'" in result.stderr and "lower case" in result.stderr


def test_it_refuses_to_start_when_the_key_of_encrypted_data_is_missing(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "coproduce.sqlite3") as database:
        database.execute("CREATE TABLE people_sensitiveinfo (health, disability, "
                         "sexual_orientation, gender_identity, ethnicity, housing_situation)")
        database.execute("INSERT INTO people_sensitiveinfo VALUES ('gAAAA', '', '', '', '', '')")
    result = run_check({"COPRODUCE_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "encryption key" in result.stderr and "will not start" in result.stderr
    assert not (tmp_path / "coproduce_encryption_key").exists()


def test_it_refuses_a_key_that_cannot_read_the_data(settings: Any, person: Any) -> None:
    from cryptography.fernet import Fernet

    from coproduce.people.checks import key_problem

    assert key_problem() is None
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    assert "another key" in (key_problem() or "")


def test_it_makes_var_files_readable_by_their_owner_only(tmp_path: Path) -> None:
    result = run_check({"COPRODUCE_VAR_DIR": str(tmp_path / "var")})
    assert result.returncode == 0, result.stderr
    for name in ("coproduce.sqlite3", "secret_key", "coproduce_encryption_key"):
        assert (tmp_path / "var" / name).stat().st_mode & 0o777 == 0o600, name
    assert (tmp_path / "var").stat().st_mode & 0o777 == 0o700


def test_it_lets_administrators_remove_a_member_and_audits_it(
    login: Any, admin_user: User, coordinator: User, org: Any,
) -> None:
    membership = Membership.objects.get(user=coordinator)
    url = reverse("organisations:member_remove", args=[org.slug, membership.pk])
    assert login(coordinator).post(url).status_code == 403
    assert login(admin_user).get(url).status_code == 405
    assert login(admin_user).post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = AuditEvent.objects.get(action=Action.MEMBER_REMOVED)
    assert event.user == admin_user and event.target == "coordinator@harbour.example"
    assert login(coordinator).get(reverse("reports:dashboard", args=[org.slug])
                                  ).status_code == 404


def test_it_keeps_the_last_administrator(login: Any, admin_user: User, org: Any) -> None:
    membership = Membership.objects.get(user=admin_user)
    url = reverse("organisations:member_remove", args=[org.slug, membership.pk])
    response = login(admin_user).post(url, follow=True)
    assert "at least one administrator" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
