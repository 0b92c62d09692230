"""Full-text search over voices: SQLite FTS5 or PostgreSQL text search, behind one function.

Each word typed must appear (as a word or the start of one); accents are ignored on SQLite.
The index is kept by the database itself (FTS5 triggers, or a GIN expression index), set up
in this app's migrations.
"""

import re

from django.db import connection
from django.db.models import QuerySet

from .models import Voice

MAX_TERMS = 12


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
            where=["to_tsvector('simple', voices_voice.text) @@ to_tsquery('simple', %s)"],
            params=[query],
        )
    query = " ".join(f'"{term}"*' for term in terms)
    return voices.extra(  # noqa: S610 - the query is a bound parameter
        where=["voices_voice.id IN (SELECT rowid FROM voices_voice_fts "
               "WHERE voices_voice_fts MATCH %s)"],
        params=[query],
    )


SQLITE_SETUP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS voices_voice_fts USING fts5("
    "text, content='voices_voice', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS voices_voice_fts_insert AFTER INSERT ON voices_voice BEGIN "
    "INSERT INTO voices_voice_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS voices_voice_fts_delete AFTER DELETE ON voices_voice BEGIN "
    "INSERT INTO voices_voice_fts(voices_voice_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS voices_voice_fts_update AFTER UPDATE OF text ON voices_voice "
    "BEGIN INSERT INTO voices_voice_fts(voices_voice_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO voices_voice_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO voices_voice_fts(voices_voice_fts) VALUES ('rebuild')",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS voices_voice_fts_insert",
    "DROP TRIGGER IF EXISTS voices_voice_fts_delete",
    "DROP TRIGGER IF EXISTS voices_voice_fts_update",
    "DROP TABLE IF EXISTS voices_voice_fts",
]
POSTGRES_SETUP = [
    "CREATE INDEX IF NOT EXISTS voices_voice_text_search "
    "ON voices_voice USING gin (to_tsvector('simple', text))",
]
POSTGRES_TEARDOWN = ["DROP INDEX IF EXISTS voices_voice_text_search"]
