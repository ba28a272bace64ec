"""The facet rows behind the timeline stay what a full derivation gives, whatever path changed the archive."""
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from archive import exchanges, facets, importer
from archive.models import Article, Exchange, Facet, FacetCount, FacetPair, Issue, Position, PositionSide, Profile, StaleFacet, Status
from tests.cast import listed, query_data

pytestmark = pytest.mark.django_db

TEXT = """Ngoại trưởng Vương Nghị điện đàm với Ngoại trưởng Mỹ Marco Rubio

(VOV) - Ngày 10/9/2025, Ngoại trưởng Trung Quốc Vương Nghị đã điện đàm với Ngoại trưởng Mỹ Marco Rubio.

Ông Vương Nghị nhấn mạnh vấn đề Đài Loan là lợi ích cốt lõi của Trung Quốc.
"""


def rows():
    return sorted(Facet.objects.values_list("exchange_id", "dimension", "value"))


def derived():
    """Everything facets.rebuild() derives: the rows and their weights, the kept counts, the public flags
    and dates."""
    return (
        sorted(Facet.objects.values_list("exchange_id", "dimension", "value", "weight")),
        sorted(FacetCount.objects.filter(exchanges__gt=0).values_list("dimension", "value", "exchanges", "statements")),
        sorted(FacetPair.objects.filter(exchanges__gt=0).values_list(
            "dimension", "value", "other", "other_value", "exchanges", "statements")),
        sorted(Exchange.objects.values_list("pk", "public")),
        sorted(Position.objects.values_list("pk", "public", "event_date", "exchange_id")),
        sorted(Profile.objects.values_list(
            "exchange_id", "kind", "year", "event_date", "issues", "sides", "said_cn", "said_us", "said_joint",
            "statements", "vector")),
    )


def kept_like_a_full_derivation():
    facets.refresh()
    assert not StaleFacet.objects.exists()
    incremental = derived()
    facets.rebuild()
    return incremental == derived()


def test_every_published_exchange_has_its_facets_and_no_draft_has_any(cast):
    facets.refresh()
    public = set(Exchange.objects.published().values_list("pk", flat=True))
    assert set(Facet.objects.filter(dimension=Facet.KIND).values_list("exchange_id", flat=True)) == public
    assert cast.draft.exchange_id not in {row[0] for row in rows()}
    taiwan = Issue.objects.get(slug="taiwan")
    said = set(Facet.objects.filter(dimension=Facet.SAID, value=facets.said(taiwan.pk, PositionSide.US))
               .values_list("exchange_id", flat=True))
    assert said == {cast.taiwan_call.exchange_id}  # Burns's statement carries no issue tag
    # The same in the exchange's one narrow row: the issues and who spoke on them, as bits.
    bit = 1 << facets.issue_bits(Issue.objects.values_list("pk", flat=True))[taiwan.pk]
    profile = Profile.objects.get(exchange_id=cast.taiwan_call.exchange_id)
    assert profile.issues & bit and profile.said_us & bit
    assert profile.sides == 0b111  # China, the United States and both sides spoke
    assert not Profile.objects.filter(exchange_id=cast.draft.exchange_id).exists()
    assert not Profile.objects.get(exchange_id=cast.gaza_call.exchange_id).said_us & bit
    assert profile.statements == Position.objects.filter(article=cast.taiwan_call).count() > 0
    # Each public statement carries its exchange; a draft's carries none.
    assert set(Position.objects.filter(article=cast.taiwan_call).values_list("exchange_id", flat=True)) == {
        cast.taiwan_call.exchange_id}
    assert set(Position.objects.filter(article=cast.draft).values_list("exchange_id", flat=True)) <= {None}


