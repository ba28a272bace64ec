"""Article.objects.published().search(): diacritics ignored, every word required, ranked, on both databases."""
import datetime

import pytest
from django.db import connection

from archive import search
from archive.models import Article, Certainty, Position, PositionSide

pytestmark = pytest.mark.django_db


def found(query):
    return list(Article.objects.published().search(query).values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dai loan", {"taiwan_call", "burns_meeting"}),
        ("Đài Loan", {"taiwan_call", "burns_meeting"}),
        ("ĐÀI LOAN", {"taiwan_call", "burns_meeting"}),
        ("vuong nghi", {"gaza_call"}),
        ("Vương Nghị", {"gaza_call"}),
        ("blinken", {"taiwan_call", "gaza_call"}),
        ('"hai nha nuoc"', {"gaza_call"}),  # a phrase found only in a statement (weight B)
        ("tap can binh trump", {"trump_call"}),
        ("dai loan gaza", set()),  # every word must appear
        ("nhân quyền", {"taiwan_call"}),
    ],
)
def test_search_ignores_diacritics_and_needs_every_word(cast, query, expected):
    slugs = {getattr(cast, name).slug for name in expected}
    assert set(found(query)) == slugs


def test_drafts_are_never_found(cast):
    assert cast.draft.slug not in found("ban nhap bi mat")
    assert found("ban nhap bi mat") == []


def test_a_phrase_needs_its_words_together(cast):
    assert found('"loan dai"') == []
    assert found("loan dai")  # as two words, in any order


def test_bare_words_are_read_as_a_phrase_first(cast):
    # "đại sứ … hỗn loạn" has both syllables but is not about Taiwan.
    scattered = Article.objects.create(
        title="Đại sứ bàn về tình hình hỗn loạn", raw_text="Đại sứ bàn về tình hình hỗn loạn.", status="published",
    )
    scattered.refresh_search()
    assert scattered.slug not in found("dai loan")
    assert scattered.slug in found('"dai" loan')  # quotes ask for separate terms
    # No article has the three syllables together: the words are then looked for separately.
    assert set(found("vuong nghi blinken")) == {cast.gaza_call.slug}


def test_words_match_whole_syllables(cast):
    # "nghi" must not match inside "nghia", nor "loan" inside "loang".
    assert set(found("nghi")) == {cast.gaza_call.slug}


@pytest.mark.parametrize(
    "query",
    ["'; DROP TABLE archive_article; --", "%", "_", "\\", "(((", '"', "a" * 10_000, "dai " * 3_000, "!!! ???"],
)
def test_hostile_queries_are_just_text(cast, query):
    assert isinstance(found(query), list)
    assert Article.objects.count() == 5


def test_a_query_without_words_matches_nothing(cast):
    assert found("!!! ???") == []


def test_terms_are_folded_and_capped():
    assert search.terms('Đài Loan "Vương Nghị" Đài') == [("dai",), ("loan",), ("vuong", "nghi")]
    assert len(search.terms(" ".join(f"w{i}" for i in range(50)))) == search.MAX_TERMS
    assert search.terms("tu " * 1000 + "dai loan") == [("tu",)]  # only the first MAX_QUERY characters count


def test_title_matches_rank_first(cast):
    in_title = Article.objects.create(
        title="Vấn đề Đài Loan trong quan hệ Mỹ-Trung", raw_text="Đài Loan", status="published",
        event_date=datetime.date(2019, 1, 1), date_certainty=Certainty.EXACT,
    )
    results = found("dai loan")
    assert results[0] == in_title.slug  # the oldest exchange, but the only one with the words in its title
    assert set(results[1:]) == {cast.taiwan_call.slug, cast.burns_meeting.slug}


def test_statements_become_searchable_after_refresh_search(cast):
    article = cast.trump_call
    Position.objects.create(article=article, side=PositionSide.US, text="Đậu nành và đất hiếm.", order=9)
    assert found("dau nanh") == []  # statements are saved after the article…
    assert exchanges_found("dau nanh") == set()  # (a page in between derives the exchange's rows)
    article.refresh_search()  # …so whoever saves them refreshes the search columns once
    assert found("dau nanh") == [article.slug]
    assert exchanges_found("dau nanh") == {article.exchange_id}  # and its exchange's, at the next refresh


def test_saving_an_article_keeps_its_search_columns_current(cast):
    article = Article.objects.get(pk=cast.gaza_call.pk)
    article.title = "Điện đàm về Biển Đỏ"
    article.save()
    assert found("bien do") == [article.slug]
    assert "dien dam ve bien do" in Article.objects.get(pk=article.pk).search_text


def test_search_columns_per_database(cast):
    """PostgreSQL stores a tsvector behind a GIN index; SQLite keeps only the folded text."""
    article = Article.objects.get(pk=cast.taiwan_call.pk)
    assert article.search_text.startswith("quan chuc my-trung dien dam")
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Article._meta.db_table)
    if connection.vendor == "postgresql":
        assert "'dai':" in article.search_vector and "'loan':" in article.search_vector
        assert indexes["article_search_gin"]["type"] == "gin"
    else:
        assert article.search_vector is None
        assert "article_search_gin" not in indexes


def exchanges_found(query):
    """The published exchanges a search keeps on the timeline: their Profile rows (search.exchanges())."""
    from archive import facets
    from archive.models import Profile

    facets.refresh()
    return set(Profile.objects.filter(search.exchanges(search.read(query))).values_list("exchange_id", flat=True))


def test_an_exchange_is_found_by_its_reports_taken_together(cast):
    from archive import exchanges

    both = '"vuong nghi" "tap can binh"'  # one term in the Gaza call's report, the other in Trump's
    assert exchanges_found(both) == set() and found(both) == []
    gaza = Article.objects.get(pk=cast.gaza_call.pk)
    exchanges.merge(gaza.exchange, [Article.objects.get(pk=cast.trump_call.pk).exchange])
    assert exchanges_found(both) == {gaza.exchange_id}
    assert found(both) == []  # no single report has both
    assert exchanges_found("vuong nghi") == {gaza.exchange_id}


def test_the_timeline_search_follows_edits_and_unpublishing(client, cast):
    article = Article.objects.get(pk=cast.gaza_call.pk)
    assert exchanges_found("bien do") == set()
    article.title = "Điện đàm về Biển Đỏ"
    article.save()
    assert exchanges_found("bien do") == {article.exchange_id}
    response = client.get("/", {"q": "biển đỏ"})
    assert response.context["page"].paginator.count == 1
    article.status = "reviewed"
    article.save()
    assert exchanges_found("bien do") == set()
    assert exchanges_found("dai loan") == {cast.taiwan_call.exchange_id, cast.burns_meeting.exchange_id}


def test_the_exchanges_search_index_on_postgresql(cast):
    """The Profile rows' vector: a GIN index and, by design, no statistics (migration 0020)."""
    from archive import facets
    from archive.models import Profile

    facets.refresh()
    if connection.vendor != "postgresql":
        assert Profile.objects.get(exchange_id=cast.taiwan_call.exchange_id).vector is None
        return
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Profile._meta.db_table)
        cursor.execute("SELECT attstattarget FROM pg_attribute WHERE attrelid = 'archive_profile'::regclass "
                       "AND attname = 'vector'")
        assert cursor.fetchone()[0] == 0
    assert indexes["profile_search_gin"]["type"] == "gin"
    assert "'loan'" in Profile.objects.get(exchange_id=cast.taiwan_call.exchange_id).vector
