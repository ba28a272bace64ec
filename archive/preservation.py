"""Preservation: a fixity check, and a whole-archive export and import as JSON Lines.

    verify(on_mismatch=None) -> Fixity(checked, mismatches)
    export_archive(stream) -> {type: count}
    import_archive(stream) -> {type: count}       (bytes stream; raises ArchiveFileError)
    refresh_search() rebuilds every article's search columns a batch at a time

The file is one JSON object a line. The first is a header,
{"type": "archive", "format": 1, "exported_at": "…", "counts": {"outlet": 3, …}, "ids_above": {…}},
then every row of every model in SPECS, in that order, each {"type": <name>, <field>: <value>, …},
then the editors' history (see "history" below). Rows refer to each other by natural key (slugs, an
article's raw_sha256), never by database id, so that a file loads into any database. Rows of a
model without a natural key (role, participation, position, related_link) carry an "xid", their
number among the rows of their type in the file (1, 2, …, in id order), by which the history names
them. Derived columns (search_text, search_vector, title_key, the page-cache Edition) are left out
and recomputed on import.

Values are written as JSON: dates and datetimes in ISO 8601 (datetimes with their UTC offset,
microseconds kept), JSON fields as they are, a foreign key as the natural key of its target (or
null), a many-to-many field as the sorted list of its targets' keys.
"""
import base64
import binascii
import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from . import bulk, facets, pagecache, search, vietnamese
from .models import (
    Actor, Article, Capture, Edition, Exchange, Facet, FacetCount, FacetPair, Feed, FeedItem, Issue, KnownExchange, Office, Outlet, Participation, Position,
    Profile, RelatedLink, Role, SearchHit, StaleFacet, sha256_of,
)

FORMAT = 1
BATCH = 500


@dataclass(frozen=True)
class Spec:
    """One model in the file: its line `type`, and the field other rows use to refer to it (None if none do)."""

    type: str
    model: type
    key: str | None = None


# Referenced models come before the rows that refer to them: the importer resolves keys against
# rows it has already written.
SPECS = [
    Spec("outlet", Outlet, "slug"),
    Spec("issue", Issue, "slug"),
    Spec("office", Office, "slug"),
    Spec("actor", Actor, "slug"),
    Spec("role", Role),
    Spec("known_exchange", KnownExchange),
    Spec("exchange", Exchange, "slug"),
    Spec("article", Article, "raw_sha256"),
    Spec("participation", Participation),
    Spec("position", Position),
    Spec("related_link", RelatedLink),
    Spec("capture", Capture),
    Spec("feed", Feed, "url"),
    Spec("feed_item", FeedItem),
]



@dataclass(frozen=True)
class HistorySpec(Spec):
    """The editors' history of one model in SPECS (django-simple-history), or of one of its tracked
    many-to-many fields (`through`: that field's name; rows then belong to a `parent` history)."""

    source: Spec | None = None
    through: str | None = None
    parent: "HistorySpec | None" = None


def _m2m_history_model(history_model, name):
    # simple-history names it "<HistoricalModel>_<field>" and gives it a "history" key to its parent.
    from django.apps import apps

    return apps.get_model(history_model._meta.app_label, f"{history_model._meta.object_name}_{name}")


def _history_specs():
    found = []
    for spec in SPECS:
        model = spec.model.history.model
        own = HistorySpec(f"history.{spec.type}", model, source=spec)
        m2m = [
            HistorySpec(f"history.{spec.type}.{f.name}", _m2m_history_model(model, f.name),
                        source=spec, through=f.name, parent=own)
            for f in getattr(model, "_history_m2m_fields", [])
        ]
        found += [own, *m2m]
    return found


# After every live row: a history row refers to the objects as they are now, by their keys.
EXTRA_SPECS: list[Spec] = _history_specs()


def _title_key(obj):
    return vietnamese.title_key(obj.title)


# Recomputed from the content, so never written: they would only go stale in the file. Each maps to
# how the importer fills it on the row before inserting it, or None for the search columns, which
# refresh_search() fills once every article's statements are in.
DERIVED_FIELDS = {
    Article: {"search_text": None, "search_vector": None, "title_key": _title_key},
    RelatedLink: {"title_key": _title_key},
    # facets.rebuild() sets these once every article is in.
    Exchange: {"public": None},
    Position: {"public": None, "event_date": None, "exchange": None},
}
# Derived whole from the rest: the page cache's edition, the facets, which import() derives again, and a
# search's hits, which live in a temporary table for one request.
DERIVED_MODELS = {Edition, Facet, FacetCount, FacetPair, Profile, SearchHit, StaleFacet}


