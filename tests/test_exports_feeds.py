"""?format=csv|json on / and /positions/, the Atom feeds, and /healthz."""
import csv
import io
import json
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.db import OperationalError

from archive import exports, facets
from archive.models import Position, Status
from tests.cast import more_exchanges

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def body(response):
    assert response.streaming  # never built in memory
    return b"".join(response.streaming_content).decode("utf-8")


def as_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(body(response))))


def as_json(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(body(response))


def test_timeline_csv_has_every_filtered_row_not_one_page(client, cast):
    more_exchanges(30)
    rows = as_csv(client.get("/", {"issue": "taiwan", "format": "csv"}))
    assert len(rows) == 32  # the page shows 20
    assert list(rows[0]) == exports.EXCHANGE_FIELDS


def test_timeline_export_rows(client, cast):
    rows = as_json(client.get("/", {"issue": "taiwan", "format": "json"}))
    assert [row["slug"] for row in rows] == [cast.burns_meeting.slug, cast.taiwan_call.slug]
    taiwan = rows[1]
    assert list(taiwan) == exports.EXCHANGE_FIELDS
    # One row per exchange: its permalink, and its reports' (the cast's exchanges have one report each).
    assert taiwan["permalink"] == f"http://testserver/exchanges/{cast.taiwan_call.exchange.slug}/"
    assert taiwan["report_permalinks"] == [f"http://testserver/articles/{cast.taiwan_call.slug}/"]
    assert (taiwan["exchange"], taiwan["reports"], taiwan["outlets"]) == (cast.taiwan_call.exchange.slug, 1, ["VOV.VN"])
    assert taiwan["event_date"] == "2021-02-06" and taiwan["date_certainty"] == "exact"
    assert taiwan["participants_cn"] == ["Dương Khiết Trì"] and taiwan["participants_us"] == ["Antony Blinken"]
    assert sorted(taiwan["issues"]) == ["hong-kong", "taiwan", "xinjiang"]
    assert taiwan["outlet"] == "VOV.VN" and rows[0]["outlet"] is None


def test_csv_joins_lists_and_keeps_vietnamese(client, cast):
    rows = as_csv(client.get("/", {"actor": "duong-khiet-tri", "format": "csv"}))
    assert len(rows) == 1
    assert rows[0]["participants_cn"] == "Dương Khiết Trì"
    assert set(rows[0]["issues"].split("; ")) == {"taiwan", "hong-kong", "xinjiang"}
    assert rows[0]["title"] == cast.taiwan_call.title


def test_positions_export_follows_the_filters(client, cast):
    rows = as_csv(client.get("/positions/", {"side": "US", "format": "csv"}))
    assert list(rows[0]) == exports.POSITION_FIELDS
    assert len(rows) == Position.objects.filter(side="US", article__status=Status.PUBLISHED).count() == 5
    assert {row["side"] for row in rows} == {"US"}
    assert all(row["permalink"].startswith("http://testserver/articles/") for row in rows)
    data = as_json(client.get("/positions/", {"speaker": "vuong-nghi", "format": "json"}))
    statement = Position.objects.get(speaker__slug="vuong-nghi", article=cast.gaza_call)
    assert data == [{
        "permalink": f"http://testserver/articles/{cast.gaza_call.slug}/#{statement.public_id}",
        "article_slug": cast.gaza_call.slug,
        "article_title": cast.gaza_call.title,
        "event_date": "2023-12-06",
        "date_certainty": "exact",
        "kind": "call",
        "outlet": "VOH",
        "order": 0,
        "side": "CN",
        "speaker": "Vương Nghị",
        "speaker_slug": "vuong-nghi",
        "body": "",
        "issues": ["middle-east"],
        "text": "Cần ngừng bắn ngay lập tức tại Dải Gaza.",
        "span_start": None,  # the cast writes its statements by hand, with no offsets
        "span_end": None,
        "needs_review": "",
        "exchange": cast.gaza_call.exchange.slug,
        "exchange_permalink": f"http://testserver/exchanges/{cast.gaza_call.exchange.slug}/",
        "statement_id": statement.public_id,
        "exchange_id": cast.gaza_call.exchange.public_id,
        "origin": "extracted",
        "speaker_wikidata": "Q701801",
    }]
    assert statement.public_id.startswith("st-") and cast.gaza_call.exchange.public_id.startswith("ex-")


def test_an_empty_result_is_still_a_valid_file(client, cast):
    assert as_json(client.get("/", {"q": "khong co tu nay", "format": "json"})) == []
    assert as_csv(client.get("/", {"q": "khong co tu nay", "format": "csv"})) == []


def test_english_pages_export_the_same_permalinks(client, cast):
    rows = as_json(client.get("/en/", {"format": "json"}))
    assert rows and all(row["permalink"].startswith("http://testserver/exchanges/") for row in rows)
    assert all(link.startswith("http://testserver/articles/") for row in rows for link in row["report_permalinks"])


def test_export_queries_are_per_chunk_not_per_row(client, cast, django_assert_max_num_queries):
    more_exchanges(40)
    facets.refresh()  # derived once for the 40 new exchanges, as by the first page a reader opens
    with django_assert_max_num_queries(8):
        rows = as_csv(client.get("/", {"format": "csv"}))
    assert len(rows) == 44


def test_atom_feed_of_newly_published_exchanges(client, cast):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert sorted(titles) == sorted(article.title for article in cast.published)
    assert cast.draft.title not in titles
    links = {entry.find(f"{ATOM}link").get("href") for entry in entries}
    assert f"http://testserver/articles/{cast.taiwan_call.slug}/" in links


def test_issue_feed_only_has_that_issue(client, cast):
    feed = ET.fromstring(client.get("/issues/middle-east/feed/").content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert titles == [cast.gaza_call.title]
    assert "Middle East" in feed.find(f"{ATOM}title").text or "Trung Đông" in feed.find(f"{ATOM}title").text


def test_healthz_ok(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_says_503_when_the_database_is_unreachable(client, db):
    with mock.patch("archive.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"unavailable" in response.content
