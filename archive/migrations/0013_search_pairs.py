from django.db import migrations


def index_word_pairs(apps, schema_editor):
    """Every article's search vector again, now with its pairs of neighbouring words (archive/search.py)."""
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite matches phrases in the folded text, which has not changed
    from archive import preservation

    preservation.refresh_search()


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0012_facets"),
    ]

    operations = [
        migrations.RunPython(index_word_pairs, migrations.RunPython.noop),
    ]