def specs():
    return [*SPECS, *EXTRA_SPECS]


class ArchiveFileError(Exception):
    """A file that cannot be imported; the message names the line when there is one."""

    def __init__(self, message, line=None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


# -- fixity ---------------------------------------------------------------------------------------


@dataclass
class Mismatch:
    id: int
    slug: str
    stored: str
    computed: str


@dataclass
class Fixity:
    checked: int = 0
    mismatches: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.mismatches


def verify(on_mismatch=None, chunk_size=1000):
    """Recompute every article's SHA-256 from its stored raw text and compare it with raw_sha256.

    Streams the table a chunk at a time and reads only the columns it needs, so the archive's size
    does not matter. `on_mismatch(Mismatch)` is called as each one is found.
    """
    result = Fixity()
    rows = Article.objects.order_by("pk").values_list("pk", "slug", "raw_sha256", "raw_text")
    captures = Capture.objects.order_by("pk").values_list("article_id", "article__slug", "warc_sha256", "warc")
    for pk, slug, stored, raw_text in rows.iterator(chunk_size=chunk_size):
        result.checked += 1
        _check(result, on_mismatch, pk, slug, stored, sha256_of(raw_text))
    # The page as it was fetched, for the articles imported from the web.
    for pk, slug, stored, warc in captures.iterator(chunk_size=chunk_size):
        result.checked += 1
        try:
            computed = hashlib.sha256(base64.b64decode(warc, validate=True)).hexdigest()
        except (binascii.Error, ValueError):
            computed = "not base64"
        _check(result, on_mismatch, pk, f"{slug} (WARC)", stored, computed)
    return result


def _check(result, on_mismatch, pk, slug, stored, computed):
    if computed != stored:
        mismatch = Mismatch(pk, slug, stored, computed)
        result.mismatches.append(mismatch)
        if on_mismatch is not None:
            on_mismatch(mismatch)


# -- the fields of a model, as the file holds them -------------------------------------------------


@dataclass
class Column:
    name: str  # the key in the file
    field: models.Field
    target: Spec | None = None  # for foreign keys and many-to-many fields

    @property
    def many(self):
        return self.field.many_to_many


def _spec_for(model):
    for spec in specs():
        if spec.model is model and spec.key:
            return spec
    return None


def columns(spec):
    """Every field of the model except the auto id and derived columns, in declaration order."""
    meta = spec.model._meta
    derived = DERIVED_FIELDS.get(spec.model, {})
    found = []
    for f in [*meta.concrete_fields, *meta.many_to_many]:
        if f.primary_key or f.name in derived or getattr(f, "generated", False):
            continue
        target = None
        if f.is_relation:
            target = _spec_for(f.related_model)
            if target is None:
                raise ImproperlyConfigured(
                    f"{meta.label}.{f.name} refers to {f.related_model._meta.label}, which has no natural key in "
                    "archive.preservation.SPECS: the file could not name its rows."
                )
        if isinstance(f, models.BinaryField):
            raise ImproperlyConfigured(f"{meta.label}.{f.name}: binary fields are not supported by the archive file.")
        found.append(Column(f.name, f, target))
    return found


def _to_json(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_json(column, value):
    f = column.field
    if value is None or isinstance(f, models.JSONField):
        return value
    if isinstance(f, (models.CharField, models.TextField, models.DateField, models.TimeField)):
        if not isinstance(value, str):
            raise ValidationError("expected a string")
    elif isinstance(f, models.IntegerField) and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValidationError("expected an integer")
    elif isinstance(f, models.BooleanField) and not isinstance(value, bool):
        raise ValidationError("expected true or false")
    parsed = f.to_python(value)
    if isinstance(f, models.DateTimeField) and timezone.is_naive(parsed):
        # A datetime without its offset would be read in whatever zone the importing site uses.
        raise ValidationError("a date and time needs its UTC offset")
    return parsed


# -- export ---------------------------------------------------------------------------------------


def _rows(spec):
    """The model's rows as dicts of file values, in id order, a chunk at a time."""
    cols = columns(spec)
    plain = [c for c in cols if not c.many]
    selected = ["pk", *(f"{c.name}__{c.target.key}" if c.target else c.name for c in plain)]
    queryset = spec.model._base_manager.order_by("pk").values_list(*selected)
    many = [c for c in cols if c.many]
    xid = 0
    for chunk in bulk.batches(queryset.iterator(chunk_size=BATCH), BATCH):
        related = {}
        for column in many:
            through = column.field.remote_field.through
            source, target = column.field.m2m_field_name(), column.field.m2m_reverse_field_name()
            pairs = through._default_manager.filter(**{f"{source}_id__in": [row[0] for row in chunk]})
            values = {}
            for pk, key in pairs.values_list(f"{source}_id", f"{target}__{column.target.key}"):
                values.setdefault(pk, []).append(key)
            related[column.name] = values
        for row in chunk:
            record = {"type": spec.type}
            if spec.key is None:
                xid += 1
                record["xid"] = xid
            for column, value in zip(plain, row[1:]):
                record[column.name] = _to_json(value)
            for column in many:
                record[column.name] = sorted(related[column.name].get(row[0], []))
            yield record


def _dump(record):
    # ensure_ascii=False keeps Vietnamese readable; json still escapes every control character, so a
    # record never spans lines.
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_archive(stream):
    """Write the whole archive to a text stream; returns the count of rows of each type."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for the whole file: rows saved while it is written must not appear in
            # some tables and not others.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        counts = {spec.type: spec.model._base_manager.count() for spec in specs()}
        header = {
            "type": "archive", "format": FORMAT, "exported_at": timezone.now().isoformat(), "counts": counts,
            "ids_above": _ids_used(),
        }
        stream.write(_dump(header))
        written = {}
        keys = _ExportKeys()
        for spec in specs():
            written[spec.type] = 0
            rows = _history_rows(spec, keys) if isinstance(spec, HistorySpec) else _rows(spec)
            for record in rows:
                stream.write(_dump(record))
                written[spec.type] += 1
    return written


# -- history --------------------------------------------------------------------------------------
#
# The history comes after every live row, one type per model ("history.article") and per tracked
# many-to-many field ("history.article.issues", after its parent's), each row as simple-history holds
# it, ids turned into keys:
#
#   {"type": "history.article", "xid": 6, "history_date": "2026-11-23T12:56:29.090348+00:00",
#    "history_type": "~", "history_change_reason": "Sửa tiêu đề", "history_user": "alice",
#    "object": "927a…229e", "title": …, "outlet": "vnexpress", …}
#
# - "object" is the key of the object this is a version of: its natural key, or its row's xid;
#   a foreign key is its target's key; "history_user" a username (or null).
# - A many-to-many version names its parent version by "history" (the parent's "xid", which only
#   the types with many-to-many history carry) and its join-table row by nothing when that link still
#   exists (the importer gives it the id of the restored link).
# - An id that matches no live row (the object, or link, was deleted since) is kept as it is under
#   "<name>_missing_id" ("object_missing_id", "speaker_missing_id", "join_missing_id"): nothing in a
#   deleted object's history is lost, and its versions still share one id. So that such an id never
#   comes to name a new row, the header's "ids_above" gives per table the largest id the source
#   database had used, and the importer numbers restored and future rows above it.
#
# The importer writes versions with bulk_create, which records no version of its own, with their
# history_date unchanged; an author whose account does not exist becomes an inactive account with an
# unusable password.

HISTORY_FIELDS = ("history_date", "history_type", "history_change_reason")


def _through(spec, name):
    return spec.model._meta.get_field(name).remote_field.through


def _through_fields(spec, name):
    f = spec.model._meta.get_field(name)
    return f.m2m_field_name(), f.m2m_reverse_field_name()


def _ids_used():
    """The largest id each table has ever given out, as far as its rows and history show."""
    used = {}
    for spec in EXTRA_SPECS:
        if spec.through:
            table, name = _through(spec.source, spec.through), f"{spec.source.type}.{spec.through}"
        else:
            table, name = spec.source.model, spec.source.type
        ids = spec.model._base_manager.aggregate(m=models.Max("id"))["m"]
        live = table._base_manager.aggregate(m=models.Max("pk"))["m"]
        used[name] = max(ids or 0, live or 0)
    return used


def _history_columns(spec):
    """(file name, field, target Spec or None) of a history model's fields, bookkeeping aside."""
    found = []
    for f in spec.model._meta.concrete_fields:
        if f.primary_key or f.name in ("history_user", "history"):
            continue
        if f.name == "id":
            # In a version it is the object's id; in a many-to-many version, its join-table row's.
            found.append(("join" if spec.through else "object", f, None if spec.through else spec.source))
        elif f.is_relation:
            target = next((t for t in SPECS if t.model is f.related_model), None)
            if target is None:
                raise ImproperlyConfigured(f"{spec.model._meta.label}.{f.name}: no archive model to name its target by")
            found.append((f.name, f, target))
        else:
            found.append((f.name, f, None))
    return found


class _ExportKeys:
    """id -> key of the live rows of each type, built once per export."""

    def __init__(self):
        self.keys, self.joins, self.parents = {}, {}, {}

    def of(self, spec):
        if spec.type not in self.keys:
            rows = spec.model._base_manager.order_by("pk")
            if spec.key:
                self.keys[spec.type] = dict(rows.values_list("pk", spec.key).iterator(chunk_size=BATCH))
            else:
                ids = rows.values_list("pk", flat=True).iterator(chunk_size=BATCH)
                self.keys[spec.type] = {pk: n for n, pk in enumerate(ids, start=1)}
        return self.keys[spec.type]

    def join(self, spec):
        if spec.type not in self.joins:
            source, target = _through_fields(spec.source, spec.through)
            rows = _through(spec.source, spec.through)._default_manager.values_list("pk", f"{source}_id", f"{target}_id")
            self.joins[spec.type] = {pk: (a, b) for pk, a, b in rows.iterator(chunk_size=BATCH)}
        return self.joins[spec.type]

    def parent(self, spec):
        # history_id -> xid of the parent history row, in the order the parents were written.
        if spec.type not in self.parents:
            ids = spec.model._base_manager.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=BATCH)
            self.parents[spec.type] = {pk: n for n, pk in enumerate(ids, start=1)}
        return self.parents[spec.type]


def _has_children(spec):
    return any(s.parent == spec for s in EXTRA_SPECS)


def _history_rows(spec, keys):
    cols = _history_columns(spec)
    selected = ["pk", "history_user__username" if not spec.through else "history_id", *(f.attname for _, f, _ in cols)]
    queryset = spec.model._base_manager.order_by("pk").values_list(*selected)
    numbered = _has_children(spec)
    if spec.through:
        ends = [f"{name}_id" for name in _through_fields(spec.source, spec.through)]
        joins, parents = keys.join(spec), keys.parent(spec.parent)
    for n, row in enumerate(queryset.iterator(chunk_size=BATCH), start=1):
        record = {"type": spec.type}
        if numbered:
            record["xid"] = n
        values = dict(zip((f.attname for _, f, _ in cols), row[2:]))
        if spec.through:
            record["history"] = parents[row[1]]
        else:
            record.update((name, _to_json(values[name])) for name in HISTORY_FIELDS)
            record["history_user"] = row[1]
        for name, f, target in cols:
            value = values[f.attname]
            if name == "join":
                if joins.get(value) != tuple(values[end] for end in ends):
                    record["join_missing_id"] = value
            elif target is not None:
                found = keys.of(target)
                if value is None:
                    record[name] = None
                elif value in found:
                    record[name] = found[value]
                else:
                    record[f"{name}_missing_id"] = value
            elif name not in HISTORY_FIELDS:
                record[name] = _to_json(value)
        yield record


# -- import ---------------------------------------------------------------------------------------


def existing_rows():
    """Rows of archive content already in the database, by type (Edition aside: it is derived)."""
    return {spec.type: n for spec in specs() if (n := spec.model._base_manager.count())}


class _Pending:
    """Rows of one type read from the file and not yet written, with the line each came from."""

    def __init__(self, spec, context):
        self.spec = spec
        self.context = context
        self.cols = columns(spec)
        self.known = {c.name for c in self.cols} | {"type"} | ({"xid"} if spec.key is None else set())
        self.rows = []  # (line, {column: value})

    def add(self, line, record):
        unknown = sorted(set(record) - self.known)
        if unknown:
            raise ArchiveFileError(f"{self.spec.type} has no field {', '.join(unknown)}", line)
        values = {}
        if self.spec.key is None:
            values["xid"] = self.context.new_xid(self.spec, record.get("xid"), line)
        for column in self.cols:
            if column.name not in record:
                if not _has_fallback(column.field):
                    raise ArchiveFileError(f"{self.spec.type} lacks {column.name!r}", line)
                values[column.name] = [] if column.many else column.field.get_default()
                continue
            raw = record[column.name]
            if column.many:
                if not isinstance(raw, list) or not all(isinstance(k, str) for k in raw):
                    raise ArchiveFileError(f"{column.name!r} must be a list of {column.target.type} keys", line)
                values[column.name] = raw
            elif column.target:
                if raw is not None and not isinstance(raw, str):
                    raise ArchiveFileError(f"{column.name!r} must be a {column.target.type} key or null", line)
                values[column.name] = raw
            else:
                try:
                    values[column.name] = _from_json(column, raw)
                except ValidationError as exc:
                    raise ArchiveFileError(f"{column.name!r}: {' '.join(exc.messages)} ({raw!r})", line) from None
        if self.spec.model is Article:
            _check_article(line, values)
        self.rows.append((line, values))

    def write(self):
        if not self.rows:
            return
        spec, model = self.spec, self.spec.model
        keys = self._resolve()
        objects = []
        for line, values in self.rows:
            attrs = {}
            for column in self.cols:
                if column.many:
                    continue
                value = values[column.name]
                if column.target:
                    attrs[column.field.attname] = None if value is None else keys[column.target.type][value]
                else:
                    attrs[column.field.attname] = value
            obj = model(**attrs)
            for name, recompute in DERIVED_FIELDS.get(model, {}).items():
                if recompute is not None:
                    setattr(obj, name, recompute(obj))
            objects.append(obj)
        if model is Position:
            _give_statement_ids(objects)
        first, last = self.rows[0][0], self.rows[-1][0]
        try:
            with transaction.atomic():
                model._base_manager.bulk_create(objects)
                if any(o.pk is None for o in objects):
                    raise ImproperlyConfigured(
                        f"{connection.vendor} does not return ids from bulk inserts; import_archive needs it"
                    )
                # bulk_create stamps auto_now and auto_now_add fields with the present time; the
                # archive's own times are put back with an UPDATE, which leaves them alone.
                stamped = [
                    f.attname for f in model._meta.concrete_fields
                    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                ]
                for obj, (_, values) in zip(objects, self.rows):
                    for name in stamped:
                        setattr(obj, name, values[name])
                if stamped:
                    model._base_manager.bulk_update(objects, stamped)
                if spec.key is None:
                    self.context.ids[spec.type].update((values["xid"], o.pk) for o, (_, values) in zip(objects, self.rows))
                for column in self.cols:
                    if column.many:
                        through = column.field.remote_field.through
                        source, target = column.field.m2m_field_name(), column.field.m2m_reverse_field_name()
                        through._default_manager.bulk_create(
                            through(**{f"{source}_id": obj.pk, f"{target}_id": keys[column.target.type][key]})
                            for obj, (_, values) in zip(objects, self.rows)
                            for key in values[column.name]
                        )
        except DatabaseError as exc:
            where = f"lines {first}–{last}" if first != last else f"line {first}"
            raise ArchiveFileError(f"the database refused the {spec.type} rows on {where}: {exc}") from exc
        self.rows = []

    def _resolve(self):
        """Database ids for every key these rows refer to; a key not in the database is an error."""
        wanted = {}
        for line, values in self.rows:
            for column in self.cols:
                if not column.target:
                    continue
                keys = values[column.name] if column.many else [values[column.name]]
                for key in keys:
                    if key is not None:
                        wanted.setdefault(column.target, {}).setdefault(key, line)
        return {target.type: _ids_of(target, keys) for target, keys in wanted.items()}


def _ids_of(target, keys):
    """{natural key: id} of the rows of `target` named in `keys` ({key: line that named it})."""
    ids = {}
    for chunk in bulk.batches(keys, BATCH):
        ids.update(target.model._base_manager.filter(**{f"{target.key}__in": chunk}).values_list(target.key, "pk"))
    for key, line in keys.items():
        if key not in ids:
            raise ArchiveFileError(f"refers to {target.type} {key!r}, which is not in the file before this line", line)
    return ids


class _Context:
    """What the rows of one import share: xid -> new id of each keyless type, editors by username."""

    def __init__(self):
        self.ids = {spec.type: {} for spec in specs()}
        self.users = {}

    def new_xid(self, spec, xid, line):
        if isinstance(xid, bool) or not isinstance(xid, int):
            raise ArchiveFileError(f"{spec.type} needs an integer \"xid\"", line)
        if xid in self.ids[spec.type]:
            raise ArchiveFileError(f"{spec.type} xid {xid} is used twice", line)
        self.ids[spec.type][xid] = None  # claimed; the id once written
        return xid

    def user_ids(self, usernames):
        """Ids of the named users; a name no account has any more becomes an inactive account without
        a password, so that the history keeps its author and no one can sign in as them."""
        wanted = set(usernames) - set(self.users) - {None}
        if wanted:
            User = get_user_model()
            name = User.USERNAME_FIELD
            for chunk in bulk.batches(wanted, BATCH):
                self.users.update(User._default_manager.filter(**{f"{name}__in": chunk}).values_list(name, "pk"))
            for username in sorted(wanted - set(self.users)):
                user = User(**{name: username}, is_active=False)
                user.set_unusable_password()
                user.save()
                self.users[username] = user.pk
        return self.users


class _HistoryPending:
    """History rows of one type read from the file and not yet written."""

    def __init__(self, spec, context):
        self.spec = spec
        self.context = context
        self.cols = _history_columns(spec)
        self.numbered = _has_children(spec)
        self.known = {"type", "history" if spec.through else "history_user"} | ({"xid"} if self.numbered else set())
        for name, f, target in self.cols:
            if name == "join":
                self.known.add("join_missing_id")
            else:
                self.known.add(name)
                if target is not None:
                    self.known.add(f"{name}_missing_id")
        self.rows = []

    def add(self, line, record):
        spec = self.spec
        unknown = sorted(set(record) - self.known)
        if unknown:
            raise ArchiveFileError(f"{spec.type} has no field {', '.join(unknown)}", line)
        values = {}
        if self.numbered:
            values["xid"] = self.context.new_xid(spec, record.get("xid"), line)
        if spec.through:
            parent = record.get("history")
            if not isinstance(parent, int) or parent not in self.context.ids[spec.parent.type]:
                raise ArchiveFileError(f'"history" must be the xid of a {spec.parent.type} row before this line', line)
            values["history"] = parent
        else:
            user = record.get("history_user")
            if user is not None and not isinstance(user, str):
                raise ArchiveFileError('"history_user" must be a username or null', line)
            values["history_user"] = user
        for name, f, target in self.cols:
            if name == "join":
                raw = record.get("join_missing_id")
                if raw is not None and not isinstance(raw, int):
                    raise ArchiveFileError('"join_missing_id" must be an integer', line)
                values[name] = ("missing", raw) if raw is not None else None
            elif target is not None:
                missing = f"{name}_missing_id"
                if (name in record) == (missing in record):
                    raise ArchiveFileError(f"{spec.type} needs one of {name!r} and {missing!r}", line)
                if missing in record:
                    if isinstance(record[missing], bool) or not isinstance(record[missing], int):
                        raise ArchiveFileError(f"{missing!r} must be an integer", line)
                    values[name] = ("missing", record[missing])
                else:
                    key = record[name]
                    valid = isinstance(key, str) if target.key else isinstance(key, int) and not isinstance(key, bool)
                    if key is not None and not valid:
                        raise ArchiveFileError(f"{name!r} must be a {target.type} key or null", line)
                    values[name] = key
            else:
                if name not in record:
                    raise ArchiveFileError(f"{spec.type} lacks {name!r}", line)
                try:
                    values[name] = _from_json(Column(name, f), record[name])
                except ValidationError as exc:
                    raise ArchiveFileError(f"{name!r}: {' '.join(exc.messages)} ({record[name]!r})", line) from None
        self.rows.append((line, values))

    def _resolve(self):
        """{target type: {key: id}} for every key these rows name."""
        wanted = {}
        for line, values in self.rows:
            for name, f, target in self.cols:
                key = values[name]
                if target is not None and key is not None and not isinstance(key, tuple):
                    wanted.setdefault(target, {}).setdefault(key, line)
        found = {}
        for target, keys in wanted.items():
            if target.key:
                found[target.type] = _ids_of(target, keys)
            else:
                ids = self.context.ids[target.type]
                for key, line in keys.items():
                    if ids.get(key) is None:
                        raise ArchiveFileError(f"refers to {target.type} xid {key}, which is not in the file", line)
                found[target.type] = ids
        return found

    def write(self):
        if not self.rows:
            return
        spec, model = self.spec, self.spec.model
        keys = self._resolve()
        users = {} if spec.through else self.context.user_ids(v["history_user"] for _, v in self.rows)
        objects = []
        for line, values in self.rows:
            attrs = {}
            if spec.through:
                attrs["history_id"] = self.context.ids[spec.parent.type][values["history"]]
            else:
                attrs["history_user_id"] = users.get(values["history_user"])
            for name, f, target in self.cols:
                value = values[name]
                if isinstance(value, tuple):
                    attrs[f.attname] = value[1]
                elif target is not None:
                    attrs[f.attname] = None if value is None else keys[target.type][value]
                elif name != "join":
                    attrs[f.attname] = value
            objects.append(model(**attrs))
        if spec.through:
            self._join_ids(objects)
        first, last = self.rows[0][0], self.rows[-1][0]
        try:
            with transaction.atomic():
                model._base_manager.bulk_create(objects)
        except DatabaseError as exc:
            where = f"lines {first}–{last}" if first != last else f"line {first}"
            raise ArchiveFileError(f"the database refused the {spec.type} rows on {where}: {exc}") from exc
        if self.numbered:
            self.context.ids[spec.type].update((v["xid"], o.pk) for o, (_, v) in zip(objects, self.rows))
        self.rows = []

    def _join_ids(self, objects):
        # A join row that still exists gets the id it has in this database.
        source, target = _through_fields(self.spec.source, self.spec.through)
        through = _through(self.spec.source, self.spec.through)
        pending = [(o, line) for o, (line, v) in zip(objects, self.rows) if v["join"] is None]
        current = {}
        for chunk in bulk.batches({getattr(o, f"{source}_id") for o, _ in pending}, BATCH):
            rows = through._default_manager.filter(**{f"{source}_id__in": chunk})
            current.update(((a, b), pk) for pk, a, b in rows.values_list("pk", f"{source}_id", f"{target}_id"))
        for obj, line in pending:
            pair = (getattr(obj, f"{source}_id"), getattr(obj, f"{target}_id"))
            if pair not in current:
                raise ArchiveFileError(f"{self.spec.type}: no such {self.spec.source.type} {self.spec.through} link", line)
            obj.id = current[pair]


def _reserve_ids(used):
    """Number new rows of each table above the ids the source database had used: an id kept in the
    history of a deleted object must never come to name a new one."""
    tables = {}
    for spec in EXTRA_SPECS:
        if spec.through:
            tables[f"{spec.source.type}.{spec.through}"] = _through(spec.source, spec.through)._meta.db_table
        else:
            tables[spec.source.type] = spec.source.model._meta.db_table
    if not isinstance(used, dict) or not all(isinstance(n, int) and not isinstance(n, bool) for n in used.values()):
        raise ArchiveFileError('the header needs "ids_above": {table: largest id used}', 1)
    unknown = sorted(set(used) - set(tables))
    if unknown:
        raise ArchiveFileError(f'"ids_above" names unknown tables: {", ".join(unknown)}', 1)
    with connection.cursor() as cursor:
        for name, n in used.items():
            table = tables[name]
            if n <= 0:
                continue
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"""SELECT setval(pg_get_serial_sequence(%s, 'id'),
                                      GREATEST(%s, (SELECT COALESCE(MAX(id), 0) + 1 FROM {connection.ops.quote_name(table)})),
                                      false)""",
                    [table, n + 1],
                )
            elif connection.vendor == "sqlite":
                cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [n, table])
                if cursor.rowcount == 0:
                    cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, n])
            else:
                raise ImproperlyConfigured(f"import_archive cannot reserve ids on {connection.vendor}")


