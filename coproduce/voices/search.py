"""Full-text search over voices: SQLite FTS5 or PostgreSQL text search, behind one function.

Each word typed must appear (as a word or the start of one); accents are ignored on SQLite.
The index is kept by the database itself (FTS5 triggers on SQLite; on PostgreSQL a stored,
generated tsvector of the text with accents folded, and its GIN index), set up in this app's
migrations 0002, 0004 and 0005.
"""

import re

from django.db import connection
from django.db.models import QuerySet

from .models import Voice

MAX_TERMS = 12
TRIGGERS = ("voices_voice_fts_insert", "voices_voice_fts_delete", "voices_voice_fts_update")


def ensure_index(using: str = "default", **_kwargs: object) -> None:
    """Put back SQLite's index triggers if a migration rebuilt the voices table without them.

    SQLite drops a table's triggers when Django rebuilds it to alter a column, so this runs
    after every migrate; when a trigger was missing, the index is rebuilt from the table.
    """
    from django.db import connections

    from .migrations import _search_sql

    db = connections[using]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'voices_voice'")
        if set(TRIGGERS) <= present or cursor.fetchone() is None:
            return
        for sql in _search_sql.SQLITE_SETUP:
            cursor.execute(sql)


def terms_of(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())[:MAX_TERMS]


def search(voices: "QuerySet[Voice]", text: str) -> "QuerySet[Voice]":
    """Narrow `voices` to those whose text contains every word of `text`."""
    terms = terms_of(text)
    if not terms:
        return voices
    if connection.vendor == "postgresql":
        query = " & ".join(f"{term}:*" for term in terms)
        return voices.extra(  # noqa: S610 - the query is a bound parameter
            where=["voices_voice.search_vector @@ to_tsquery('simple', coproduce_unaccent(%s))"],
            params=[query],
        )
    query = " ".join(f'"{term}"*' for term in terms)
    return voices.extra(  # noqa: S610 - the query is a bound parameter
        where=["voices_voice.id IN (SELECT rowid FROM voices_voice_fts "
               "WHERE voices_voice_fts MATCH %s)"],
        params=[query],
    )
