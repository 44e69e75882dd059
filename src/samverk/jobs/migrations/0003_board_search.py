"""The job board's full-text index on PostgreSQL (GIN over the expression
``jobs.board.SEARCH_VECTOR_SQL``: title, place and description, ``simple`` configuration).
Other databases skip it: SQLite searches with ``icontains`` (``jobs.board.search``). The
expression is written out here, not imported, so that the migration stays as it ran."""

from django.db import migrations

INDEX = "jobs_joboffer_board_search"
VECTOR = (
    "to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(locality, '') "
    "|| ' ' || coalesce(description, ''))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON jobs_joboffer USING gin (({VECTOR}))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
