"""Backups keep special-category data encrypted, restore into a fresh var/, and keys rotate."""

import json
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from coproduce.people.models import SensitiveInfo


def coproduce(*args: str, var: Path, key: str | None, database: str = ""
              ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "COPRODUCE_ENCRYPTION_KEY"}}
    env["COPRODUCE_VAR_DIR"] = str(var)
    if database:
        env["DATABASE_URL"] = database
    if key:
        env["COPRODUCE_ENCRYPTION_KEY"] = key
    return subprocess.run([sys.executable, "-m", "coproduce.cli", *args], env=env,
                          capture_output=True, text=True)


def without_time(export: str) -> dict[str, Any]:
    data = json.loads(export)
    data.pop("exported_at")
    return dict(data)


@pytest.mark.django_db(transaction=True)
def test_it_restores_a_backup_into_a_fresh_var_with_identical_exports(
    tmp_path: Path, org: Any, person: Any,
) -> None:
    backup = tmp_path / "coproduce.backup"
    call_command("backup", "--out", str(backup), stdout=StringIO())
    assert backup.stat().st_mode & 0o777 == 0o600
    raw = backup.read_bytes()
    assert b"Diabetes" not in raw and b"Hostel" not in raw
    if connection.vendor == "sqlite":
        [health] = sqlite3.connect(backup).execute("SELECT health FROM people_sensitiveinfo"
                                                   ).fetchone()
        assert health.startswith("gAAAA")  # a Fernet token, not the text
    here = StringIO()
    call_command("export-person", "--org", org.slug, "--person", str(person.pk), stdout=here)

    key = ",".join(django_settings.ENCRYPTION_KEYS)
    fresh = tmp_path / "var"
    database = empty_database()
    restored = coproduce("restore", str(backup), var=fresh, key=key, database=database)
    assert restored.returncode == 0, restored.stderr
    there = coproduce("export-person", "--org", org.slug, "--person", str(person.pk),
                      var=fresh, key=key, database=database)
    assert there.returncode == 0, there.stderr
    assert without_time(there.stdout) == without_time(here.getvalue())
    again = coproduce("restore", str(backup), var=fresh, key=key, database=database)
    assert again.returncode != 0 and "not empty" in again.stderr
    wrong = coproduce("check", var=fresh, key=Fernet.generate_key().decode(),
                      database=database)
    assert wrong.returncode != 0 and "another key" in wrong.stderr
    if not database:  # SQLite in var/: a restart without the key file refuses to start
        assert (fresh / "coproduce.sqlite3").stat().st_mode & 0o777 == 0o600
        no_key = coproduce("check", var=fresh, key=None)
        assert no_key.returncode != 0 and "encryption key" in no_key.stderr
        assert not (fresh / "coproduce_encryption_key").exists()


def empty_database() -> str:
    """A new empty database to restore into: a fresh var/ on SQLite, a new one on PostgreSQL."""
    if connection.vendor == "sqlite":
        return ""
    name = "coproduce_restore_check"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    url = os.environ["DATABASE_URL"]
    return url.rsplit("/", 1)[0] + "/" + name


def test_it_refuses_to_overwrite_a_file_or_restore_a_non_backup(tmp_path: Path, db: None
                                                                ) -> None:
    existing = tmp_path / "taken"
    existing.write_text("mine")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--out", str(existing))
    assert existing.read_text() == "mine"
    fresh = tmp_path / "var"
    result = coproduce("restore", str(existing), var=fresh, key=Fernet.generate_key().decode())
    assert result.returncode != 0 and "not a SQLite backup" in result.stderr


def test_it_rotates_the_local_key_and_keeps_the_data_readable(
    tmp_path: Path, settings: Any, monkeypatch: Any, person: Any,
) -> None:
    monkeypatch.delenv("COPRODUCE_ENCRYPTION_KEY", raising=False)
    old = settings.ENCRYPTION_KEYS[0]
    settings.VAR_DIR = tmp_path
    (tmp_path / "coproduce_encryption_key").write_text(old)
    call_command("rotate-key", stdout=StringIO())
    new = (tmp_path / "coproduce_encryption_key").read_text()
    assert new != old and "," not in new
    assert (tmp_path / "coproduce_encryption_key").stat().st_mode & 0o777 == 0o600
    with connection.cursor() as cursor:
        cursor.execute("SELECT health FROM people_sensitiveinfo")
        [token] = cursor.fetchone()
    assert Fernet(new.encode()).decrypt(token.encode()) == b"Diabetes"
    settings.ENCRYPTION_KEYS = [new]
    assert SensitiveInfo.objects.get(person=person).housing_situation == "Hostel"


def test_it_asks_for_the_new_key_first_when_keys_come_from_the_environment(
    settings: Any, monkeypatch: Any, person: Any,
) -> None:
    monkeypatch.setenv("COPRODUCE_ENCRYPTION_KEY", settings.ENCRYPTION_KEYS[0])
    with pytest.raises(CommandError, match="new key first"):
        call_command("rotate-key")
    new = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [new, settings.ENCRYPTION_KEYS[0]]
    call_command("rotate-key", stdout=StringIO())
    settings.ENCRYPTION_KEYS = [new]
    assert SensitiveInfo.objects.get(person=person).health == "Diabetes"