def _give_statement_ids(positions):
    """The public_id of each statement a file gave none (one query for their articles' texts' digests)."""
    missing = [p for p in positions if not p.public_id]
    if not missing:
        return
    digests = dict(Article.objects.filter(pk__in={p.article_id for p in missing}).values_list("pk", "raw_sha256"))
    Position.give_ids(positions, digests)


def _has_fallback(f):
    # A statement's public_id is worked out from its article when a file written before it lacks one.
    return f.many_to_many or f.has_default() or f.null or f.name == "public_id"


def _check_article(line, values):
    stored, text = values.get("raw_sha256"), values.get("raw_text")
    if not isinstance(text, str) or not text:
        raise ArchiveFileError("article has no raw_text", line)
    computed = sha256_of(text)
    if stored != computed:
        raise ArchiveFileError(
            f"article {values.get('slug')!r}: raw_sha256 {stored} does not match its raw_text (SHA-256 {computed})",
            line,
        )


def _parse(number, line):
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArchiveFileError(f"not UTF-8 ({exc.reason} at byte {exc.start})", number) from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArchiveFileError(f"not JSON ({exc.msg} at column {exc.colno})", number) from None
    if not isinstance(record, dict) or not isinstance(record.get("type"), str):
        raise ArchiveFileError('each line must be a JSON object with a "type"', number)
    return record


