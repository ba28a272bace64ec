"""/articles/<slug>/ — the facts, both sides' statements side by side, related news, original text, citation."""
import re

import pytest
from django.utils import translation

from archive.models import Position, PositionSide, RelatedLink

pytestmark = pytest.mark.django_db


def page(client, article, language="vi"):
    with translation.override(language):
        url = article.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def statements(html):
    """(side class, text) of each statement, in page order."""
    return re.findall(r'<div class="position side--(\w+)"[^>]*>.*?<blockquote class="position__text"><p>(.*?)</p>', html, re.S)


def test_the_facts_of_the_exchange(client, cast):
    html = page(client, cast.taiwan_call, "en")
    assert f"<h1 id=\"article-title\" lang=\"vi\">{cast.taiwan_call.title}</h1>" in html
    assert cast.taiwan_call.lead in html
    assert '<time datetime="2021-02-06">6 February 2021</time>' in html
    assert "Exact" in html  # the date's certainty
    assert 'href="https://vov.vn/the-gioi/quan-chuc-my-trung-dien-dam-835181.vov"' in html
    assert "VOV.VN" in html
    assert "Taking part for China" in html and 'href="/en/actors/duong-khiet-tri/"' in html
    assert "Taking part for United States" in html and 'href="/en/actors/antony-blinken/"' in html


def test_statements_in_the_articles_order_each_in_its_sides_column(client, cast):
    html = page(client, cast.taiwan_call)
    expected = [
        (position.side.lower(), position.text)
        for position in Position.objects.filter(article=cast.taiwan_call).order_by("order")
    ]
    assert statements(html) == expected
    assert {side for side, _ in expected} == {"cn", "us", "joint"}
    # The CSS grid puts .side--cn left, .side--us right and .side--joint across both.
    assert '<h3 class="positions__head side--cn"' in html and '<h3 class="positions__head side--us"' in html


def test_each_statement_names_its_speaker_or_says_it_is_unnamed(client, cast):
    Position.objects.filter(article=cast.taiwan_call, side=PositionSide.US, speaker=None).update(body="Phía Mỹ")
    html = page(client, cast.taiwan_call, "en")
    assert '<p class="position__speaker"><a href="/en/actors/duong-khiet-tri/">Yang Jiechi</a></p>' in html
    assert '<p class="position__speaker">Phía Mỹ</p>' in html
    assert '<p class="position__speaker">Speaker not named</p>' in html  # the joint statement


def test_statements_carry_their_issue_tags(client, cast):
    html = page(client, cast.taiwan_call, "en")
    blinken = html[html.index("Mỹ sẽ tiếp tục đấu tranh"):]
    blinken = blinken[:blinken.index("</div>")]
    assert 'href="/en/issues/xinjiang/"' in blinken and 'href="/en/issues/hong-kong/"' in blinken
    assert 'href="/en/issues/taiwan/"' not in blinken


def test_related_news_links_into_the_archive_only_when_the_target_is_public(client, cast):
    html = page(client, cast.taiwan_call)
    section = html[html.index('id="related-heading"'):html.index('id="text-heading"')]
    assert f'<a href="{cast.burns_meeting.get_absolute_url()}">' in section  # archived and published
    assert 'href="https://vov.vn/the-gioi/chua-co-dau-hieu.vov"' in section  # not archived: the outlet's page
    assert "Bản nháp bí mật về Đài Loan" in section  # listed by the outlet, so shown as text
    assert cast.draft.get_absolute_url() not in html  # but never linked while it is a draft


def test_the_original_text_is_there_folded(client, cast):
    html = page(client, cast.taiwan_call)
    raw = html[html.index('<pre class="raw-text"'):]
    assert raw.index(cast.taiwan_call.raw_text.split("\n")[0]) < raw.index("</pre>")
    assert html.count("<details>") == 2  # the cleaned body and the raw text, both closed


def test_cite_this_gives_the_permalink_without_a_language_prefix(client, cast):
    with translation.override("vi"):
        permalink = f"http://testserver{cast.taiwan_call.get_absolute_url()}"
    html = page(client, cast.taiwan_call, "en")
    cite = html[html.index('class="cite__text"'):]
    assert f'<a href="{permalink}">{permalink}</a>' in cite[:cite.index("</p>")]
    assert f'<link rel="canonical" href="{permalink}">' in html


def test_markup_in_article_text_is_shown_as_text(client, cast):
    cast.taiwan_call.lead = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    cast.taiwan_call.save()
    html = page(client, cast.taiwan_call)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_drafts_and_unknown_slugs_are_not_found(client, cast):
    assert client.get(cast.draft.get_absolute_url()).status_code == 404
    response = client.get("/articles/khong-co-bai-nay/")
    assert response.status_code == 404
    assert "<h1>" in response.content.decode()  # the site's own page, in its layout


def test_query_count_does_not_grow_with_the_statements(client, cast, django_assert_num_queries):
    def count():
        with django_assert_num_queries(8) as captured:  # the 8th counts the exchange's other reports
            client.get(cast.taiwan_call.get_absolute_url())
        return len(captured)

    before = count()
    for n in range(20):
        Position.objects.create(article=cast.taiwan_call, side=PositionSide.CN, text=f"Thêm {n}.", order=100 + n)
        RelatedLink.objects.create(article=cast.taiwan_call, title=f"Tin {n}", order=100 + n)
    assert count() == before
