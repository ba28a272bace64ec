"""What each published exchange is filtered and counted by, kept as rows of its own (models.Facet).

The timeline lists exchanges, and its filters and counts are about exchanges; asked of the articles,
every count is a COUNT(DISTINCT exchange) over joins of wide rows, which takes seconds on a large
archive. So each published exchange gets one narrow row per value it can be found by, derived from
its published reports:

- KIND (exactly one row per published exchange: the rows of this dimension are the public exchanges),
- YEAR (none when its date is unknown), ISSUE (its reports' tags), OUTLET,
- SIDE (a side stated a position), SAID (a side stated a position on an issue: `said(issue, side)`,
  weighted by how many statements),
- ACTOR (someone taking part), SPEAKER (someone speaking, weighted by how many statements),
- ISSUE_YEAR (an issue in the exchange's year: `issue_year(issue, year)`, for the issues chart).

FacetCount holds those rows counted over the whole archive (exchanges, and statements by weight),
so that a page with no filter reads its counts instead of grouping; Exchange.public says whether
an exchange has a published report, for the timeline's partial index.

Keeping them true: every change to what a published report shows (archive/pagecache.py's signal
handlers, the importer, the admin's bulk actions) records the exchange in StaleFacet, within the same
transaction; `refresh()`, called before a page counts, derives the rows of those exchanges again,
moves the counts by the difference, and empties the queue. Writers pay one INSERT, readers one
indexed query when nothing changed.
"""
import itertools
import threading
from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.core.signals import request_started
from django.db import DatabaseError, connection, transaction
from django.dispatch import receiver

from .models import (
    Article, Exchange, Facet, FacetCount, FacetPair, Issue, Kind, PositionSide, Profile, SearchHit, StaleFacet, Status,
)

KIND_CODES = {value: code for code, value in enumerate(Kind.values)}
KINDS = dict(enumerate(Kind.values))
SIDE_CODES = {value: code for code, value in enumerate(PositionSide.values)}
# Above this many exchanges to refresh, every exchange is derived again in one pass.
WHOLE = 500
# The pairs of dimensions kept counted together (FacetPair): {a filter's dimension: the facets counted
# beside it}. The timeline filtered on one issue, side, issue and side, person, outlet, kind or year;
# the statements explorer filtered on one issue (SAID_ANY), side or issue and side. About 60 pairs per
# exchange, a few thousand kept rows.
PAIRS = {
    Facet.ISSUE: (Facet.KIND, Facet.YEAR),
    Facet.SIDE: (Facet.KIND, Facet.YEAR),
    Facet.SAID: (Facet.KIND, Facet.YEAR),
    Facet.SAID_ANY: (Facet.KIND, Facet.YEAR),
    Facet.ACTOR: (Facet.KIND, Facet.YEAR, Facet.ISSUE),
    Facet.OUTLET: (Facet.KIND, Facet.YEAR, Facet.ISSUE),
    Facet.KIND: (Facet.YEAR, Facet.ISSUE),
    Facet.YEAR: (Facet.KIND, Facet.ISSUE),
}


def said(issue_id, side):
    """The SAID value of `side` stating a position on an issue."""
    return issue_id * 8 + SIDE_CODES[side]


def issue_year(issue_id, year):
    """The ISSUE_YEAR value of an issue in a year."""
    return issue_id * 10000 + year


def issue_bits(issue_ids):
    """{issue id: its bit in the Profile rows}: the issues in order of id, the first on bit 0. An issue
    added later takes the next bit and moves no other; deleting one moves those after it, and so
    queues every exchange (pagecache's handler calls mark_all())."""
    return {pk: bit for bit, pk in enumerate(sorted(issue_ids)) if bit <= Profile.MAX_ISSUE_BIT}


def mark_all():
    """Record that every exchange's facets are to be derived again (0 stands for all of them)."""
    StaleFacet.objects.create(exchange_id=0)


def counts(dimension, values=None):
    """{value: (exchanges, statements)} of a dimension (or of some of its values) over the whole archive,
    in one query."""
    rows = FacetCount.objects.filter(dimension=dimension, exchanges__gt=0)
    if values is not None:
        rows = rows.filter(value__in=values)
    return {value: (exchanges, statements) for value, exchanges, statements in
            rows.values_list("value", "exchanges", "statements")}