@pytest.mark.parametrize("change", [
    "publish", "unpublish", "statement", "statement tag", "article tag", "participant deleted", "kind",
    "admin unpublish", "import published", "merge", "split", "delete", "issue deleted",
])
def test_each_change_is_followed(client, cast, change):
    facets.refresh()
    before = rows()
    gaza = Article.objects.get(pk=cast.gaza_call.pk)
    if change == "publish":
        draft = Article.objects.get(pk=cast.draft.pk)
        draft.status = Status.PUBLISHED
        draft.save()
    elif change == "unpublish":
        gaza.status = Status.REVIEWED
        gaza.save()
    elif change == "statement":
        Position.objects.filter(article=gaza, side=PositionSide.JOINT).delete()
    elif change == "statement tag":
        Position.objects.filter(article=gaza).first().issues.add(Issue.objects.get(slug="korea"))
    elif change == "article tag":
        gaza.issues.add(Issue.objects.get(slug="korea"))
    elif change == "participant deleted":
        gaza.participations.first().delete()
    elif change == "kind":
        exchange = gaza.exchange
        exchange.kind = "meeting"
        exchange.save()
    elif change == "admin unpublish":
        client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw-for-tests-only"))
        response = client.post(reverse("admin:archive_article_changelist"), {
            "action": "unpublish", "_selected_action": [gaza.pk]})
        assert response.status_code == 302
    elif change == "import published":
        assert importer.import_text(TEXT, status=Status.PUBLISHED).outcome == "created"
    elif change == "merge":
        exchanges.merge(gaza.exchange, [Article.objects.get(pk=cast.trump_call.pk).exchange])
    elif change == "split":
        exchanges.merge(gaza.exchange, [Article.objects.get(pk=cast.trump_call.pk).exchange])
        facets.refresh()
        exchanges.split(Article.objects.get(pk=cast.trump_call.pk))
    elif change == "issue deleted":  # the issues after it move to another bit
        Issue.objects.get(slug="hong-kong").delete()
    else:
        Article.objects.get(pk=cast.burns_meeting.pk).delete()
    assert StaleFacet.objects.exists()
    assert kept_like_a_full_derivation()
    assert rows() != before


def test_a_draft_change_leaves_the_facets_alone(cast):
    facets.refresh()
    draft = Article.objects.get(pk=cast.draft.pk)
    draft.title = "Bản nháp sửa lại"
    draft.save()
    Position.objects.create(article=draft, side=PositionSide.US, text="Câu nháp.", order=9)
    assert not StaleFacet.objects.exists()


def test_the_timeline_reads_a_change_at_once(client, cast):
    assert cast.gaza_call.exchange.slug in listed(client.get("/", {"issue": "middle-east"}).content)
    gaza = Article.objects.get(pk=cast.gaza_call.pk)
    gaza.issues.clear()
    Position.issues.through.objects.filter(position__article=gaza).delete()  # no signal: marked by hand below
    facets.mark([gaza.exchange_id])
    response = client.get("/", {"issue": "middle-east"})
    assert cast.gaza_call.exchange.slug not in listed(response.content)
    assert "middle-east" not in {item["value"] for item in response.context["facets"]["issue"] if item["count"]}


@pytest.mark.parametrize("query", [{"issue": "arctic"}, {"issue": "arctic", "side": "CN"}, {"kind": "call"}])
def test_more_issues_than_profile_bits_are_counted_from_the_facet_rows(client, cast, query, monkeypatch):
    monkeypatch.setattr(Profile, "MAX_ISSUE_BIT", 3)  # fewer bits than the taxonomy's issues
    arctic = Issue.objects.create(slug="arctic", name_en="Arctic", name_vi="Bắc Cực")
    gaza = Article.objects.get(pk=cast.gaza_call.pk)
    gaza.issues.add(arctic)
    Position.objects.get(article=gaza, side=PositionSide.CN).issues.add(arctic)
    response = client.get("/", query)
    shown = listed(response.content)
    counts = {item["value"]: item["count"] for item in response.context["facets"]["issue"]}
    if "issue" in query:
        assert shown == [gaza.exchange.slug]
        assert counts["arctic"] == 1 and response.context["page"].paginator.count == 1
    else:  # the calls: Gaza, Taiwan, Trump
        assert len(shown) == 3 and counts["arctic"] == 1 and counts["taiwan"] == 1


