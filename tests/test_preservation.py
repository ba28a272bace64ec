import base64
import datetime
import hashlib
import io
import json
import sys

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from archive import facets, pagecache, preservation
from archive.models import (
    Actor, Article, Capture, Exchange, Feed, FeedItem, Issue, KnownExchange, Office, Origin, Outlet, Participation, Position, PositionSide, RelatedLink, Role, Status,
)

pytestmark = pytest.mark.django_db

NATURAL_KEYS = {Outlet: "slug", Issue: "slug", Office: "slug", Actor: "slug", Article: "raw_sha256", Exchange: "slug",
                Feed: "url"}
CONTENT = [Outlet, Issue, Office, Actor, Role, KnownExchange, Exchange, Article, Participation, Position, RelatedLink,
           Capture, Feed, FeedItem]
DERIVED = {"search_text", "search_vector"}
# Each content model's versions, then the versions of its tracked many-to-many fields.
HISTORY = [model.history.model for model in CONTENT if hasattr(model, "history")]
M2M_HISTORY = {
    apps.get_model("archive", "HistoricalArticle_issues"): (Article, "issues"),
    apps.get_model("archive", "HistoricalPosition_issues"): (Position, "issues"),
    apps.get_model("archive", "HistoricalKnownExchange_cn"): (KnownExchange, "cn"),
    apps.get_model("archive", "HistoricalKnownExchange_us"): (KnownExchange, "us"),
}


def dump(model):
    """Every row of a model in id order, as dicts of all fields with keys in place of ids.

    Written apart from archive.preservation so that the round trip is checked against the models,
    not against the exporter's own idea of them. Id order (rather than a sort) also checks that rows
    come back in the order they were made, on which default orderings break ties.
    """
    meta = model._meta
    rows = []
    for obj in model._base_manager.order_by("pk"):
        row = {}
        for f in meta.concrete_fields:
            if f.primary_key or f.name in DERIVED:
                continue
            if f.is_relation:
                target = getattr(obj, f.name)
                row[f.name] = None if target is None else getattr(target, NATURAL_KEYS[f.related_model])
            else:
                row[f.name] = getattr(obj, f.attname)
        for f in meta.many_to_many:
            row[f.name] = sorted(getattr(t, NATURAL_KEYS[f.related_model]) for t in getattr(obj, f.name).all())
        rows.append(row)
    return rows


def naming(model):
    """id -> what names a live row independently of ids: its natural key, or its rank in id order."""
    if model in NATURAL_KEYS:
        return dict(model._base_manager.values_list("pk", NATURAL_KEYS[model]))
    return {pk: ("row", n) for n, pk in enumerate(model._base_manager.order_by("pk").values_list("pk", flat=True))}


def dump_history(model):
    """Every version, in the order it was recorded, with every id put as naming() puts it.

    History rows get new ids on import, so they are compared by content; an id of a row that no longer
    exists (a deleted object's) must come back unchanged.
    """
    users = dict(get_user_model()._default_manager.values_list("pk", "username"))
    names = {}

    def name(target, value):
        if value is None:
            return None
        if target not in names:
            names[target] = naming(target)
        return names[target].get(value, ("deleted", value))

    parent = join = None
    if model in M2M_HISTORY:
        source, field = M2M_HISTORY[model]
        parent = {pk: n for n, pk in enumerate(source.history.model._base_manager.order_by("pk").values_list("pk", flat=True))}
        f = source._meta.get_field(field)
        through = f.remote_field.through
        join = {
            pk: (name(source, a), name(f.related_model, b))
            for pk, a, b in through._default_manager.values_list("pk", f"{f.m2m_field_name()}_id", f"{f.m2m_reverse_field_name()}_id")
        }
    rows = []
    for obj in model._base_manager.order_by("pk"):
        row = {}
        for f in model._meta.concrete_fields:
            value = getattr(obj, f.attname)
            if f.primary_key:
                continue
            if f.name == "history_user":
                row[f.name] = users.get(value)
            elif f.name == "history":
                row[f.name] = parent[value]
            elif f.name == "id":
                row[f.name] = join.get(value, ("deleted", value)) if join is not None else name(model.instance_type, value)
            elif f.is_relation:
                row[f.name] = name(f.related_model, value)
            else:
                row[f.name] = value
        rows.append(row)
    return rows


