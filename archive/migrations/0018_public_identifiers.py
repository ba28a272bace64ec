import django.core.validators
from django.db import migrations, models

import archive.identifiers

BATCH = 2000


def give_identifiers(apps, schema_editor):
    """A random identifier for every exchange, and for every statement the one its article's text, side
    and words give it (archive/identifiers.py), in the article's order."""
    Exchange = apps.get_model("archive", "Exchange")
    Position = apps.get_model("archive", "Position")
    db = schema_editor.connection.alias
    exchanges = list(Exchange.objects.using(db).filter(public_id=None).only("pk"))
    for exchange in exchanges:
        exchange.public_id = archive.identifiers.new_exchange_id()
    Exchange.objects.using(db).bulk_update(exchanges, ["public_id"], batch_size=BATCH)
    rows = (Position.objects.using(db).filter(public_id=None).order_by("article_id", "order", "id")
            .values_list("pk", "article_id", "article__raw_sha256", "side", "text"))
    changed, article, used = [], None, set()
    for pk, article_id, sha, side, text in rows.iterator(chunk_size=BATCH):
        if article_id != article:
            article, used = article_id, set()
        (public_id,) = archive.identifiers.statement_ids([(sha, side, text)], used)
        used.add(public_id)
        changed.append(Position(pk=pk, public_id=public_id))
        if len(changed) == BATCH:
            Position.objects.using(db).bulk_update(changed, ["public_id"])
            changed = []
    Position.objects.using(db).bulk_update(changed, ["public_id"])


def shipped_wikidata(apps, schema_editor):
    """The Wikidata identifiers of the shipped gazetteer, for the people already loaded without one."""
    from archive.reference import GAZETTEER_FILE, _read

    Actor = apps.get_model("archive", "Actor")
    db = schema_editor.connection.alias
    for item in _read(GAZETTEER_FILE)["actors"]:
        if item.get("wikidata"):
            Actor.objects.using(db).filter(slug=item["slug"], wikidata="").update(wikidata=item["wikidata"])


def history_identifiers(apps, schema_editor):
    """The history rows of each exchange and statement carry its identifier (empty for those deleted)."""
    for table, live in (("archive_historicalexchange", "archive_exchange"),
                        ("archive_historicalposition", "archive_position")):
        schema_editor.execute(
            f"UPDATE {table} SET public_id = COALESCE((SELECT o.public_id FROM {live} o WHERE o.id = {table}.id), '')"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0017_profile_statements'),
    ]

    operations = [
        migrations.AddField(
            model_name='actor',
            name='wikidata',
            field=models.CharField(blank=True, help_text='The person\'s Wikidata item, e.g. Q15031: the exports carry it, so that researchers can join the archive with other data.', max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*$', 'A Wikidata item identifier: Q followed by digits.')], verbose_name='Wikidata identifier'),
        ),
        migrations.AddField(
            model_name='historicalactor',
            name='wikidata',
            field=models.CharField(blank=True, help_text='The person\'s Wikidata item, e.g. Q15031: the exports carry it, so that researchers can join the archive with other data.', max_length=20, validators=[django.core.validators.RegexValidator('^Q[1-9][0-9]*$', 'A Wikidata item identifier: Q followed by digits.')], verbose_name='Wikidata identifier'),
        ),
        migrations.AddField(
            model_name='exchange',
            name='public_id',
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name='identifier'),
        ),
        migrations.AddField(
            model_name='position',
            name='public_id',
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name='identifier'),
        ),
        migrations.RunPython(give_identifiers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='exchange',
            name='public_id',
            field=models.CharField(default=archive.identifiers.new_exchange_id, editable=False, max_length=16, unique=True, verbose_name='identifier'),
        ),
        migrations.AlterField(
            model_name='position',
            name='public_id',
            field=models.CharField(editable=False, max_length=16, unique=True, verbose_name='identifier'),
        ),
        migrations.AddField(
            model_name='historicalexchange',
            name='public_id',
            field=models.CharField(db_index=True, default=archive.identifiers.new_exchange_id, editable=False, max_length=16, verbose_name='identifier'),
        ),
        migrations.AddField(
            model_name='historicalposition',
            name='public_id',
            field=models.CharField(db_index=True, default='', editable=False, max_length=16, verbose_name='identifier'),
            preserve_default=False,
        ),
        migrations.RunPython(history_identifiers, migrations.RunPython.noop),
        migrations.RunPython(shipped_wikidata, migrations.RunPython.noop),
    ]
