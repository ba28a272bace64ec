"""Arbitrary query strings on every public page: whatever a visitor or a crawler sends, never a server error.

tests/test_hostile_parameters.py holds the hand-picked cases; here Hypothesis generates them: any unicode
(NUL and lone surrogates' replacements included), huge values, repeated keys, every parameter name the
pages know, and raw, badly percent-encoded query strings.
"""
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

KNOWN = ["issue", "side", "actor", "speaker", "kind", "outlet", "year", "from", "to", "q", "order", "page", "format"]
PLAUSIBLE = ["taiwan", "hong-kong", "trade-economy", "CN", "US", "JOINT", "call", "meeting", "antony-blinken",
             "vuong-nghi", "vov", "2021", "2023-05-08", "oldest", "newest", "csv", "json", "1", "2", "-1", "0"]

# The cast (tests/cast.py) gives these pages real rows to filter; the article slug is added per test.
GROUPS = {
    "lists": ["/", "/en/", "/positions/", "/en/positions/"],
    "issues": ["/issues/", "/issues/taiwan/", "/en/issues/taiwan/", "/issues/taiwan/feed/"],
    "actors": ["/actors/", "/actors/antony-blinken/", "/en/actors/antony-blinken/"],
    "article and feed": ["ARTICLE", "/feed/"],
}

keys = st.one_of(st.sampled_from(KNOWN), st.sampled_from(KNOWN).map(str.upper), st.text(max_size=12))
values = st.one_of(
    st.text(max_size=40),  # any code point, NUL included
    st.sampled_from(PLAUSIBLE),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.from_regex(r"\A-?\d{1,6}-\d{1,3}-\d{1,3}\Z"),  # dates that are not
    # huge; a URL carries UTF-8, which has no lone surrogates (urlencode cannot write them)
    st.builds(lambda char, n: char * n, st.characters(codec="utf-8"), st.integers(min_value=1_000, max_value=30_000)),
)
pairs = st.lists(st.tuples(keys, values), max_size=10)
repeated = st.builds(lambda key, vals: [(key, v) for v in vals], st.sampled_from(KNOWN),
                     st.lists(values, min_size=2, max_size=30))
encoded = st.one_of(pairs, repeated).map(lambda items: urlencode(items, quote_via=quote))
# What a hand-typed or mangled URL looks like: stray %, invalid UTF-8 escapes, ; and & in odd places.
raw = st.text(alphabet="%&=;+?#abcfqxyz019AFZ.-_~\\\"'<>", max_size=60)
query_strings = st.one_of(encoded, raw, st.tuples(encoded, raw).map("&".join))


def body(response):
    # A streamed export fails only while it is read: read it all.
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def article_path(cast):
    return cast.taiwan_call.get_absolute_url()


@pytest.mark.parametrize("group", list(GROUPS))
def test_no_query_string_makes_a_server_error(client, article_path, group):
    paths = [article_path if p == "ARTICLE" else p for p in GROUPS[group]]

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(path=st.sampled_from(paths), query=query_strings)
    def check(path, query):
        # QUERY_STRING is what the server hands Django: bytes seen as latin-1.
        response = client.get(path, QUERY_STRING=query.encode("utf-8").decode("latin-1"))
        assert response.status_code < 500, (path, query)
        assert response.status_code in (200, 301, 302, 400, 404), (path, query, response.status_code)
        body(response)

    check()