def dump_all():
    # The public flags and dates that facets derive are read as a reader's page reads them: derived.
    facets.refresh()
    return {
        **{model.__name__: dump(model) for model in CONTENT},
        **{model.__name__: dump_history(model) for model in [*HISTORY, *M2M_HISTORY]},
    }


def search_columns():
    return list(Article.objects.order_by("pk").values_list("raw_sha256", "search_text", "search_vector"))


def history_rows():
    return sum(model._base_manager.count() for model in [*HISTORY, *M2M_HISTORY])


def empty_archive():
    """What a freshly migrated database holds: no content, no history, the Edition row alone."""
    for model in reversed(CONTENT):
        model._base_manager.all().delete()
    for model in [*M2M_HISTORY, *HISTORY]:  # after the content: deleting records versions too
        model._base_manager.all().delete()
    assert not preservation.existing_rows()


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code, err = 1, io.StringIO(err.getvalue() + str(exc))
    return code, out.getvalue(), err.getvalue()


def edit_like_an_editor():
    """Changes editors make in the admin, each recorded in the history under its author's name, so
    that the round trip carries more than the extraction."""
    User = get_user_model()
    alice = User.objects.create_user("alice", password="x", is_staff=True)
    bob = User.objects.create_user("bob", password="x", is_staff=True)
    first, second, third = Article.objects.order_by("pk")[:3]
    first.title = "Tiêu đề do biên tập viên sửa"
    first.mark_edited(["title", "captions"])
    first.captions = [{"text": "Ảnh: hai bộ trưởng", "credit": "TTXVN"}, {"text": "Không có nguồn", "credit": None}]
    first._history_user, first._change_reason = alice, "Sửa tiêu đề"
    first.save()
    # The page it came from, as a WARC file (bytes the file must carry exactly).
    warc = bytes(range(256)) * 3
    Capture.objects.create(article=first, url="https://vov.vn/a", final_url="https://vov.vn/a-b", redirects=[
        [301, "https://vov.vn/a", "https://vov.vn/a-b"]], fetched_at=timezone.now(),
        warc=base64.b64encode(warc).decode(), warc_sha256=hashlib.sha256(warc).hexdigest())
    feed = Feed.objects.create(outlet=first.outlet, url="https://vov.vn/rss/the-gioi.rss", etag='"abc"')
    FeedItem.objects.create(feed=feed, link="https://vov.vn/a", title="Tin", outcome="imported", article=first)
    added = Position(
        article=first, side=PositionSide.JOINT, text="Hai bên nhất trí tiếp tục đối thoại.", order=99,
        origin=Origin.ADDED, body="Hai bên",
    )
    added._history_user = alice
    added.save()
    added.issues.set(Issue.objects.filter(slug__in=["taiwan", "trade-economy"]))
    added._history_user = alice
    added.save()  # the version that records its issues
    first.mark_edited(["positions"])
    first.save()
    first.refresh_search()

    # A statement an editor deleted: its versions, issues included, outlive it.
    gone = Position.objects.filter(article=second).order_by("pk").first()
    gone.issues.set(Issue.objects.filter(slug="taiwan"))
    gone._history_user = bob
    gone.save()
    gone._history_user = bob
    gone.delete()
    # An issue taken off an article: the version before still names it, by a join row now gone.
    second.issues.add(Issue.objects.get(slug="south-china-sea"))
    second._history_user = bob
    second.save()
    second.issues.remove(Issue.objects.get(slug="south-china-sea"))
    second._history_user = bob
    second.save()

    role = Role.objects.filter(end__isnull=False).order_by("pk").first()
    role.start, role.end = datetime.date(2001, 2, 3), datetime.date(2009, 8, 7)
    role.save()
    Role.objects.create(actor=role.actor, title="Cố vấn", title_en="Adviser", start=datetime.date(2010, 1, 1))

    actor = Actor.objects.get(slug="antony-blinken")
    actor.aliases = actor.aliases + "\nTony Blinken"
    actor._history_user = alice
    actor.save()

    second.status = Status.DRAFT
    second.save()

    link = RelatedLink.objects.filter(target__isnull=True).order_by("pk").first()
    link.target = third
    link.published_at = datetime.datetime(2021, 2, 6, 9, 30, 15, 123456, tzinfo=datetime.timezone.utc)
    link.save()

    # A creation time far from now, to the microsecond: restoring it as "now" could not pass unseen.
    Article.objects.filter(pk=third.pk).update(
        created_at=datetime.datetime(2020, 5, 17, 3, 4, 5, 678901, tzinfo=datetime.timezone.utc)
    )
    Outlet.objects.get_or_create(name="Báo Quốc tế", defaults={"url": "https://baoquocte.vn"})