def paired(dimension, value, others):
    """{other dimension: {its value: (exchanges, statements)}} of the published exchanges that have
    `value` of `dimension`, for each of `others` (PAIRS), over the whole archive, in one query. The
    statements are those the `dimension` rows stand for."""
    found = {other: {} for other in others}
    rows = FacetPair.objects.filter(dimension=dimension, value=value, other__in=others, exchanges__gt=0)
    for other, other_value, exchanges, statements in rows.values_list("other", "other_value", "exchanges", "statements"):
        found[other][other_value] = (exchanges, statements)
    return found


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
        rebuild(None if len(ids) > WHOLE or 0 in ids else ids)
        StaleFacet.objects.filter(pk__lte=rows[-1][0]).delete()


def rebuild(ids=None, using=None):
    """Derive the facets of the exchanges `ids` (every exchange when None) from their published reports,
    with their `public` flag, and move FacetCount by what changed."""
    db = using or connection
    tables = {
        "exchange": Exchange._meta.db_table, "article": Article._meta.db_table, "facet": Facet._meta.db_table,
        "counts": FacetCount._meta.db_table, "tags": Article.issues.through._meta.db_table,
        "profile": Profile._meta.db_table, "pairs": FacetPair._meta.db_table,
        "position": "archive_position", "position_tags": "archive_position_issues",
        "participation": "archive_participation",
    }
    kind = _case("e.kind", KIND_CODES)
    side = _case("p.side", SIDE_CODES)
    year = "CAST(EXTRACT(YEAR FROM e.event_date) AS INTEGER)" if db.vendor == "postgresql" else (
        "CAST(strftime('%%Y', e.event_date) AS INTEGER)")
    published = f"a.status = '{Status.PUBLISHED}'"
    only_e = only_a = only_f = ""
    params = []
    if ids is not None:
        marks = ", ".join(["%s"] * len(ids))
        only_e, only_a, only_f = f" AND e.id IN ({marks})", f" AND a.exchange_id IN ({marks})", f" WHERE exchange_id IN ({marks})"
        params = list(ids)
    public = f"EXISTS (SELECT 1 FROM {{article}} a WHERE a.exchange_id = e.id AND {published})"
    reports = f"WHERE {published}{only_a}"

    def insert(dimension, select, grouped="", weight="1"):
        """Rows of the exchange's own columns (e.*), or of its reports' (a.*), one per exchange and value."""
        exchange = "e.id" if select.startswith("FROM {exchange}") else "a.exchange_id"
        value = select_value[dimension]
        group = f" GROUP BY {exchange}, {value}"
        return (f"INSERT INTO {{facet}} (exchange_id, dimension, value, weight) "
                f"SELECT {exchange}, '{dimension}', {value}, {weight} {select}{grouped}{group}", params)

    select_value = {
        Facet.KIND: kind, Facet.YEAR: year, Facet.ISSUE: "t.issue_id", Facet.OUTLET: "a.outlet_id",
        Facet.ACTOR: "r.actor_id", Facet.SIDE: side, Facet.SAID: f"t.issue_id * 8 + {side}", Facet.SAID_ANY: "t.issue_id",
        Facet.SPEAKER: "p.speaker_id", Facet.ISSUE_YEAR: f"t.issue_id * 10000 + {year}",
    }
    positions = "FROM {article} a JOIN {position} p ON p.article_id = a.id"
    # KIND and YEAR rows stand for every published statement of the exchange, SIDE rows for its side's.
    said_in_exchange = (f"(SELECT COUNT(*) FROM {{position}} p JOIN {{article}} a ON a.id = p.article_id "
                        f"WHERE a.exchange_id = e.id AND {published})")
    statements = [
        ("DELETE FROM {facet}" + only_f, params),
        insert(Facet.KIND, f"FROM {{exchange}} e WHERE {public}{only_e}", weight=said_in_exchange),
        insert(Facet.YEAR, f"FROM {{exchange}} e WHERE e.event_date IS NOT NULL AND {public}{only_e}",
               weight=said_in_exchange),
        insert(Facet.ISSUE_YEAR, f"FROM {{exchange}} e JOIN {{article}} a ON a.exchange_id = e.id "
                                 f"JOIN {{tags}} t ON t.article_id = a.id WHERE e.event_date IS NOT NULL AND {published}{only_e}"),
        insert(Facet.ISSUE, f"FROM {{article}} a JOIN {{tags}} t ON t.article_id = a.id {reports}"),
        insert(Facet.OUTLET, f"FROM {{article}} a {reports} AND a.outlet_id IS NOT NULL"),
        insert(Facet.ACTOR, f"FROM {{article}} a JOIN {{participation}} r ON r.article_id = a.id {reports}"),
        insert(Facet.SIDE, f"{positions} {reports}", weight="COUNT(*)"),
        insert(Facet.SAID, f"{positions} JOIN {{position_tags}} t ON t.position_id = p.id {reports}", weight="COUNT(*)"),
        insert(Facet.SAID_ANY, f"{positions} JOIN {{position_tags}} t ON t.position_id = p.id {reports}",
               weight="COUNT(*)"),
        insert(Facet.SPEAKER, f"{positions} {reports} AND p.speaker_id IS NOT NULL", weight="COUNT(*)"),
    ]
    has_report = f"EXISTS (SELECT 1 FROM {{article}} a WHERE a.exchange_id = {{exchange}}.id AND {published})"
    statements.append((f"UPDATE {{exchange}} SET public = CASE WHEN {has_report} THEN %s ELSE %s END"
                       + (f" WHERE id IN ({marks})" if ids is not None else ""), [True, False, *params]))
    # The statements of the exchanges' reports, published or not: a report may have left the exchange
    # or the public since (its old exchange is refreshed too). A statement the public cannot see has
    # no date here.
    in_article = "a.id = {position}.article_id"
    shown = f"EXISTS (SELECT 1 FROM {{article}} a WHERE {in_article} AND {published})"
    statements.append((
        f"UPDATE {{position}} SET public = CASE WHEN {shown} THEN %s ELSE %s END, event_date = CASE WHEN {shown} "
        f"THEN (SELECT e.event_date FROM {{article}} a JOIN {{exchange}} e ON e.id = a.exchange_id WHERE {in_article}) END, "
        f"exchange_id = CASE WHEN {shown} THEN (SELECT a.exchange_id FROM {{article}} a WHERE {in_article}) END"
        + (f" WHERE article_id IN (SELECT a.id FROM {{article}} a WHERE a.exchange_id IN ({marks}))" if ids is not None else ""),
        [True, False, *params]))
    statements += _profile_statements(only_f, params, db.vendor == "postgresql")
    with db.cursor() as cursor:
        before = _grouped(cursor, only_f, params) if ids is not None else None
        pairs_before = _paired(cursor, ids) if ids is not None else None
        for sql, values in statements:
            cursor.execute(sql.format(**tables), values)
        if before is None:
            cursor.execute("DELETE FROM {counts}".format(**tables))
            cursor.execute("INSERT INTO {counts} (dimension, value, exchanges, statements) "
                           "SELECT dimension, value, COUNT(*), SUM(weight) FROM {facet} GROUP BY dimension, value"
                           .format(**tables))
            cursor.execute("DELETE FROM {pairs}".format(**tables))
            sql, values = _pairs_select()
            cursor.execute(f"INSERT INTO {{pairs}} (dimension, value, other, other_value, exchanges, statements) {sql}"
                           .format(**tables), values)
            return
        _move_counts(cursor, tables["counts"], ("dimension", "value"), before, _grouped(cursor, only_f, params))
        _move_counts(cursor, tables["pairs"], ("dimension", "value", "other", "other_value"), pairs_before,
                     _paired(cursor, ids))


