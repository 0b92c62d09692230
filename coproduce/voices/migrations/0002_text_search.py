"""The full-text index: FTS5 with triggers on SQLite, a GIN expression index on PostgreSQL."""

from typing import Any

from django.db import migrations

from coproduce.voices.search import (
    POSTGRES_SETUP,
    POSTGRES_TEARDOWN,
    SQLITE_SETUP,
    SQLITE_TEARDOWN,
)


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
