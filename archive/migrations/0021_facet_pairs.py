"""Two dimensions of the facets counted together (FacetPair), derived with everything else.

Every exchange's facets, Profile row and statements' flags are derived again by today's
facets.rebuild() (which 0020 called before): a later migration that changes what is derived must take
this call over. On PostgreSQL the search index of the Profile rows is dropped for the derivation and
made again after it, which is faster than keeping it up to date row by row.
"""
from django.db import migrations, models

DROP_GIN = "DROP INDEX IF EXISTS profile_search_gin"
CREATE_GIN = "CREATE INDEX IF NOT EXISTS profile_search_gin ON archive_profile USING gin (vector)"


def derive_facets(apps, schema_editor):
    from archive import facets

    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute(DROP_GIN)
    facets.rebuild(using=schema_editor.connection)
    if postgresql:
        schema_editor.execute(CREATE_GIN)


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0020_profile_vector'),
    ]

    operations = [
        migrations.CreateModel(
            name='FacetPair',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dimension', models.CharField(max_length=1)),
                ('value', models.IntegerField()),
                ('other', models.CharField(max_length=1)),
                ('other_value', models.IntegerField()),
                ('exchanges', models.IntegerField(default=0)),
                ('statements', models.IntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('dimension', 'value', 'other', 'other_value'), name='facet_pair_once')],
            },
        ),
        migrations.RunPython(derive_facets, migrations.RunPython.noop),
    ]
