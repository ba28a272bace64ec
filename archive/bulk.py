"""Many rows in at once, for the importer and the synthetic seeder.

On PostgreSQL rows go in by COPY, several times faster than INSERT for a batch, with primary keys
drawn from each table's sequence beforehand so that other rows can refer to them at once. Other
databases get bulk_create(). Neither sends signals: callers bump the page cache themselves.
"""
from dataclasses import dataclass
from itertools import islice

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from . import search
from .models import Article


def batches(iterable, size):
    """Lists of `size` items (the last may be shorter), as itertools.batched() gives from Python 3.12."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def insert(model, objects):
    """Write `objects` (unsaved instances of `model`) and give each its primary key."""
    if not objects:
        return
    if search.is_postgresql():
        copy(rows(model, objects))
    else:
        model.objects.bulk_create(objects)


def insert_articles(articles):
    """insert() for articles that carry `search_parts`, the weighted triple of search.document().

    On PostgreSQL they go through a staging table so that the search vector is computed as each
    row is written.
    """
    if not articles:
        return
    if search.is_postgresql():
        copy_articles(article_rows(articles))
    else:
        stamp(articles)
        Article.objects.bulk_create(articles)


@dataclass
class Rows:
    """Rows ready for COPY (PostgreSQL), made beforehand so that writing them is only sending them:
    the synthetic seeder makes them in one thread while another writes the previous batch."""

    table: str
    columns: list
    values: list


def rows(model, objects):
    """The Rows of `objects`, whose primary keys are drawn now if they have none."""
    if objects and objects[0].pk is None:
        allocate_ids(model, objects)
    fields = model._meta.concrete_fields
    return Rows(model._meta.db_table, [field.column for field in fields], _values(objects, fields))


def article_rows(articles):
    """rows() for articles, with the three weighted texts their search vector is made of."""
    if articles and articles[0].pk is None:
        allocate_ids(Article, articles)
    stamp(articles)
    fields = [field for field in Article._meta.concrete_fields if field.attname != "search_vector"]
    values = [[*row, *search.indexed(article.search_parts)] for row, article in zip(_values(articles, fields), articles)]
    return Rows(Article._meta.db_table, [field.column for field in fields], values)


def copy(rows):
    if not rows.values:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {quote(rows.table)} ({', '.join(map(quote, rows.columns))}) FROM STDIN") as stream:
            for values in rows.values:
                stream.write_row(values)


def copy_articles(rows):
    """Article rows through the staging table, computing each search vector as the row is written."""
    if not rows.values:
        return
    quote = connection.ops.quote_name
    names = ", ".join(map(quote, rows.columns))
    table = quote(rows.table)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS staged_article AS SELECT * FROM {table} WITH NO DATA")
        cursor.execute("ALTER TABLE staged_article ADD COLUMN IF NOT EXISTS a text, ADD COLUMN IF NOT EXISTS b text, "
                       "ADD COLUMN IF NOT EXISTS c text")
        with cursor.copy(f"COPY staged_article ({names}, a, b, c) FROM STDIN") as stream:
            for values in rows.values:
                stream.write_row(values)
        vector, params = search.vector_sql("a", "b", "c")
        cursor.execute(f"INSERT INTO {table} ({names}, search_vector) SELECT {names}, {vector} FROM staged_article", params)
        cursor.execute("TRUNCATE staged_article")


def stamp(objects):
    """Fill created_at and updated_at, which bulk writes leave to the caller."""
    now = timezone.now()
    for obj in objects:
        obj.created_at = obj.created_at or now
        obj.updated_at = now


def allocate_ids(model, objects):
    """Primary keys from the table's own sequence, so rows can be copied with them and referenced at once."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall()):
            obj.pk = pk


def _values(objects, fields):
    # The connection itself, looked up once: django.db.connection is a proxy that looks it up on
    # every access, which cost a third of the time spent on each row.
    database = connections[DEFAULT_DB_ALIAS]
    return [[field.get_db_prep_save(getattr(obj, field.attname), database) for field in fields] for obj in objects]
