"""The suite runs on the database it was given, so CI's PostgreSQL run is real."""

import os

from django.db import connection


def test_it_uses_the_configured_database(db: None) -> None:
    url = os.environ.get("DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")