@pytest.fixture
def edited(corpus):
    edit_like_an_editor()


@pytest.fixture
def exported(edited, tmp_path):
    path = tmp_path / "archive.jsonl"
    code, out, err = run("export_archive", path)
    assert code == 0, err
    return path


def records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write(path, lines):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")


# -- fixity ---------------------------------------------------------------------------------------


def test_verify_passes_a_clean_archive(corpus):
    code, out, err = run("verify_archive")
    assert (code, out.strip(), err) == (0, "checked 5, mismatches 0", "")
    assert run("verify_archive", "--quiet") == (0, "", "")


def test_verify_reports_a_row_changed_behind_the_models_back(corpus):
    article = Article.objects.order_by("pk")[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_article SET raw_text = raw_text || %s WHERE id = %s", [" ", article.pk])
    computed = preservation.sha256_of(article.raw_text + " ")
    code, out, err = run("verify_archive", "--quiet")
    assert code == 1
    assert f"article {article.pk} {article.slug}: stored {article.raw_sha256}, computed {computed}" in err
    assert "checked 5, mismatches 1" in err
    result = preservation.verify()
    assert (result.checked, [m.id for m in result.mismatches]) == (5, [article.pk])


def test_verify_reads_in_chunks(corpus):
    # Chunks smaller than the table: the streaming path, not one fetch, is what runs on a big archive.
    assert preservation.verify(chunk_size=2).checked == 5


# -- the file -------------------------------------------------------------------------------------


def test_every_archive_model_is_exported_or_derived():
    exported = {spec.model for spec in preservation.specs()}
    models = set(apps.get_app_config("archive").get_models())
    assert models == exported | preservation.DERIVED_MODELS, "a new model must be preserved or declared derived"


def test_the_file_has_a_header_then_rows_by_natural_key(exported):
    lines = records(exported)
    header, rows = lines[0], lines[1:]
    assert header["type"] == "archive" and header["format"] == 1
    assert header["counts"] == {spec.type: spec.model._base_manager.count() for spec in preservation.specs()}
    types = [r["type"] for r in rows]
    order = [spec.type for spec in preservation.specs()]
    assert types == sorted(types, key=order.index)
    assert all(not {"id", "search_text", "search_vector", "title_key"} & set(r) for r in rows)
    article = next(r for r in rows if r["type"] == "article")
    stored = Article.objects.get(raw_sha256=article["raw_sha256"])
    assert article["raw_text"] == stored.raw_text and article["created_at"] == stored.created_at.isoformat()
    assert article["edited_fields"] == stored.edited_fields and isinstance(article["issues"], list)
    target = next(r for r in rows if r["type"] == "related_link" and r["target"])
    assert Article.objects.filter(raw_sha256=target["target"]).exists()


# -- round trip -----------------------------------------------------------------------------------


def test_round_trip_restores_every_field(exported):
    before, searchable, versions = dump_all(), search_columns(), history_rows()
    edition = pagecache.edition()
    empty_archive()
    # An author whose account is gone by the time the archive is restored.
    get_user_model().objects.filter(username="bob").delete()

    code, out, err = run("import_archive", exported)

    assert code == 0, err
    assert "5 article" in out
    after = dump_all()
    for model in [*CONTENT, *HISTORY, *M2M_HISTORY]:
        assert after[model.__name__] == before[model.__name__], model.__name__
    assert history_rows() == versions  # the import itself recorded no version
    bob = get_user_model().objects.get(username="bob")
    assert not bob.is_active and not bob.has_usable_password()
    assert search_columns() == searchable
    assert Article.objects.search("biên tập viên sửa").count() == 1  # the edited title, searchable again
    assert pagecache.edition() > edition
    assert run("verify_archive", "--quiet") == (0, "", "")


def test_round_trip_through_stdout_and_stdin(edited, monkeypatch):
    before = dump_all()
    out = io.StringIO()
    call_command("export_archive", "-", stdout=out, stderr=io.StringIO())
    empty_archive()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(out.getvalue().encode("utf-8"))))
    code, _, err = run("import_archive", "-")
    assert code == 0, err
    assert dump_all() == before


