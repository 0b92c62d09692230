"""SQLite's full-text index of voices, as migration 0002 made it (kept for `ensure_index`)."""

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
