"""Fold accents in PostgreSQL's text search too, as FTS5 does on SQLite ("cafe" finds "café")."""

from typing import Any

from django.db import migrations

# unaccent is a trusted extension (PostgreSQL 13+): the database owner may create it. The
# wrapper is IMMUTABLE so that an index can use it, and accents are folded as on SQLite.
POSTGRES_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION coproduce_unaccent(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    "DROP INDEX IF EXISTS voices_voice_text_search",
    "CREATE INDEX voices_voice_text_search "
    "ON voices_voice USING gin (to_tsvector('simple', coproduce_unaccent(text)))",
]
POSTGRES_TEARDOWN = [
    "DROP INDEX IF EXISTS voices_voice_text_search",
    "DROP FUNCTION IF EXISTS coproduce_unaccent(text)",
    "CREATE INDEX voices_voice_text_search ON voices_voice USING gin (to_tsvector('simple', text))",
]


def run(statements: list[str]) -> Any:
    def apply(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("voices", "0003_updated_index")]

    operations = [migrations.RunPython(run(POSTGRES_SETUP), run(POSTGRES_TEARDOWN))]
