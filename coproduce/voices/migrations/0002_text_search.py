"""The full-text index: FTS5 with triggers on SQLite, a GIN expression index on PostgreSQL."""

from typing import Any

from django.db import migrations

from ._search_sql import SQLITE_SETUP  # shared with search.ensure_index

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


def run(statements: dict[str, list[str]]) -> Any:
    def apply(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("voices", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_SETUP, "postgresql": POSTGRES_SETUP}),
            run({"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRES_TEARDOWN}),
        )
    ]
