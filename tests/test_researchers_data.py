"""What researchers take away: the codebook and datapackage.json, event codes and Wikidata ids in the
exports, stable identifiers, safe spreadsheets, dataset releases and citations."""
import csv
import datetime
import hashlib
import io
import json

import bibtexparser
import pytest
import rispy
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from archive import codebook, eventcodes, exports, importer, preservation, releases
from archive.models import (
    Actor, Article, Certainty, Doubt, Exchange, Kind, Origin, Position, PositionSide, Side, Status,
)

pytestmark = pytest.mark.django_db
CORPUS = settings.BASE_DIR / "corpus"


def as_csv(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


def as_json(response):
    return json.loads(b"".join(response.streaming_content))


# -- the codebook ---------------------------------------------------------------------------------


def test_every_exported_column_is_in_the_codebook_in_order(client, cast):
    for url, resource in (("/", codebook.EXCHANGES), ("/positions/", codebook.STATEMENTS)):
        with_header = client.get(url, {"format": "csv"})
        header = next(csv.reader(io.StringIO(b"".join(with_header.streaming_content).decode())))
        assert header == resource.names
        rows = as_json(client.get(url, {"format": "json"}))
        assert rows and all(list(row) == resource.names for row in rows)
        package = {r["name"]: r for r in codebook.datapackage()["resources"]}
        assert [f["name"] for f in package[resource.name]["schema"]["fields"]] == resource.names


def test_allowed_values_are_the_models_choices():
    assert codebook.KINDS == Kind.values
    assert codebook.CERTAINTIES == Certainty.values
    assert codebook.STATEMENT_SIDES == PositionSide.values
    assert codebook.SIDES == Side.values
    assert codebook.DOUBTS == ["", *Doubt.values]
    assert codebook.ORIGINS == Origin.values
    assert set(codebook.KIND_DEFINITIONS) == set(Kind.values)
    assert set(codebook.CERTAINTY_DEFINITIONS) == set(Certainty.values)
    assert set(codebook.SIDE_DEFINITIONS) == set(PositionSide.values) | set(Side.values)


def test_exported_values_stay_within_the_allowed_ones(client, cast):
    for url, resource in (("/", codebook.EXCHANGES), ("/positions/", codebook.STATEMENTS)):
        rows = as_csv(client.get(url, {"format": "csv"}))
        for f in resource.fields:
            if f.values and not f.many:
                assert {row[f.name] for row in rows} <= set(f.values), f.name
            if f.required:
                assert all(row[f.name] != "" for row in rows), f.name


def test_the_datapackage_describes_keys_types_and_values(client):
    package = json.loads(client.get(reverse("archive:datapackage")).content)
    assert package["profile"] == "tabular-data-package"
    exchanges, statements = package["resources"]
    assert exchanges["path"] == "http://testserver/?format=csv" and exchanges["schema"]["primaryKey"] == "exchange_id"
    assert statements["path"] == "http://testserver/positions/?format=csv"
    assert statements["schema"]["foreignKeys"] == [
        {"fields": "exchange_id", "reference": {"resource": "exchanges", "fields": "exchange_id"}}]
    kind = next(f for f in exchanges["schema"]["fields"] if f["name"] == "kind")
    assert kind["constraints"]["enum"] == Kind.values
    event_date = next(f for f in exchanges["schema"]["fields"] if f["name"] == "event_date")
    assert event_date["type"] == "date"
    issues = next(f for f in exchanges["schema"]["fields"] if f["name"] == "issues")
    assert issues["type"] == "string" and '"; "' in issues["description"]


@pytest.mark.parametrize(("url", "meaning", "heading"), [
    ("/data/", "Ngày diễn ra cuộc trao đổi", "Danh mục vấn đề"),
    ("/en/data/", "The day the exchange took place", "Issue taxonomy"),
])
def test_the_codebook_page_in_each_language(client, reference, url, meaning, heading):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for resource in codebook.RESOURCES:
        for name in resource.names:
            assert f'id="{resource.name}-{name}"' in html
    assert meaning in html and heading in html
    assert "<code>taiwan</code>" in html and "eo biển Đài Loan" in html  # the taxonomy with its cues
    assert "Discuss by telephone" in html and "third-party" in html


# -- event codes and Wikidata ------------------------------------------------------------------------


def test_exchanges_carry_their_event_codes_and_wikidata_ids(client, cast):
    rows = {row["exchange"]: row for row in as_json(client.get("/", {"format": "json"}))}
    call = rows[cast.taiwan_call.exchange.slug]
    assert (call["cameo_code"], call["cameo_code_us"], call["plover_type"], call["plover_mode"]) == (
        "041", "041", "CONSULT", "phone")
    assert "Q7821917" in call["participants_wikidata"]  # Antony Blinken, from the shipped gazetteer
    meeting = Exchange.objects.get(pk=cast.burns_meeting.exchange_id)
    meeting.venue = "Bắc Kinh"
    meeting.save()
    row = {r["exchange"]: r for r in as_json(client.get("/", {"format": "json", "kind": "meeting"}))}[meeting.slug]
    assert (row["cameo_code"], row["cameo_code_us"], row["plover_mode"]) == ("043", "042", "visit")


def test_a_meeting_without_a_venue_takes_the_chronology_s_one_of_that_day(client, reference):
    from archive.models import KnownExchange

    known = KnownExchange.objects.filter(kind=Kind.MEETING, venue="Beijing, China").order_by("event_date").first()
    article = Article.objects.create(title="Hội đàm", raw_text="Hội đàm.", status=Status.PUBLISHED, kind=Kind.MEETING,
                                     event_date=known.event_date, date_certainty=Certainty.EXACT)
    (row,) = as_json(client.get("/", {"format": "json"}))
    assert row["exchange_id"] == Exchange.objects.get(pk=article.exchange_id).public_id
    assert (row["cameo_code"], row["cameo_code_us"], row["plover_mode"]) == ("043", "042", "visit")
    # A day of meetings in two countries leaves the place open.
    KnownExchange.objects.create(event_date=known.event_date, kind=Kind.MEETING, label="Elsewhere",
                                 venue="Washington, United States")
    from archive import pagecache

    pagecache.bump()
    (row,) = as_json(client.get("/", {"format": "json"}))
    assert (row["cameo_code"], row["plover_mode"]) == ("040", "")


def test_the_wikidata_identifier_is_checked_in_the_admin(admin_client, reference):
    actor = Actor.objects.get(slug="antony-blinken")
    url = reverse("admin:archive_actor_change", args=[actor.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="wikidata"' in page and 'value="Q7821917"' in page
    data = {"slug": actor.slug, "name": actor.name, "name_en": actor.name_en, "side": actor.side, "aliases": "",
            "wikidata": "7821917", "roles-TOTAL_FORMS": 0, "roles-INITIAL_FORMS": 0}
    response = admin_client.post(url, data)
    assert response.status_code == 200 and list(response.context["adminform"].form.errors) == ["wikidata"]
    assert "chữ Q rồi đến các chữ số" in response.content.decode()  # said in the admin's language
    actor.refresh_from_db()
    assert actor.wikidata == "Q7821917"


# -- stable identifiers -------------------------------------------------------------------------------


def test_statement_identifiers_survive_reextraction(reference):
    article = importer.import_text((CORPUS / "002_587915966a4c247b.txt").read_text(encoding="utf-8")).article
    before = list(article.positions.order_by("order").values_list("public_id", "text"))
    exchange = Exchange.objects.get(pk=article.exchange_id).public_id
    assert len(before) >= 9 and len({uid for uid, _ in before}) == len(before)
    importer.reextract(article)
    assert list(article.positions.order_by("order").values_list("public_id", "text")) == before
    assert Exchange.objects.get(pk=article.exchange_id).public_id == exchange


def test_an_editor_s_correction_keeps_the_statement_s_identifier(reference):
    article = importer.import_text((CORPUS / "002_587915966a4c247b.txt").read_text(encoding="utf-8")).article
    statement = article.positions.order_by("order").first()
    uid = statement.public_id
    statement.text = "Lời đã sửa."
    statement.origin = Origin.EDITED
    statement.save()
    statement.refresh_from_db()
    assert statement.public_id == uid
    added = Position.objects.create(article=article, side="CN", text=statement.text, origin=Origin.ADDED)
    assert added.public_id.startswith("st-") and added.public_id != uid


def test_an_archive_file_written_before_identifiers_gets_the_same_ones(corpus, tmp_path):
    from tests.test_preservation import empty_archive, records, run, write

    ids = sorted(Position.objects.values_list("public_id", flat=True))
    path = tmp_path / "archive.jsonl"
    assert run("export_archive", path)[0] == 0
    lines = [{k: v for k, v in r.items() if not (k == "public_id" and r["type"] in ("position", "history.position"))}
             for r in records(path)]
    write(path, lines)
    empty_archive()
    code, out, err = run("import_archive", path)
    assert code == 0, err
    assert sorted(Position.objects.values_list("public_id", flat=True)) == ids


# -- safe spreadsheets ----------------------------------------------------------------------------------


HOSTILE = ['=HYPERLINK("http://evil.example","bấm")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tTab",
           "\rReturn"]


def test_formulas_in_imported_text_are_neutralised_in_csv_but_not_in_json(client, reference):
    for n, text in enumerate(HOSTILE):
        article = Article.objects.create(
            title=text, raw_text=f"{text} {n}", lead=text, status=Status.PUBLISHED, kind=Kind.CALL,
            event_date=datetime.date(2024, 1, n + 1), date_certainty=Certainty.EXACT)
        Position.objects.create(article=article, side="CN", text=text)
    rows = as_csv(client.get("/", {"format": "csv"}))
    statements = as_csv(client.get("/positions/", {"format": "csv"}))
    assert sorted(row["title"] for row in rows) == sorted(f"'{text}" for text in HOSTILE)
    assert all(row["lead"].startswith("'") for row in rows)
    assert sorted(row["text"] for row in statements) == sorted(f"'{text}" for text in HOSTILE)
    assert sorted(row["title"] for row in as_json(client.get("/", {"format": "json"}))) == sorted(HOSTILE)
    assert exports.csv_cell(-2) == -2 and exports.csv_cell("Đài Loan") == "Đài Loan"


# -- releases -----------------------------------------------------------------------------------------------


def read_all(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://songphuong.example"


def test_a_release_needs_the_site_s_address(corpus, tmp_path, settings):
    settings.SITE_URL = ""
    with pytest.raises(releases.ReleaseError, match="SITE_URL"):
        releases.make("1.0", "2026-12-07", into=tmp_path)
    assert not list(tmp_path.iterdir())


def test_a_release_is_complete_checked_and_never_written_again(corpus, tmp_path, site):
    release = releases.make("1.0", "2026-12-07", into=tmp_path)
    names = {path.name for path in release.path.iterdir()}
    assert names == {*releases.DATA_FILES, "datapackage.json", "README.md", "CITATION.cff", "SHA256SUMS",
                     releases.MANIFEST}
    assert releases.sha256sums_ok(release.path)
    for line in (release.path / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((release.path / name).read_bytes()).hexdigest() == digest
    exchanges = list(csv.DictReader(io.StringIO((release.path / "exchanges.csv").read_text("utf-8"))))
    assert len(exchanges) == release.exchanges == Exchange.objects.published().count()
    statements = (release.path / "statements.jsonl").read_text("utf-8").splitlines()
    assert len(statements) == release.statements == Position.objects.filter(public=True).count() > 0
    assert {json.loads(s)["exchange_id"] for s in statements} <= {row["exchange_id"] for row in exchanges}
    assert "date-released: 2026-12-07" in (release.path / "CITATION.cff").read_text()
    assert all(row["permalink"].startswith("https://songphuong.example/exchanges/") for row in exchanges)
    assert release.path.stat().st_mode & 0o777 == 0o755  # the web server, another user, can read it
    before = read_all(release.path)
    Article.objects.update(title="Đã đổi sau khi phát hành")
    with pytest.raises(releases.ReleaseError, match="never written twice"):
        releases.make("1.0", "2026-12-08", into=tmp_path)
    assert read_all(release.path) == before
    assert [path.name for path in tmp_path.iterdir()] == ["1.0"]  # no half-written folder left behind


def test_the_same_archive_released_twice_differs_only_in_its_date(corpus, tmp_path, site):
    first = releases.make("2.0", "2026-12-07", into=tmp_path / "a")
    second = releases.make("2.0", "2027-01-15", into=tmp_path / "b")
    a, b = read_all(first.path), read_all(second.path)
    for name in releases.DATA_FILES:
        assert a[name] == b[name], name
    for name in ("datapackage.json", "README.md", "CITATION.cff"):
        assert a[name] != b[name]
        assert a[name].replace(b"2026-12-07", b"2027-01-15") == b[name], name


def test_the_command_and_the_data_page(client, corpus, tmp_path, settings, site):
    settings.RELEASES_DIR = tmp_path
    assert "No release has been made yet." in client.get("/en/data/").content.decode()  # now in the page cache
    out = io.StringIO()
    call_command("release_dataset", "2026.12", "--date", "2026-12-07", stdout=out)
    assert "release 2026.12 of 2026-12-07" in out.getvalue()
    with pytest.raises(CommandError, match="never written twice"):
        call_command("release_dataset", "2026.12")
    with pytest.raises(CommandError, match="not a version"):
        call_command("release_dataset", "../etc")
    html = client.get("/en/data/").content.decode()  # a cached /data/ is outdated by the release
    assert "2026.12" in html and "SHA-256" in html
    download = client.get(reverse("archive:release_file", args=["2026.12", "exchanges.csv"]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == (tmp_path / "2026.12" / "exchanges.csv").read_bytes()
    assert client.get(reverse("archive:release_file", args=["2026.12", "release.json"])).status_code == 404
    assert client.get("/data/releases/2026.12/..%2F..%2Fsettings.py").status_code == 404


# -- citations --------------------------------------------------------------------------------------------


def test_every_article_and_statement_can_be_cited(client, cast):
    article = cast.gaza_call
    statement = Position.objects.filter(article=article).first()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'id="{statement.public_id}"' in html and f'href="#{statement.public_id}"' in html
    assert "Song Phương. (2023, December 6)." in html  # the record, APA-like
    bib = client.get(reverse("archive:cite", args=[article.slug, "bibtex"]), {"statement": statement.public_id})
    (entry,) = bibtexparser.parse_string(bib.content.decode()).entries
    assert entry.key == statement.public_id and entry.fields_dict["url"].value.endswith(f"#{statement.public_id}")
    original = client.get(reverse("archive:cite", args=[article.slug, "ris"]), {"of": "original"})
    (ris,) = rispy.loads(original.content.decode())
    assert ris["type_of_reference"] == "NEWS" and "urls" not in ris  # the cast's article has no address
    Article.objects.filter(pk=article.pk).update(source_url="https://voh.com.vn/the-gioi/dien-dam-1.html")
    original = client.get(reverse("archive:cite", args=[article.slug, "ris"]), {"of": "original"})
    (ris,) = rispy.loads(original.content.decode())
    assert ris["urls"] == ["https://voh.com.vn/the-gioi/dien-dam-1.html"] and ris["secondary_title"] == "VOH"
    csl = json.loads(client.get(reverse("archive:cite", args=[article.slug, "csl"])).content)
    assert csl[0]["URL"] == f"http://testserver{article.get_absolute_url()}"
    assert client.get(reverse("archive:cite", args=[article.slug, "docx"])).status_code == 404
    assert client.get(reverse("archive:cite", args=[article.slug, "ris"]), {"statement": "st-nope"}).status_code == 404
    assert client.get(reverse("archive:cite", args=[cast.draft.slug, "ris"])).status_code == 404


# -- the query API ------------------------------------------------------------------------------------------


def pages(client, url, **query):
    """Every page of an API listing, following `next`; returns (rows, number of pages)."""
    rows, count, following = [], 0, None
    response = client.get(url, query)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["data"]
        count += 1
        following = body["next"]
        if not following:
            return rows, count
        assert f'<{following}>; rel="next"' in response["Link"]
        response = client.get(following)


def test_the_api_pages_through_with_the_pages_filters_and_field_names(client, cast):
    rows, count = pages(client, "/api/exchanges", limit=2)
    assert count == 2 and len(rows) == 4 and len({row["exchange_id"] for row in rows}) == 4
    assert all(list(row) == codebook.EXCHANGES.names for row in rows)
    assert {row["exchange_id"] for row in rows} == set(Exchange.objects.published().values_list("public_id", flat=True))
    taiwan, _ = pages(client, "/api/exchanges", issue="taiwan")
    assert {row["slug"] for row in taiwan} == {cast.taiwan_call.slug, cast.burns_meeting.slug}
    said, _ = pages(client, "/api/statements", side="US", limit=3)
    assert len(said) == 5 and {row["side"] for row in said} == {"US"}
    assert all(list(row) == codebook.STATEMENTS.names for row in said)
    response = client.get("/api/exchanges")
    assert 'rel="describedby"' in response["Link"] and response.json()["next"] is None


def test_rows_added_while_paging_never_shift_the_pages(client, cast):
    first = client.get("/api/exchanges", {"limit": 2}).json()
    Article.objects.create(title="Cuộc gọi mới", raw_text="Cuộc gọi mới.", status=Status.PUBLISHED, kind=Kind.CALL,
                           event_date=datetime.date(2019, 1, 1), date_certainty=Certainty.EXACT)
    rest, _ = pages(client, first["next"])
    seen = [row["exchange_id"] for row in first["data"] + rest]
    assert len(seen) == len(set(seen)) == 5  # none given twice, none skipped, the new one at the end
    assert rest[-1]["title"] == "Cuộc gọi mới"


def test_the_api_answers_304_until_the_archive_changes(client, cast):
    response = client.get("/api/exchanges", {"kind": "call"})
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/api/exchanges", {"kind": "call"}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/exchanges", {"kind": "call"}, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/api/exchanges", {"kind": "meeting"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    article = Article.objects.get(pk=cast.trump_call.pk)
    article.title = "Tiêu đề mới"
    article.save()
    again = client.get("/api/exchanges", {"kind": "call"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


@pytest.mark.parametrize("query", [{"cursor": "nonsense"}, {"cursor": "eyJhZnRlciI6ICJ4In0"}, {"limit": "0"},
                                   {"limit": "100000"}, {"issue": "no-such-issue"}, {"year": "abc"}])
def test_bad_api_input_is_a_400_that_says_why(client, cast, query):
    response = client.get("/api/exchanges", query)
    assert response.status_code == 400
    assert response.json()["error"].split(":")[0] in {*query, "cursor"}


def test_an_identifier_always_leads_to_its_page(client, cast):
    exchange = Exchange.objects.get(pk=cast.gaza_call.exchange_id)
    statement = Position.objects.filter(article=cast.gaza_call).first()
    assert client.get(f"/id/{exchange.public_id}/")["Location"] == exchange.get_absolute_url()
    assert client.get(f"/id/{statement.public_id}/")["Location"] == (
        f"{cast.gaza_call.get_absolute_url()}#{statement.public_id}")
    assert client.get("/en/id/ex-nothing/").status_code == 404
    draft = Position.objects.create(article=cast.draft, side="CN", text="Chưa công bố.")
    assert client.get(f"/id/{draft.public_id}/").status_code == 404