def _check_header(record):
    if record.get("type") != "archive":
        raise ArchiveFileError('the file must begin with the {"type": "archive", …} header', 1)
    if record.get("format") != FORMAT:
        raise ArchiveFileError(
            f"format {record.get('format')!r} is not one this version reads (format {FORMAT})", 1
        )
    counts = record.get("counts")
    if not isinstance(counts, dict) or not all(isinstance(n, int) for n in counts.values()):
        raise ArchiveFileError('the header needs "counts": {type: number of rows}', 1)
    return counts


def _own_exchanges():
    """Articles of a file written before exchanges were kept each report an exchange of their own."""
    from .exchanges import own_exchanges

    for chunk in bulk.batches(Article.objects.filter(exchange__isnull=True).order_by("pk").iterator(), BATCH):
        own_exchanges(chunk)
        Article.objects.bulk_update(chunk, ["exchange"])


def import_archive(stream):
    """Load a file written by export_archive into an empty archive, all or nothing.

    `stream` yields the file's lines as bytes. Returns the count of rows of each type. Raises
    ArchiveFileError, leaving the database as it was, if the archive is not empty, the file is
    malformed, incomplete or refers to rows it lacks, or an article's raw text fails its SHA-256.
    """
    by_type = {spec.type: spec for spec in specs()}
    order = [spec.type for spec in specs()]
    with transaction.atomic():
        present = existing_rows()
        if present:
            summary = ", ".join(f"{n} {t}" for t, n in present.items())
            raise ArchiveFileError(
                f"the database already holds archive data ({summary}); import_archive restores only into a "
                "freshly migrated database (do not run load_reference or import_articles before it)"
            )
        counts = None
        context = _Context()
        seen = dict.fromkeys(order, 0)
        pending = None
        number = 0
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                raise ArchiveFileError("empty line", number)
            record = _parse(number, line)
            if counts is None:
                counts = _check_header(record)
                unknown = sorted(set(counts) - set(order))
                if unknown:
                    raise ArchiveFileError(f"the header counts unknown types: {', '.join(unknown)}", 1)
                _reserve_ids(record.get("ids_above"))
                continue
            kind = record["type"]
            spec = by_type.get(kind)
            if spec is None:
                raise ArchiveFileError(f"unknown type {kind!r}", number)
            if pending is None or pending.spec is not spec:
                if pending is not None:
                    if order.index(kind) < order.index(pending.spec.type):
                        raise ArchiveFileError(f"{kind} rows must come before {pending.spec.type} rows", number)
                    pending.write()
                pending = (_HistoryPending if isinstance(spec, HistorySpec) else _Pending)(spec, context)
            pending.add(number, record)
            seen[kind] += 1
            if len(pending.rows) >= BATCH:
                pending.write()
        if counts is None:
            raise ArchiveFileError("the file is empty")
        if pending is not None:
            pending.write()
        missing = {t: (counts.get(t, 0), n) for t, n in seen.items() if counts.get(t, 0) != n}
        if missing:
            detail = ", ".join(f"{t}: {want} announced, {got} found" for t, (want, got) in missing.items())
            raise ArchiveFileError(f"the file is incomplete or altered ({detail})")
        _own_exchanges()
        refresh_search()
        fixity = verify()
        if not fixity.ok:
            bad = ", ".join(m.slug for m in fixity.mismatches[:5])
            raise ArchiveFileError(f"{len(fixity.mismatches)} articles fail their SHA-256 once stored ({bad})")
        facets.rebuild()  # bulk writes send no signals
        pagecache.bump()
    return seen