def _pairs_select(ids=None):
    """(sql, params): the Facet rows of the exchanges `ids` (every exchange when None) paired within each
    exchange as PAIRS says, grouped: dimension, value, other, other_value, exchanges, statements."""
    wanted = " OR ".join(
        f"(f.dimension = '{dimension}' AND g.dimension IN ({', '.join(repr(other) for other in others)}))"
        for dimension, others in PAIRS.items()
    )
    only = f" AND f.exchange_id IN ({', '.join(['%s'] * len(ids))})" if ids is not None else ""
    return (f"SELECT f.dimension, f.value, g.dimension, g.value, COUNT(*), SUM(f.weight) "
            f"FROM {Facet._meta.db_table} f JOIN {Facet._meta.db_table} g ON g.exchange_id = f.exchange_id "
            f"WHERE ({wanted}){only} GROUP BY f.dimension, f.value, g.dimension, g.value", list(ids or ()))


def _profile_statements(only_f, params, postgresql):
    """The Profile rows of the exchanges just derived, made from their Facet rows (unique per exchange,
    dimension and value, so that a SUM of distinct bits is their OR); on PostgreSQL with the search
    vectors of their published reports joined, without positions, which only ranking reads (from the
    articles' own vectors)."""

    def bits(condition, exponent):
        # PostgreSQL shifts a bigint by an integer only; COUNT(*) is a bigint.
        return f"CAST(SUM(CASE WHEN {condition} THEN CAST(1 AS BIGINT) << CAST({exponent} AS INTEGER) ELSE 0 END) AS BIGINT)"

    def bit_of(issue_id):  # an issue's bit: how many issues come before it by id (issue_bits())
        return f"(SELECT COUNT(*) FROM {Issue._meta.db_table} i WHERE i.id < {issue_id})"

    top = Profile.MAX_ISSUE_BIT
    issues = bits(f"f.dimension = '{Facet.ISSUE}' AND {bit_of('f.value')} <= {top}", bit_of("f.value"))
    sides = bits(f"f.dimension = '{Facet.SIDE}'", "f.value")
    said = [bits(f"f.dimension = '{Facet.SAID}' AND f.value %% 8 = {SIDE_CODES[side]} AND {bit_of('f.value / 8')} <= {top}",
                 bit_of("f.value / 8")) for side in (PositionSide.CN, PositionSide.US, PositionSide.JOINT)]
    where = only_f.replace("exchange_id", "f.exchange_id")
    select = (
        f"SELECT f.exchange_id, MAX(CASE WHEN f.dimension = '{Facet.KIND}' THEN f.value END), "
        f"MAX(CASE WHEN f.dimension = '{Facet.YEAR}' THEN f.value END), MAX(e.event_date), {issues}, {sides}, "
        f"{', '.join(said)}, MAX(CASE WHEN f.dimension = '{Facet.KIND}' THEN f.weight END) FROM {{facet}} f JOIN {{exchange}} e ON e.id = f.exchange_id{where} "
        f"GROUP BY f.exchange_id HAVING MAX(CASE WHEN f.dimension = '{Facet.KIND}' THEN 1 ELSE 0 END) = 1"
    )
    columns = "exchange_id, kind, year, event_date, issues, sides, said_cn, said_us, said_joint, statements"
    if postgresql:  # the aggregate is migration 0020's
        vector = (f"(SELECT strip(archive_tsvector_union(a.search_vector)) FROM {{article}} a "
                  f"WHERE a.exchange_id = f.exchange_id AND a.status = '{Status.PUBLISHED}')")
        columns += ", vector"
        select = select.replace(" FROM {facet} f JOIN", f", {vector} FROM {{facet}} f JOIN", 1)
    return [
        ("DELETE FROM {profile}" + only_f, params),
        (f"INSERT INTO {{profile}} ({columns}) " + select, params),
    ]


