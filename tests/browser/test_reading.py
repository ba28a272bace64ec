"""A reader in a real browser: filter the timeline, search, read an article's two columns, switch to
English, download the CSV export, and read an article on a phone.

Runs against the real sample corpus in corpus/, imported as published. Interface strings are looked
up through Django's translation catalogue, so these tests follow the Vietnamese wording as it changes.
"""
import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext

from archive.exports import EXCHANGE_FIELDS
from archive.models import Article, Issue, Status

pytestmark = pytest.mark.browser


def vi(text):
    with translation.override("vi"):
        return gettext(text)


def published():
    return Article.objects.filter(status=Status.PUBLISHED)


def taiwan_articles():
    return published().filter(issues__slug="taiwan").distinct()


def results(page):
    # The results section is a region named by its heading ("N exchanges").
    return page.get_by_role("region", name=re.compile(r"^\s*\d+\b"))


def results_count(page):
    heading = results(page).get_by_role("heading", level=2).first.inner_text()
    return int(re.match(r"\s*(\d+)", heading).group(1))


def listed_titles(page):
    return results(page).get_by_role("article").get_by_role("heading", level=4).all_inner_texts()


def test_filter_the_timeline_by_taiwan(page):
    taiwan = Issue.objects.get(slug="taiwan")
    expected = taiwan_articles()
    assert 0 < expected.count() < published().count(), "the sample corpus should have Taiwan and other exchanges"

    page.goto("/")
    page.screenshot_as("timeline")
    assert results_count(page) == published().count()

    issues = page.get_by_role("group", name=vi("Issue"))
    issues.get_by_role("checkbox", name=re.compile(rf"^{re.escape(taiwan.name_vi)}\s+\d+$")).check()
    page.get_by_role("button", name=vi("Apply filters")).click()
    page.wait_for_url(re.compile(r"[?&]issue=taiwan\b"))
    page.screenshot_as("timeline-taiwan")

    assert issues.get_by_role("checkbox", name=re.compile(rf"^{re.escape(taiwan.name_vi)}\s")).is_checked()
    assert results_count(page) == expected.count()
    exchanges = results(page).get_by_role("article")
    assert exchanges.count() == expected.count()
    for exchange in exchanges.all():
        tag = exchange.get_by_role("list", name=vi("Issues")).get_by_role("link", name=taiwan.name_vi, exact=True)
        assert tag.get_attribute("href") == "/issues/taiwan/", exchange.inner_text()
    assert sorted(listed_titles(page)) == sorted(expected.values_list("title", flat=True))


def search_for(page, query):
    search = page.get_by_role("searchbox", name=vi("Search"))
    search.fill(query)
    search.press("Enter")
    # The second search starts from a page that already has ?q=: wait for this query's own page.
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [query])
    assert search.input_value() == query
    titles = listed_titles(page)
    assert results_count(page) == len(titles)
    return titles


def test_search_without_accents_finds_the_taiwan_exchanges(page):
    taiwan = sorted(taiwan_articles().values_list("title", flat=True))
    page.goto("/")
    titles = search_for(page, "dai loan")
    page.screenshot_as("search-dai-loan")
    # Bare words are read as a phrase first: not "lâu dài … hỗn loạn".
    assert sorted(titles) == taiwan

    titles = search_for(page, '"dai" "loan"')
    page.screenshot_as("search-dai-loan-words")
    assert set(taiwan) < set(titles)  # quoted apart, the two words may match anywhere


def test_an_exchange_shows_china_and_the_united_states_side_by_side(page):
    from archive.statements import sentence_key

    article = taiwan_articles().order_by("event_date").first()
    # The exchange's page shows each sentence once, however many of its reports carry it.
    statements = {side: len({sentence_key(t) for t in article.positions.filter(side=side).values_list("text", flat=True)})
                  for side in ("CN", "US")}
    assert all(statements.values()), "the oldest Taiwan exchange should have statements from both sides"

    page.goto("/")
    page.get_by_role("link", name=article.title, exact=True).click()
    page.wait_for_url(f"**{article.exchange.get_absolute_url()}")
    page.screenshot_as("exchange")

    assert page.get_by_role("heading", level=1).inner_text() == article.title
    section = page.get_by_role("region", name=vi("What each side said"))
    china = section.get_by_role("heading", level=3, name=vi("China"), exact=True)
    america = section.get_by_role("heading", level=3, name=vi("United States"), exact=True)
    assert china.is_visible() and america.is_visible()

    columns = {"CN": china.bounding_box(), "US": america.bounding_box()}
    assert columns["CN"]["x"] + columns["CN"]["width"] <= columns["US"]["x"], "China's column should be left of the US's"
    for side, count in statements.items():
        quotes = section.locator(f".position.side--{side.lower()}").get_by_role("blockquote")
        assert quotes.count() == count
        for quote in quotes.all():
            assert quote.inner_text().strip()
            box = quote.bounding_box()
            column = columns[side]
            # Within its side's column, give or take the statement's padding.
            assert column["x"] - 1 <= box["x"] and box["x"] + box["width"] <= column["x"] + column["width"] + 1, side


def test_the_language_switch_opens_the_english_page(page):
    article = taiwan_articles().order_by("event_date").first()
    page.goto(article.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "vi"
    page.screenshot_as("article-vi")

    switch = page.get_by_role("navigation", name=vi("Language"))
    switch.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url(f"**/en{article.get_absolute_url()}")
    page.screenshot_as("article-en")

    assert page.locator("html").get_attribute("lang") == "en"
    switch = page.get_by_role("navigation", name="Language")
    vietnamese = switch.get_by_role("link", name="Tiếng Việt", exact=True)  # as typed: NFC
    assert vietnamese.get_attribute("href") == article.get_absolute_url()
    # Issue names follow the language; the article's own text stays as published.
    assert page.get_by_role("link", name="Taiwan", exact=True).first.is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == article.title
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Timeline").click()
    page.wait_for_url(re.compile(r"/en/$"))
    page.screenshot_as("timeline-en")
    assert results_count(page) == published().count()


def test_download_the_timeline_as_csv(page, tmp_path):
    page.goto("/")
    page.screenshot_as("timeline-exports")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    assert download.failure() is None
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    text = saved.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == EXCHANGE_FIELDS
    # One row per exchange, its reports' permalinks in it: every published article once.
    assert len(rows) - 1 == published().values("exchange_id").distinct().count()
    links = [link for row in rows[1:] for link in dict(zip(rows[0], row))["report_permalinks"].split("; ")]
    assert sorted(link.rstrip("/").rsplit("/", 1)[1] for link in links) == sorted(published().values_list("slug", flat=True))


def test_an_article_fits_a_phone_screen(phone_page):
    page = phone_page
    # The one with the most statements: the longest page, and the most quotes to overflow.
    article = published().annotate(statements=Count("positions")).order_by("-statements").first()
    page.goto(article.get_absolute_url())
    page.screenshot_as("article-phone")

    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[1] == 390
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths[0]}px wide in a {widths[1]}px window"
