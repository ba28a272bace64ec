"""/ — the timeline of exchanges: grouping, order, every filter, facets, active filters, bad input, query count."""
import pytest
from django.urls import reverse

from archive import facets

from tests.cast import listed, more_exchanges

pytestmark = pytest.mark.django_db
URL = reverse("archive:timeline")


def names(cast, slugs):
    by_slug = {article.slug: name for name, article in vars(cast).items() if hasattr(article, "slug") and hasattr(article, "raw_text")}
    return [by_slug.get(slug, slug) for slug in slugs]


def test_published_exchanges_newest_first_and_never_the_draft(client, cast):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(cast, listed(response.content)) == ["trump_call", "gaza_call", "burns_meeting", "taiwan_call"]
    assert cast.draft.title not in response.content.decode()


def test_oldest_first(client, cast):
    response = client.get(URL, {"order": "oldest"})
    assert names(cast, listed(response.content)) == ["taiwan_call", "burns_meeting", "gaza_call", "trump_call"]


def test_grouped_by_year_then_month(client, cast):
    html = client.get(URL).content.decode()
    headings = [html.index(text) for text in (
        '>2026</h2>', "Tháng 2 năm 2026", '>2023</h2>', "Tháng 12 năm 2023", "Tháng 5 năm 2023", '>2021</h2>',
        "Tháng 2 năm 2021",
    )]
    assert headings == sorted(headings)


def test_a_row_shows_date_kind_sides_issues_lead_and_link(client, cast):
    html = client.get(URL).content.decode()
    start = html.index('<article aria-labelledby="exchange-%d"' % cast.taiwan_call.exchange_id)
    row = html[start:html.index("</article>", start)]
    assert '<time datetime="2021-02-06">6/2/2021</time>' in row
    assert "Điện đàm" in row  # the kind, in Vietnamese
    assert 'href="/actors/duong-khiet-tri/"' in row and 'href="/actors/antony-blinken/"' in row
    assert 'class="participants__side side--cn"' in row and 'class="participants__side side--us"' in row
    assert 'href="/issues/taiwan/"' in row and 'href="/issues/xinjiang/"' in row
    assert cast.taiwan_call.lead in row
    assert f'href="{cast.taiwan_call.exchange.get_absolute_url()}"' in row  # the exchange, with all its reports


