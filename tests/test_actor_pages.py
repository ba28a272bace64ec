"""/actors/ and /actors/<slug>/ — people by side, their dated roles, exchanges and statements."""
import pytest
from django.urls import reverse

from archive import facets
from tests.cast import listed, more_exchanges

pytestmark = pytest.mark.django_db


def test_people_grouped_by_side_with_their_counts(client, cast):
    response = client.get("/en/actors/")
    assert response.status_code == 200
    groups = dict(response.context["groups"])
    china = {actor.slug: actor for actor in groups["China"]}
    america = {actor.slug: actor for actor in groups["United States"]}
    assert "duong-khiet-tri" in china and "antony-blinken" in america
    blinken = america["antony-blinken"]
    assert (blinken.exchanges, blinken.statements) == (2, 2)  # the draft never counts
    assert (china["vuong-nghi"].exchanges, china["vuong-nghi"].statements) == (1, 1)
    html = response.content.decode()
    assert '<a class="actor-card__name" href="/en/actors/antony-blinken/">Antony Blinken</a>' in html
    assert "Secretary of State" in html  # the latest role, in the page's language


def test_a_person_with_dated_roles_exchanges_and_statements(client, cast):
    response = client.get("/en/actors/antony-blinken/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Antony Blinken</h1>" in html
    assert '<time datetime="2021-01-26">26 January 2021</time>' in html  # took office as Secretary of State
    assert listed(html) == [cast.gaza_call.slug, cast.taiwan_call.slug]
    assert "Mỹ ủng hộ giải pháp hai nhà nước." in html and "Mỹ sẽ tiếp tục đấu tranh" in html
    assert "2 statements" in html


def test_vietnamese_names_on_vietnamese_pages(client, cast):
    html = client.get("/actors/duong-khiet-tri/").content.decode()
    assert "<h1>Dương Khiết Trì</h1>" in html
    assert '<p class="other-name" lang="en">Yang Jiechi</p>' in html


def test_many_statements_link_to_the_explorer(client, cast):
    more_exchanges(12)
    html = client.get("/en/actors/antony-blinken/").content.decode()
    assert "14 statements" in html
    assert 'href="/en/positions/?speaker=antony-blinken"' in html
    assert html.count('class="statement side--') == 10


def test_unknown_person_is_not_found(client, cast):
    assert client.get("/actors/khong-ai-ca/").status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_query_counts_do_not_grow_with_the_data(client, cast, django_assert_max_num_queries, extra):
    more_exchanges(extra)
    facets.refresh()  # the facets of the exchanges just made, derived once whatever their number
    # The edition, the stale facets (none), the kept counts of exchanges and of statements, the actors
    # and their roles.
    with django_assert_max_num_queries(6):
        assert client.get(reverse("archive:actors")).status_code == 200
    # Its exchanges come with their published reports (a query more than articles alone); the stale
    # facets and the two kept counts stand where the counting queries stood.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("archive:actor", args=["antony-blinken"])).status_code == 200