def test_export_of_the_restored_archive_is_the_same_file(exported, tmp_path):
    empty_archive()
    assert run("import_archive", exported)[0] == 0
    again = tmp_path / "again.jsonl"
    assert run("export_archive", again)[0] == 0
    first, second = records(exported), records(again)
    # The restored database numbers its rows above the ids the first one had used.
    assert all(second[0]["ids_above"][t] > n for t, n in first[0]["ids_above"].items() if n)
    for header in first[0], second[0]:
        del header["exported_at"], header["ids_above"]
    assert first == second


def test_history_lines_name_authors_and_objects_by_key(exported):
    lines = records(exported)
    title = next(r for r in lines if r["type"] == "history.article" and r["history_change_reason"] == "Sửa tiêu đề")
    assert title["history_user"] == "alice" and title["history_type"] == "~"
    assert title["object"] == title["raw_sha256"] and "outlet" in title
    assert datetime.datetime.fromisoformat(title["history_date"]).utcoffset() is not None
    assert "id" not in title and "history_id" not in title
    deleted = [r for r in lines if r["type"] == "history.position" and "object_missing_id" in r]
    assert [r["history_type"] for r in deleted][-2:] == ["~", "-"] and deleted[-1]["history_user"] == "bob"
    assert len({r["object_missing_id"] for r in deleted}) == 1
    joins = [r for r in lines if r["type"] == "history.position.issues" and "join_missing_id" in r]
    assert {r["issue"] for r in joins} >= {"taiwan"}
    parents = {r["xid"] for r in lines if r["type"] == "history.position"}
    assert all(r["history"] in parents for r in lines if r["type"] == "history.position.issues")
    live = [r for r in lines if r["type"] == "position"]
    assert [r["xid"] for r in live] == list(range(1, len(live) + 1))


def test_a_new_row_never_takes_the_id_of_a_deleted_one(exported):
    lines = records(exported)
    deleted = next(r["object_missing_id"] for r in lines if r["type"] == "history.position" and "object_missing_id" in r)
    empty_archive()
    assert run("import_archive", exported)[0] == 0
    assert min(Position.objects.values_list("pk", flat=True)) > deleted
    article = Article.objects.order_by("pk").first()
    assert Position.objects.create(article=article, side=PositionSide.CN, text="x").pk > deleted


def test_bulk_search_refresh_matches_the_per_article_one(edited):
    Article.objects.update(search_text="", search_vector=None)
    preservation.refresh_search(batch_size=2)
    bulk = search_columns()
    for article in Article.objects.all():
        article.refresh_search()
    assert bulk == search_columns()
    assert all(text for _, text, _ in bulk)


# -- refusals -------------------------------------------------------------------------------------


def test_import_refuses_a_database_that_holds_an_archive(exported):
    before = dump_all()
    code, _, err = run("import_archive", exported)
    assert code == 1
    assert "already holds archive data" in err and "freshly migrated database" in err
    assert dump_all() == before


def test_import_refuses_even_the_shipped_reference_data_alone(exported, reference):
    for model in (RelatedLink, Position, Participation, Article, Outlet):
        model._base_manager.all().delete()
    code, _, err = run("import_archive", exported)
    assert code == 1 and "17 issue" in err
    assert not Article.objects.exists()


def _tamper_sha(lines):
    article = next(r for r in lines if r["type"] == "article")
    article["raw_text"] += "."
    return "does not match its raw_text"


