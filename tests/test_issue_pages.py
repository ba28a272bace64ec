"""/issues/ (counts and the per-year chart) and /issues/<slug>/ (what each side said, by date)."""
import re

import pytest
from django.urls import reverse

from archive import facets
from tests.cast import listed, more_exchanges

pytestmark = pytest.mark.django_db


def test_every_issue_is_listed_with_its_counts(client, cast):
    response = client.get("/en/issues/")
    assert response.status_code == 200
    issues = {issue.slug: issue for issue in response.context["issues"]}
    assert len(issues) == 17  # the whole taxonomy, discussed or not
    taiwan = issues["taiwan"]
    # Tagged: the Taiwan call and the Burns meeting (the draft never counts); statements tagged Taiwan.
    assert (taiwan.exchanges, taiwan.said_cn, taiwan.said_us) == (2, 1, 1)
    assert (issues["climate"].exchanges, issues["climate"].said_cn) == (0, 0)
    html = response.content.decode()
    assert '<a href="/en/issues/taiwan/">Taiwan</a>' in html


def test_the_chart_is_an_svg_with_a_cell_per_issue_and_year(client, cast):
    html = client.get("/en/issues/").content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg  # named for screen readers
    for year in range(2021, 2027):  # every year from the first to the last, gaps included
        assert f">{year}</text>" in svg
    # Each cell is labelled with its issue, year and count, and links to those exchanges.
    assert re.search(r'href="/en/\?issue=taiwan&amp;year=2023".*?Taiwan, 2023: 1', svg, re.S)
    assert re.search(r'Trade and economy, 2026: 1', svg)


def test_no_chart_without_dated_exchanges(client, reference):
    html = client.get("/en/issues/").content.decode()
    assert "<svg" not in html


def test_one_issue_statement_by_statement_by_side(client, cast):
    response = client.get("/en/issues/taiwan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Taiwan</h1>" in html
    assert "2 exchanges" in html and "China: 1 statement<" in html and "United States: 1 statement<" in html
    # Only statements tagged Taiwan, never the draft's; each links to its article.
    assert "Không cho phép bất cứ thế lực bên ngoài nào" in html
    assert "Trung Quốc phải chịu trách nhiệm" in html
    assert "Mỹ sẽ tiếp tục đấu tranh cho nhân quyền" not in html
    assert "Bản nháp bí mật" not in html
    assert f'href="/en/articles/{cast.taiwan_call.slug}/"' in html


def test_statements_by_date_newest_first_or_oldest_first(client, cast):
    more_exchanges(2, issue="taiwan", year=2019)
    newest = listed(client.get("/issues/taiwan/").content, "said__title")
    assert newest[0] == cast.taiwan_call.slug and len(newest) == 3
    oldest = listed(client.get("/issues/taiwan/", {"order": "oldest"}).content, "said__title")
    assert oldest == list(reversed(newest))


def test_unknown_issue_is_not_found(client, cast):
    assert client.get("/issues/atlantis/").status_code == 404
    assert client.get("/issues/atlantis/feed/").status_code == 404


def test_bad_page_numbers_give_a_page(client, cast):
    for value in ("abc", "-3", "99999"):
        assert client.get("/issues/taiwan/", {"page": value}).status_code == 200


@pytest.mark.parametrize("extra", [0, 30])
def test_query_counts_do_not_grow_with_the_data(client, cast, django_assert_max_num_queries, extra):
    more_exchanges(extra)
    facets.refresh()  # the facets of the exchanges just made, derived once whatever their number
    # The edition, the stale facets (none), then the kept counts: exchanges per issue, statements per
    # issue and side, exchanges per issue and year; and the issues.
    with django_assert_max_num_queries(6):
        assert client.get(reverse("archive:issues")).status_code == 200
    # The edition, the stale facets, the issue, its statements by side and its exchanges (kept
    # counts), the page's keys, its statements, their issue tags.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("archive:issue", args=["taiwan"])).status_code == 200
