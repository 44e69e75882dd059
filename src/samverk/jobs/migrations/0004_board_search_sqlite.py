"""The job board's full-text index on SQLite (the database of ``make run``): an FTS5 table
over title, place and description of every offer, kept by triggers as an external-content
index of ``jobs_joboffer`` (``jobs.board.search`` matches word prefixes against it). The
PostgreSQL counterpart is the GIN index of 0003. Other databases skip it. The SQL is written
out here, not imported, so that the migration stays as it ran."""

from django.db import migrations

TABLE = "jobs_joboffer_fts"
COLUMNS = "title, locality, description"
CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({COLUMNS}, "
    "content='jobs_joboffer', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON jobs_joboffer BEGIN "
    f"INSERT INTO {TABLE}(rowid, {COLUMNS}) "
    "VALUES (new.id, new.title, new.locality, new.description); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON jobs_joboffer BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.locality, old.description); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE ON jobs_joboffer BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.locality, old.description); "
    f"INSERT INTO {TABLE}(rowid, {COLUMNS}) "
    "VALUES (new.id, new.title, new.locality, new.description); END",
    # Offers saved before this migration.
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0003_board_search")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