def _grouped(cursor, where, params):
    """{(dimension, value): (exchanges, statements)} of the facet rows `where` selects."""
    cursor.execute(f"SELECT dimension, value, COUNT(*), SUM(weight) FROM {Facet._meta.db_table}{where} "
                   "GROUP BY dimension, value", params)
    return {(dimension, value): (n, weight) for dimension, value, n, weight in cursor.fetchall()}


def _paired(cursor, ids):
    """{(dimension, value, other, other_value): (exchanges, statements)} of the pairs of the exchanges `ids`."""
    cursor.execute(*_pairs_select(ids))
    return {tuple(row[:4]): (row[4], row[5]) for row in cursor.fetchall()}


def _move_counts(cursor, table, keys, before, after):
    """Add to a table of kept counts (FacetCount, FacetPair: its columns `keys`, exchanges, statements)
    the difference between two readings, in upserts of a few hundred rows."""
    changes = []
    for key in before.keys() | after.keys():
        old, new = before.get(key, (0, 0)), after.get(key, (0, 0))
        if old != new:
            changes.append((*key, new[0] - old[0], new[1] - old[1]))
    columns = ", ".join(keys)
    row = "(" + ", ".join(["%s"] * (len(keys) + 2)) + ")"
    for start in range(0, len(changes), 200):
        chunk = changes[start:start + 200]
        cursor.execute(
            f"INSERT INTO {table} ({columns}, exchanges, statements) VALUES " + ", ".join([row] * len(chunk))
            + f" ON CONFLICT ({columns}) DO UPDATE SET exchanges = {table}.exchanges + excluded.exchanges, "
            f"statements = {table}.statements + excluded.statements",
            [value for change in chunk for value in change],
        )


