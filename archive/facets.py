"""What each published exchange is filtered and counted by, kept as rows of its own (models.Facet).

The timeline lists exchanges, and its filters and counts are about exchanges; asked of the articles,
every count is a COUNT(DISTINCT exchange) over joins of wide rows, which takes seconds on a large
archive. So each published exchange gets one narrow row per value it can be found by, derived from
its published reports:

- KIND (exactly one row per published exchange: the rows of this dimension are the public exchanges),
- YEAR (none when its date is unknown), ISSUE (its reports' tags), OUTLET,
- SIDE (a side stated a position), SAID (a side stated a position on an issue: `said(issue, side)`),
- ACTOR (someone taking part).

Keeping them true: every change to what a published report shows (archive/pagecache.py's signal
handlers, the importer, the admin's bulk actions) records the exchange in StaleFacet, within the same
transaction; `refresh()`, called before a page counts, derives the rows of those exchanges again and
empties the queue. Writers pay one INSERT, readers one indexed query when nothing changed.
"""
from django.db import connection, transaction

from .models import Article, Exchange, Facet, Kind, PositionSide, StaleFacet, Status

KIND_CODES = {value: code for code, value in enumerate(Kind.values)}
KINDS = dict(enumerate(Kind.values))
SIDE_CODES = {value: code for code, value in enumerate(PositionSide.values)}
# Above this many exchanges to refresh, every exchange is derived again in one pass.
WHOLE = 500


def said(issue_id, side):
    """The SAID value of `side` stating a position on an issue."""
    return issue_id * 8 + SIDE_CODES[side]


def mark(exchange_ids):
    """Record that these exchanges' facets are to be derived again."""
    ids = {pk for pk in exchange_ids if pk is not None}
    if ids:
        StaleFacet.objects.bulk_create([StaleFacet(exchange_id=pk) for pk in sorted(ids)])


def mark_articles(articles):
    """The same for the exchanges these articles (a queryset or primary keys) report."""
    ids = Article.objects.filter(pk__in=articles).values_list("exchange_id", flat=True)
    mark(set(ids))


def refresh():
    """Derive again the facets of every exchange recorded as stale; one query when there is none.

    Concurrent readers wait for each other on the queue's rows, so that none renders a page from
    facets another is rewriting.
    """
    if not StaleFacet.objects.exists():
        return
    with transaction.atomic():
        rows = list(StaleFacet.objects.select_for_update().order_by("pk").values_list("pk", "exchange_id"))
        if not rows:
            return
        ids = sorted({exchange for _, exchange in rows})
        rebuild(None if len(ids) > WHOLE else ids)
        StaleFacet.objects.filter(pk__lte=rows[-1][0]).delete()


def rebuild(ids=None, using=None):
    """Derive the facets of the exchanges `ids` (every exchange when None) from their published reports."""
    cursor_of = using or connection
    tables = {
        "exchange": Exchange._meta.db_table, "article": Article._meta.db_table, "facet": Facet._meta.db_table,
        "tags": Article.issues.through._meta.db_table, "position": "archive_position",
        "position_tags": "archive_position_issues", "participation": "archive_participation",
    }
    kind = _case("e.kind", KIND_CODES)
    side = _case("p.side", SIDE_CODES)
    year = "EXTRACT(YEAR FROM e.event_date)" if cursor_of.vendor == "postgresql" else (
        "CAST(strftime('%%Y', e.event_date) AS INTEGER)")
    published = f"a.status = '{Status.PUBLISHED}'"
    only_e = only_a = ""
    params = []
    if ids is not None:
        marks = ", ".join(["%s"] * len(ids))
        only_e, only_a, params = f" AND e.id IN ({marks})", f" AND a.exchange_id IN ({marks})", list(ids)
    public = f"EXISTS (SELECT 1 FROM {{article}} a WHERE a.exchange_id = e.id AND {published})"
    of_exchange, of_reports = "e.id", "DISTINCT a.exchange_id"
    reports = f"WHERE {published}{only_a}"

    def insert(exchange, dimension, value, source):
        return f"INSERT INTO {{facet}} (exchange_id, dimension, value) SELECT {exchange}, '{dimension}', {value} {source}", params

    statements = [
        ("DELETE FROM {facet}" + (f" WHERE exchange_id IN ({marks})" if ids is not None else ""), params),
        insert(of_exchange, Facet.KIND, kind, f"FROM {{exchange}} e WHERE {public}{only_e}"),
        insert(of_exchange, Facet.YEAR, year, f"FROM {{exchange}} e WHERE e.event_date IS NOT NULL AND {public}{only_e}"),
        insert(of_reports, Facet.ISSUE, "t.issue_id", f"FROM {{article}} a JOIN {{tags}} t ON t.article_id = a.id {reports}"),
        insert(of_reports, Facet.OUTLET, "a.outlet_id", f"FROM {{article}} a {reports} AND a.outlet_id IS NOT NULL"),
        insert(of_reports, Facet.ACTOR, "r.actor_id",
               f"FROM {{article}} a JOIN {{participation}} r ON r.article_id = a.id {reports}"),
        insert(of_reports, Facet.SIDE, side, f"FROM {{article}} a JOIN {{position}} p ON p.article_id = a.id {reports}"),
        insert(of_reports, Facet.SAID, f"t.issue_id * 8 + {side}",
               f"FROM {{article}} a JOIN {{position}} p ON p.article_id = a.id "
               f"JOIN {{position_tags}} t ON t.position_id = p.id {reports}"),
    ]
    with cursor_of.cursor() as cursor:
        for sql, values in statements:
            cursor.execute(sql.format(**tables), values)


def _case(column, codes):
    whens = " ".join(f"WHEN '{value}' THEN {code}" for value, code in codes.items())
    return f"CASE {column} {whens} END"