def refresh_search(batch_size=BATCH):
    """Recompute every article's search columns as Article.refresh_search() does, a batch at a time.

    Two queries a batch instead of two an article: the statements of the whole batch are read in one
    query and both columns written in one UPDATE, which is what makes a large import finish in minutes.
    """
    postgresql = search.is_postgresql()
    last = 0
    while True:
        batch = list(
            Article.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "title", "lead", "body")[:batch_size]
        )
        if not batch:
            return
        statements = {}
        rows = Position.objects.filter(article_id__in=[row[0] for row in batch]).order_by("article_id", "order", "id")
        for article_id, text in rows.values_list("article_id", "text"):
            statements.setdefault(article_id, []).append(text)
        documents = [
            (pk, search.document(title, lead, statements.get(pk, []), body)) for pk, title, lead, body in batch
        ]
        if postgresql:
            _write_search_postgresql(documents)
        else:
            Article.objects.bulk_update(
                [Article(pk=pk, search_text="\n".join(weighted)) for pk, weighted in documents], ["search_text"]
            )
        last = batch[-1][0]


def _write_search_postgresql(documents):
    # The vector is built as search.vector() builds it for Article.refresh_search(), from the same
    # three weighted parts.
    table = connection.ops.quote_name(Article._meta.db_table)
    rows = ", ".join(["(%s::bigint, %s, %s, %s, %s)"] * len(documents))
    params = [value for pk, weighted in documents for value in (pk, "\n".join(weighted), *search.indexed(weighted))]
    vector, vector_params = search.vector_sql("v.a", "v.b", "v.c")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {table} AS article SET search_text = v.t, search_vector = {vector}
                FROM (VALUES {rows}) AS v(id, t, a, b, c)
                WHERE article.id = v.id""",
            [*vector_params, *params],
        )