def _case(column, codes):
    whens = " ".join(f"WHEN '{value}' THEN {code}" for value, code in codes.items())
    return f"CASE {column} {whens} END"


_slots = itertools.count(1)
_state = threading.local()


@receiver(request_started)
def _new_request(**kwargs):
    _state.stale = True  # the search hits of the requests before this one are to go


def remember(rows):
    """Copy `rows` (a Profile queryset) into a temporary table of this connection; returns (how many,
    a SearchHit queryset of them).

    A list page asks the same filter five times or more (its page, its count, a count for each facet):
    each time PostgreSQL would join the rows it is read through again. Copied once, the rest are scans
    of the copy, whose statistics (analysed here) let the statements explorer join tens of thousands of
    hits to the statements by hash instead of row by row. (A list of ids sent back with each query was
    measured slower than matching again.)

    The table belongs to the connection, so two requests never share it. Each call fills a slot of its
    own, so that two searches in one request keep apart; the first call of a request empties the table.
    """
    slot = next(_slots)
    profiles, hits = Profile._meta.db_table, SearchHit._meta.db_table
    names = [f.column for f in SearchHit._meta.concrete_fields if f.column != "slot"]
    try:
        sql, params = rows.order_by().values(*names).query.sql_with_params()
    except EmptyResultSet:  # a query without a single word matches nothing
        return 0, SearchHit.objects.none()
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        # Columns by name: a table made on this connection before a migration added one still takes rows.
        columns = ", ".join(names)
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {hits} AS SELECT 0 AS slot, {columns} FROM {profiles} "
                       "WHERE 1 = 0")
        # A page of the statements explorer walks its index in order and keeps a statement when its
        # exchange is a hit: one lookup here each, so that it stops after a page instead of sorting
        # every match (0.3 ms against 150 ms). It costs a fifth more to fill.
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {hits}_exchange ON {hits} (exchange_id, slot)")
        if getattr(_state, "stale", True):
            cursor.execute(f"TRUNCATE {hits}" if postgresql else f"DELETE FROM {hits}")
            _state.stale = False
        cursor.execute(f"INSERT INTO {hits} (slot, {columns}) SELECT %s, {columns} FROM ({sql}) AS kept",
                       [slot, *params])
        count = cursor.rowcount
        if postgresql:
            # Without statistics the planner takes the table for a few hundred rows and looks each row
            # up in an index; knowing the number of rows is enough for it to hash them instead.
            cursor.execute(f"ANALYZE {hits} (slot, exchange_id)")
    return count, SearchHit.objects.filter(slot=slot)


# What hashed() sets: no nested loop, and a hash rather than a sort to group the joined rows (a large
# search's issue counts group 100,000 rows into 17: 92-109 ms against 105-143 sorted).
HASHED = {"enable_nestloop": "off", "enable_sort": "off"}


@contextmanager
def hashed():
    """Queries run within join and group by hash (PostgreSQL; nothing elsewhere).

    A search's Profile rows carry no statistics on their vector (migration 0020), so the planner takes a
    search for a few hundred exchanges. Where a query joins tens of thousands of them to other rows, it
    would look each one up in an index (300 ms for the statements explorer's issue counts against 150 ms
    by hash), then sort the rows to group them: a caller that knows the search is large says so.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for name, value in HASHED.items():
            cursor.execute(f"SET {name} = {value}")
        failed = False
        try:
            yield
        except DatabaseError:
            failed = True
            raise
        finally:
            # After a database error inside a transaction the RESET would be refused, and the rollback
            # undoes the SET anyway; otherwise the SET stands on the connection and must go.
            if not (failed and connection.in_atomic_block):
                for name in HASHED:
                    cursor.execute(f"RESET {name}")
