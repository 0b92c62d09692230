"""Backups of the whole database that keep special-category data encrypted.

SQLite is copied with its online backup API (a consistent copy while the app runs); PostgreSQL
with pg_dump's custom format. Either way the special-category columns are copied as stored,
that is encrypted: the key is kept apart from the backup, by whoever keeps the backups.
"""

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection


class BackupError(Exception):
    pass


def private_file(path: Path) -> None:
    """Create `path`, empty and readable by its owner only; refuse to overwrite."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError as error:
        raise BackupError(f"{path} already exists: choose a new file name.") from error


def postgres_environment() -> tuple[list[str], dict[str, str]]:
    """The connection arguments and environment for pg_dump and pg_restore."""
    settings: dict[str, Any] = connection.settings_dict
    args = ["--dbname", str(settings["NAME"])]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def back_up(out: Path) -> None:
    private_file(out)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(out) as target:
            connection.connection.backup(target)
        target.close()
        return
    if connection.vendor != "postgresql":
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    args, env = postgres_environment()
    result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(out),
                             *args], env=env, capture_output=True, text=True)
    if result.returncode:
        out.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


def is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore(source: Path) -> None:
    """Load a backup into the configured database, which must be empty."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    if not is_empty():
        raise BackupError("The database is not empty: restore only into a new, empty one "
                          "(a fresh COPRODUCE_VAR_DIR, or a new PostgreSQL database).")
    if connection.vendor == "sqlite":
        if source.read_bytes()[:16] != b"SQLite format 3\x00":
            raise BackupError(f"{source} is not a SQLite backup made by `coproduce backup`.")
        connection.ensure_connection()
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup:
            backup.backup(connection.connection)
        backup.close()
        return
    args, env = postgres_environment()
    result = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", *args,
                             str(source)], env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