def test_an_inferred_year_is_marked(client, cast):
    html = client.get(URL).content.decode()
    trump = html[html.index('datetime="2026-02-04"'):html.index(cast.trump_call.title)]
    assert "năm suy đoán" in trump
    gaza = html[html.index('datetime="2023-12-06"'):html.index(cast.gaza_call.title)]
    assert "năm suy đoán" not in gaza


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"issue": "taiwan"}, ["burns_meeting", "taiwan_call"]),
        ({"issue": ["taiwan", "middle-east"]}, ["gaza_call", "burns_meeting", "taiwan_call"]),
        # With an issue, a side means "that side stated a position on it": Burns's statement has no issue tag.
        ({"issue": "taiwan", "side": "US"}, ["taiwan_call"]),
        ({"issue": "trade-economy", "side": "CN"}, ["trump_call"]),
        ({"issue": "middle-east", "side": "JOINT"}, ["gaza_call"]),
        ({"side": "JOINT"}, ["gaza_call", "taiwan_call"]),
        ({"actor": "antony-blinken"}, ["gaza_call", "taiwan_call"]),
        ({"actor": "vuong-nghi"}, ["gaza_call"]),
        ({"kind": "meeting"}, ["burns_meeting"]),
        ({"outlet": "vov-vn"}, ["taiwan_call"]),
        ({"year": "2023"}, ["gaza_call", "burns_meeting"]),
        ({"from": "2023-01-01", "to": "2023-12-31"}, ["gaza_call", "burns_meeting"]),
        ({"from": "2024-01-01"}, ["trump_call"]),
        ({"to": "2021-02-06"}, ["taiwan_call"]),
        ({"q": "dai loan"}, ["burns_meeting", "taiwan_call"]),
        ({"q": "vuong nghi"}, ["gaza_call"]),
        ({"q": "blinken", "order": "oldest"}, ["taiwan_call", "gaza_call"]),
        ({"issue": "trade-economy", "year": "2026", "kind": "call"}, ["trump_call"]),
        # Search, person and outlet together: one copy of their exchanges, then the other filters on it.
        ({"q": "blinken", "actor": "vuong-nghi"}, ["gaza_call"]),
        ({"actor": "antony-blinken", "outlet": "vov-vn"}, ["taiwan_call"]),
        ({"actor": "antony-blinken", "issue": "middle-east", "side": "CN"}, ["gaza_call"]),
    ],
)
def test_filters(client, cast, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    shown = names(cast, listed(response.content))
    assert sorted(shown) == sorted(expected)
    if "q" not in query:
        assert shown == expected  # in timeline order


@pytest.mark.parametrize(
    "query",
    [
        {"issue": "no-such-issue"},
        {"side": "MARS"},
        {"actor": "nobody"},
        {"kind": "phone"},
        {"outlet": "nowhere"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"from": "2021-13-45"},
        {"to": "yesterday"},
        {"order": "random()"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "999"},
        {"q": "x" * 10_000},
        {"q": "'; DROP TABLE archive_article; --"},
        {"q": "\x00"},
        {"issue": "' OR 1=1 --"},
        {"format": "xml"},
    ],
)
def test_bad_parameters_never_break_the_page(client, cast, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_a_rejected_value_is_shown_as_an_error_and_ignored(client, cast):
    response = client.get(URL, {"year": "abc", "issue": "taiwan"})
    html = response.content.decode()
    assert 'class="errorlist"' in html
    assert names(cast, listed(response.content)) == ["burns_meeting", "taiwan_call"]  # the issue still applies
    assert 'class="chip chip--invalid"' in html  # and the bad year can be removed


def test_active_filters_each_with_a_link_that_removes_it(client, cast):
    html = client.get(URL, {"issue": ["taiwan", "middle-east"], "kind": "call", "page": "1"}).content.decode()
    assert '<span>Vấn đề: <strong>Đài Loan</strong></span>' in html
    assert 'href="?issue=middle-east&amp;kind=call"' in html  # removes Taiwan, keeps the rest, drops the page
    assert 'href="?issue=taiwan&amp;kind=call"' in html
    assert 'href="?issue=taiwan&amp;issue=middle-east"' in html  # removes the kind


def test_facet_counts_beside_issue_kind_and_year(client, cast):
    response = client.get(URL, {"kind": "call"})
    facets = response.context["facets"]
    issues = {item["value"]: item["count"] for item in facets["issue"]}
    assert issues == {"taiwan": 1, "hong-kong": 1, "xinjiang": 1, "middle-east": 1, "trade-economy": 1}
    # A facet counts with the other filters kept and its own left out: every kind stays choosable.
    assert {item["value"]: item["count"] for item in facets["kind"]} == {"call": 3, "meeting": 1}
    assert [(item["value"], item["count"]) for item in facets["year"]] == [("2026", 1), ("2023", 1), ("2021", 1)]
    html = response.content.decode()
    assert '<option value="meeting">Gặp gỡ (1)</option>' in html
    assert '<option value="call" selected>Điện đàm (3)</option>' in html
    assert '<label for="issue-taiwan">Đài Loan <span class="count">1</span></label>' in html


def test_a_selected_choice_with_no_results_is_still_listed(client, cast):
    facets = client.get(URL, {"issue": "tibet"}).context["facets"]
    assert {"value": "tibet", "label": "Tây Tạng", "count": 0, "selected": True} in facets["issue"]


def test_no_results_gives_a_hint(client, cast):
    html = client.get(URL, {"q": "khong co tu nay"}).content.decode()
    assert "0 cuộc trao đổi" in html
    assert 'class="no-results"' in html
    assert "Bỏ bớt một bộ lọc" in html


def test_pagination_keeps_the_filters(client, cast):
    more_exchanges(25)
    response = client.get(URL, {"issue": "taiwan", "kind": "other"})
    html = response.content.decode()
    assert len(listed(html)) == 20
    assert 'href="?issue=taiwan&amp;kind=other&amp;page=2"' in html
    assert "Hiển thị 1–20 trên 25" in html
    second = client.get(URL, {"issue": "taiwan", "kind": "other", "page": "2"})
    assert len(listed(second.content)) == 5
    assert 'href="?issue=taiwan&amp;kind=other&amp;page=1"' in second.content.decode()


@pytest.mark.parametrize("extra", [0, 30])
def test_query_count_does_not_grow_with_the_page(client, cast, django_assert_num_queries, extra):
    more_exchanges(extra)
    facets.refresh()  # the facets of the exchanges just made, derived once whatever their number
    # 1 the archive's edition (page cache), 1 stale facets (none), 1 issue slugs checked by the form,
    # 1 every issue (names, and whether each has its bit), 1 the issue facet (the archive's kept counts:
    # no filter but its own), 1 kinds and years in one pass (the kinds' sum is the count the paginator
    # shows), 2 select options (actors, outlets), 2 page of exchanges (its keys, then its rows), 1 their
    # published reports with outlets, 1 participants with actors, 1 issue tags.
    with django_assert_num_queries(13):
        response = client.get(URL, {"issue": ["taiwan", "trade-economy"]})
    assert len(listed(response.content)) == min(20, 3 + extra)


def test_a_search_too_common_to_rank_comes_newest_first_and_says_so(client, cast, monkeypatch):
    from archive.filters import ExchangeFilter

    ranked = client.get(URL, {"q": "Blinken"})  # another URL: the page cache keeps each
    assert 'class="search-order"' not in ranked.content.decode()
    monkeypatch.setattr("archive.filters.RANK_LIMIT", 1)
    monkeypatch.setattr(ExchangeFilter, "rank_limit", 1)
    response = client.get(URL, {"q": "blinken"})
    assert names(cast, listed(response.content)) == ["gaza_call", "taiwan_call"]  # 2023, then 2021
    html = response.content.decode()
    assert 'class="search-order"' in html and "Hơn 1 cuộc trao đổi khớp" in html
    assert {item["value"]: item["count"] for item in response.context["facets"]["year"]} == {"2023": 1, "2021": 1}
    oldest = client.get(URL, {"q": "blinken", "order": "oldest"})
    assert names(cast, listed(oldest.content)) == ["taiwan_call", "gaza_call"]
    # A filter that leaves few enough ranks them again, as the note advises.
    narrowed = client.get(URL, {"q": "blinken", "year": "2023"})
    assert 'class="search-order"' not in narrowed.content.decode()
    assert names(cast, listed(narrowed.content)) == ["gaza_call"]


def test_a_search_with_filters_pages_and_counts_within_its_matches(client, cast, monkeypatch):
    more_exchanges(25)
    monkeypatch.setattr("archive.filters.RANK_LIMIT", 5)  # listed by date, read from the search's own rows
    response = client.get(URL, {"q": "trao doi", "issue": "taiwan"})
    # The 25 new exchanges and the Taiwan call, whose text says "trao đổi" too.
    assert "Hiển thị 1–20 trên 26" in response.content.decode()
    assert {item["value"]: item["count"] for item in response.context["facets"]["kind"]} == {"other": 25, "call": 1}
    second = client.get(URL, {"q": "trao doi", "issue": "taiwan", "page": "2"})
    assert len(listed(second.content)) == 6
    assert not set(listed(second.content)) & set(listed(response.content))


@pytest.mark.parametrize("copied", [False, True], ids=["profile rows", "copied rows"])
def test_two_searches_in_one_request_keep_their_own_matches(cast, monkeypatch, copied):
    from archive.filters import ExchangeFilter, exchange_facets, exchange_keys
    from archive.models import Article

    monkeypatch.setattr("archive.filters.RANK_LIMIT", 0)  # both listed from their own rows
    monkeypatch.setattr(ExchangeFilter, "copies_search", copied)
    facets.refresh()
    taiwan = ExchangeFilter({"q": "dai loan"}, queryset=Article.objects.published())
    gaza = ExchangeFilter({"q": "vuong nghi"}, queryset=Article.objects.published())
    # Both matched before either is read: each reads its own rows.
    assert taiwan.search_hits().count() == 2 and gaza.search_hits().count() == 1
    assert list(exchange_keys(taiwan).values_list("pk", flat=True)) == [
        cast.burns_meeting.exchange_id, cast.taiwan_call.exchange_id]  # newest first
    assert list(exchange_keys(gaza).values_list("pk", flat=True)) == [cast.gaza_call.exchange_id]
    assert exchange_facets(gaza)[1] == 1 and exchange_facets(taiwan)[1] == 2


def test_a_search_runs_as_many_queries_whatever_the_number_of_matches(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        facets.refresh()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"q": "trao doi", "page": "2"})
        assert response.status_code == 200
        return len(captured)

    more_exchanges(3)
    few = queries()
    more_exchanges(40, issue="xinjiang")
    assert queries() == few