def _unknown_type(lines):
    lines.insert(3, {"type": "tag", "slug": "x"})
    return "line 4: unknown type 'tag'"


def _missing_reference(lines):
    position = next(r for r in lines if r["type"] == "position")
    position["speaker"] = "nobody-at-all"
    return "refers to actor 'nobody-at-all', which is not in the file"


def _missing_target(lines):
    link = next(r for r in lines if r["type"] == "related_link" and r["target"])
    link["target"] = "0" * 64
    return "refers to article '" + "0" * 64


def _wrong_format(lines):
    lines[0]["format"] = 2
    return "line 1: format 2 is not one this version reads"


def _truncated(lines):
    last = lines.pop()["type"]
    n = lines[0]["counts"][last]
    return f"{last}: {n} announced, {n - 1} found"


def _unknown_field(lines):
    next(r for r in lines if r["type"] == "actor")["nickname"] = "x"
    return "actor has no field nickname"


def _bad_date(lines):
    next(r for r in lines if r["type"] == "role" and r["start"])["start"] = "2021-13-45"
    return "'start'"


def _naive_datetime(lines):
    next(r for r in lines if r["type"] == "article")["updated_at"] = "2021-02-06T10:00:00"
    return "UTC offset"


def _check_constraint(lines):
    next(r for r in lines if r["type"] == "article")["status"] = "secret"
    return "the database refused the article rows"


def _duplicate_article(lines):
    article = next(r for r in lines if r["type"] == "article")
    lines.insert(lines.index(article) + 1, dict(article, slug="ban-sao"))
    return "the database refused the article rows"


def _out_of_order(lines):
    outlet = next(r for r in lines if r["type"] == "outlet" and r["name"] == "Báo Quốc tế")  # no article cites it
    lines.remove(outlet)
    last_link = max(i for i, r in enumerate(lines) if r["type"] == "related_link")
    lines.insert(last_link + 1, outlet)
    return "outlet rows must come before related_link rows"


def _history_naive_date(lines):
    next(r for r in lines if r["type"] == "history.article")["history_date"] = "2021-02-06T10:00:00"
    return "'history_date'"


def _history_unknown_object(lines):
    version = next(r for r in lines if r["type"] == "history.position" and "object" in r)
    version["object"] = 10**6
    return "refers to position xid 1000000"


def _history_orphan(lines):
    version = next(r for r in lines if r["type"] == "history.position.issues")
    version["history"] = 10**6
    return '"history" must be the xid of a history.position row'


def _history_both_keys(lines):
    version = next(r for r in lines if r["type"] == "history.role")
    version["object_missing_id"] = 5
    return "needs one of 'object' and 'object_missing_id'"


@pytest.mark.parametrize("corrupt", [
    _tamper_sha, _unknown_type, _missing_reference, _missing_target, _wrong_format, _truncated, _unknown_field,
    _bad_date, _naive_datetime, _check_constraint, _duplicate_article, _out_of_order,
    _history_naive_date, _history_unknown_object, _history_orphan, _history_both_keys,
])
def test_a_corrupted_file_is_refused_and_leaves_the_database_unchanged(exported, corrupt):
    lines = records(exported)
    expected = corrupt(lines)
    write(exported, lines)
    empty_archive()
    edition = pagecache.edition()

    code, _, err = run("import_archive", exported)

    assert code == 1
    assert expected in err and "Nothing was imported" in err
    assert not preservation.existing_rows()
    assert pagecache.edition() == edition


def test_a_line_that_is_not_json_is_named(exported):
    text = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    text[7] = text[7][: len(text[7]) // 2] + "\n"
    exported.write_text("".join(text), encoding="utf-8")
    empty_archive()
    code, _, err = run("import_archive", exported)
    assert code == 1 and "line 8: not JSON" in err
    assert not preservation.existing_rows()


def test_an_empty_or_headless_file_is_refused(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert "the file is empty" in run("import_archive", empty)[2]
    write(empty, [{"type": "outlet", "name": "X", "slug": "x", "url": ""}])
    assert "must begin with" in run("import_archive", empty)[2]
    assert "cannot read" in run("import_archive", tmp_path / "missing.jsonl")[2]
