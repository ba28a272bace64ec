"""/positions/ — the statements explorer: the timeline's filters read for statements, plus `speaker`."""
import re

import pytest

from archive import facets, pagecache
from archive.models import Position, Status
from tests.cast import more_exchanges, query_data

pytestmark = pytest.mark.django_db
URL = "/positions/"


def rows(response):
    """The statements' texts, in table order."""
    html = response.content.decode()
    return re.findall(r'<td data-label="[^"]*"><span lang="vi">(.*?)</span>', html)


def test_every_public_statement_newest_exchange_first(client, cast):
    response = client.get(URL)
    assert response.status_code == 200
    public = Position.objects.filter(article__status=Status.PUBLISHED)
    assert len(rows(response)) == public.count() == 12
    assert rows(response)[0].startswith("Trung Quốc nhất quán")  # the 2026 call
    assert "Bản nháp bí mật không được công bố." not in rows(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # issue, side and speaker apply to the statement itself...
        ({"issue": "taiwan"}, 2),
        ({"issue": "taiwan", "side": "US"}, 1),
        ({"side": "JOINT"}, 2),
        ({"speaker": "antony-blinken"}, 2),
        ({"speaker": "antony-blinken", "issue": "middle-east"}, 1),
        # ...every other filter to the article that reports it.
        ({"actor": "vuong-nghi"}, 3),
        ({"kind": "meeting"}, 2),
        ({"outlet": "voh"}, 3),
        ({"year": "2023"}, 5),
        ({"from": "2026-01-01"}, 2),
        ({"q": "dai loan"}, 7),  # statements of the articles that mention Taiwan
        ({"q": "vuong nghi", "side": "CN"}, 1),
    ],
)
def test_filters(client, cast, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert len(rows(response)) == expected


def test_unknown_speaker_is_an_error_not_a_crash(client, cast):
    response = client.get(URL, {"speaker": "nobody", "side": "US"})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert len(rows(response)) == 5  # the valid side filter still applies


def test_paginated_fifty_a_page_saying_where_you_are(client, cast):
    more_exchanges(60)
    first = client.get(URL, {"speaker": "antony-blinken"})
    assert len(rows(first)) == 50
    assert first.context["page"].paginator.count == 62
    assert 'href="?speaker=antony-blinken&amp;page=2"' in first.content.decode()
    assert len(rows(client.get(URL, {"speaker": "antony-blinken", "page": "2"}))) == 12


@pytest.mark.parametrize("extra", [0, 60])
def test_query_count_does_not_grow_with_the_page(client, cast, django_assert_num_queries, extra):
    more_exchanges(extra)
    facets.refresh()  # the facets of the exchanges just made, derived once whatever their number
    # The edition, the stale facets (none), the issue checked by the form, the issues' names; the
    # facets and the total from the kept weights (issue; kinds and years, paired; total); the page's
    # keys, its statements, their issue tags; the select options (speakers, people, outlets).
    with django_assert_num_queries(13):
        response = client.get(URL, {"issue": "taiwan"})
    assert len(rows(response)) == min(50, 2 + extra)


@pytest.mark.parametrize("query", [
    {"issue": "korea"}, {"side": "CN"}, {"issue": "taiwan", "side": "US"}, {"issue": "taiwan", "side": "US", "year": "2019"},
    {"q": "trao doi"},
    {"q": "trao doi", "kind": "other"}, {"actor": "antony-blinken", "year": "2021"},
    {"issue": "korea", "kind": "other", "from": "2021-03-01"}, {"side": "US", "q": "trao doi", "year": "2019"},
])
def test_the_statements_kinds_years_and_total_in_one_pass_equal_those_counted_from_the_facet_rows(
        cast, query, monkeypatch):
    from archive import facets
    from archive.filters import ExchangeFilter, PositionFilter, facet_counts, statement_facets
    from archive.models import Position
    from tests.cast import more_exchanges

    more_exchanges(6, issue="korea", year=2021)
    more_exchanges(4)
    facets.refresh()
    data = query_data(query)

    def counted():
        return statement_facets(PositionFilter(data, queryset=Position.objects.all()))

    one_pass = counted()
    # Counted statement by statement, as for a speaker: the facets' weights must agree with the rows.
    by_statement = PositionFilter(data, queryset=Position.objects.all())
    by_statement.cleaned()  # validated first, as the page does
    assert one_pass[0] == facet_counts(by_statement)
    monkeypatch.setattr(ExchangeFilter, "by_profile", lambda self: False)  # the Facet rows, facet by facet
    assert one_pass == counted()
    assert one_pass[1] > 0


@pytest.mark.parametrize("query", [{"q": "trao doi"}, {"q": "trao doi", "side": "US"}, {"q": "trao doi", "year": "2019"}])
def test_a_common_search_read_from_the_profile_rows_lists_and_counts_as_a_copied_one(client, cast, query, monkeypatch):
    from archive.filters import PositionFilter

    more_exchanges(8)
    copied = client.get("/positions/", query)
    assert not copied.context["filter"].large_search()
    monkeypatch.setattr(PositionFilter, "COPY_LIMIT", 0)  # every search too large to copy: joined by hash
    pagecache.bump()
    direct = client.get("/positions/", query)
    assert direct.context["filter"].large_search()
    assert rows(direct) == rows(copied) and rows(direct)
    assert direct.context["facets"] == copied.context["facets"]
    assert direct.context["page"].paginator.count == copied.context["page"].paginator.count


def test_joining_by_hash_leaves_the_connection_as_it_found_it(cast):
    from django.db import connection

    def planner():
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            settings = []
            for name in facets.HASHED:
                cursor.execute(f"SHOW {name}")
                settings.append(cursor.fetchone()[0])
            return settings

    before = planner()
    with pytest.raises(ZeroDivisionError):
        with facets.hashed():
            1 / 0
    assert planner() == before  # an error in between puts them back too
    with facets.hashed():
        assert planner() in (list(facets.HASHED.values()), None)
    assert planner() == before