@pytest.mark.parametrize("query", [
    {"side": "CN"}, {"issue": "taiwan"}, {"issue": "taiwan", "side": "US"}, {"kind": "call"}, {"year": "2019"},
    {"issue": "korea", "kind": "other", "year": "2021"}, {"issue": ["taiwan", "korea"], "side": "US", "year": "2021"},
    {"q": "trao doi", "side": "US"}, {"q": "trao doi", "issue": "korea"}, {"from": "2019-03-01", "kind": "other"},
    {"actor": "antony-blinken", "year": "2019"},
])
def test_the_facets_in_one_pass_over_profile_rows_equal_those_counted_from_the_facet_rows(cast, query, monkeypatch):
    from archive.filters import ExchangeFilter, exchange_facets
    from tests.cast import more_exchanges

    more_exchanges(6, issue="korea", year=2021)
    more_exchanges(4)
    facets.refresh()
    data = query_data(query)

    def counted():
        return exchange_facets(ExchangeFilter(data, queryset=Article.objects.published()))

    one_pass = counted()
    monkeypatch.setattr(ExchangeFilter, "by_profile", lambda self: False)  # one query per facet, Facet rows
    assert one_pass == counted()
    assert one_pass[1] > 0


@pytest.mark.parametrize("query", [
    {"issue": "korea"}, {"side": "CN"}, {"side": "JOINT"}, {"issue": "korea", "side": "US"}, {"kind": "other"},
    {"year": "2021"}, {"actor": "antony-blinken"}, {"outlet": "voh"},
])
def test_a_page_filtered_on_one_value_reads_the_kept_pair_counts_and_they_agree(cast, query, monkeypatch,
                                                                               django_assert_num_queries):
    from archive.filters import ExchangeFilter, exchange_facets
    from tests.cast import more_exchanges

    more_exchanges(6, issue="korea", year=2021)
    more_exchanges(4)
    # The pairs moved by the refresh of these exchanges, not derived whole.
    facets.refresh()
    data = query_data(query)

    def counted():
        filterset = ExchangeFilter(data, queryset=Article.objects.published())
        filterset.cleaned()
        filterset.issues()
        return filterset, exchange_facets(filterset)

    filterset, (paired, total) = counted()
    assert filterset.single_value() is not None and total > 0
    monkeypatch.setattr(ExchangeFilter, "single_value", lambda self: None)  # one pass over the Profile rows
    assert counted()[1] == (paired, total)
    monkeypatch.setattr(ExchangeFilter, "by_profile", lambda self: False)  # one query per facet, Facet rows
    assert counted()[1] == (paired, total)


def test_the_kept_pair_counts_are_read_in_two_queries_at_most(cast, django_assert_max_num_queries):
    from archive.filters import ExchangeFilter, exchange_facets

    facets.refresh()
    filterset = ExchangeFilter(query_data({"side": "CN"}), queryset=Article.objects.published())
    filterset.cleaned()
    filterset.issues()
    with django_assert_max_num_queries(2):  # the pairs of the side; the kept SAID counts of that side
        exchange_facets(filterset)


@pytest.mark.parametrize("query", [{"side": "CN"}, {"side": "US", "kind": "call"}])
def test_an_issue_beside_a_side_counts_what_choosing_it_lists(client, cast, query):
    # The count beside an issue, with a side chosen, is the exchanges where that side stated a position on
    # the issue: not those merely tagged with it.
    response = client.get("/", query)
    counts = {item["value"]: item["count"] for item in response.context["facets"]["issue"]}
    assert counts
    for slug, count in counts.items():
        assert client.get("/", {**query, "issue": slug}).context["page"].paginator.count == count
