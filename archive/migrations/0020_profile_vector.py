"""The search vector of each published exchange, on its Profile row (see Profile.vector).

On PostgreSQL only:
- an aggregate that joins tsvectors (PostgreSQL has the || operator but no aggregate of it);
- no statistics on the column. With them, for a word in nearly every report the planner reads the
  whole table instead of the GIN index, and the whole table means every vector, out of line in TOAST:
  0.9-1.1 s at 100,000 exchanges, against 30-50 ms through the index. Without them it assumes a
  match keeps few rows and always takes the index, which is never the slower way here. Queries that
  join many rows to a search first copy its exchanges and analyse the copy (facets.remember());
- the vectors out of line even when short, so that the rows a search visits stay narrow;
- the GIN index, after the rows are written (faster than growing it row by row).
"""
import django.contrib.postgres.search
from django.db import migrations

AGGREGATE = "CREATE AGGREGATE archive_tsvector_union (tsvector) (SFUNC = tsvector_concat, STYPE = tsvector)"
COLUMN = ("ALTER TABLE archive_profile ALTER COLUMN vector SET STATISTICS 0; "
          "ALTER TABLE archive_profile SET (toast_tuple_target = 128)")
CREATE_GIN = "CREATE INDEX profile_search_gin ON archive_profile USING gin (vector)"
UNDO = "DROP INDEX IF EXISTS profile_search_gin; DROP AGGREGATE IF EXISTS archive_tsvector_union (tsvector)"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


def derive_facets(apps, schema_editor):
    """Every exchange's facets were derived here until migration 0021 took the call over (a migration
    that changes what facets.rebuild() derives runs it, and the one before it then does nothing)."""


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0019_edition_changed_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(AGGREGATE), on_postgresql(UNDO), elidable=False),
        migrations.RunPython(on_postgresql(COLUMN), migrations.RunPython.noop, elidable=False),
        migrations.RunPython(derive_facets, migrations.RunPython.noop),
        migrations.RunPython(on_postgresql(CREATE_GIN), migrations.RunPython.noop, elidable=False),
    ]
