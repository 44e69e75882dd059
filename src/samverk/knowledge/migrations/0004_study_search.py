"""The studies library's full-text index. PostgreSQL: a ``search_vector`` column (the
study's text stemmed in its own language, plus unstemmed for any language) with a GIN index,
written by ``knowledge.study_services`` on every save. SQLite: an FTS5 table over the text,
kept by triggers. The SQL is written out here so that the migration stays as it ran."""

from django.db import migrations

PG_CREATE = [
    "ALTER TABLE knowledge_study ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS knowledge_study_search ON knowledge_study "
    "USING gin (search_vector)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS knowledge_study_search",
    "ALTER TABLE knowledge_study DROP COLUMN IF EXISTS search_vector",
]
TABLE = "knowledge_study_fts"
COLUMNS = "title, authors, text"
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({COLUMNS}, "
    "content='knowledge_study', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON knowledge_study BEGIN "
    f"INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.title, new.authors, new.text); "
    "END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON knowledge_study BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.authors, old.text); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE ON knowledge_study BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.authors, old.text); "
    f"INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.title, new.authors, new.text); "
    "END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}.get(vendor, []):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": PG_DROP, "sqlite": SQLITE_DROP}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_studies")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
