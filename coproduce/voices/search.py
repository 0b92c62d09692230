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
