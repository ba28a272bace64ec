"""Vietnamese at /…, English under /en/…: the switch, <html lang>, names in the page's language, article text as published."""
import re
import unicodedata

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/issues/", "/issues/taiwan/", "/actors/", "/actors/antony-blinken/", "/positions/"]


def html_lang(html):
    return re.search(r'<html lang="([^"]+)">', html).group(1)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_both_languages_with_a_switch(client, cast, path):
    vietnamese = client.get(path).content.decode()
    english = client.get("/en" + path).content.decode()
    assert html_lang(vietnamese) == "vi" and html_lang(english) == "en"
    # Each links to the same page in the other language, query string kept.
    assert f'href="/en{path}" hreflang="en" lang="en"' in vietnamese
    assert f'href="{path}" hreflang="vi" lang="vi"' in english
    for html in (vietnamese, english):
        assert unicodedata.is_normalized("NFC", html)  # Django's own "Tiếng Việt" is stored decomposed
        assert re.search(r"<title>[^<]+ · Song Phương</title>", html)
        assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
        assert '<main id="main"' in html and "<nav" in html and "<footer" in html


def test_the_switch_keeps_the_filters(client, cast):
    html = client.get("/", {"issue": "taiwan", "kind": "call"}).content.decode()
    assert 'href="/en/?issue=taiwan&amp;kind=call"' in html


def test_article_page_switches_too(client, cast):
    path = f"/articles/{cast.taiwan_call.slug}/"
    assert f'href="/en{path}"' in client.get(path).content.decode()


def test_names_in_the_pages_language_article_text_as_published(client, cast):
    english = client.get("/en/").content.decode()
    vietnamese = client.get("/").content.decode()
    assert '<a class="tag" href="/en/issues/taiwan/">Taiwan</a>' in english
    assert '<a class="tag" href="/issues/taiwan/">Đài Loan</a>' in vietnamese
    assert ">Yang Jiechi</a>" in english and ">Dương Khiết Trì</a>" in vietnamese
    # Titles and leads are never translated.
    assert cast.taiwan_call.title in english and cast.taiwan_call.lead in english


def test_role_titles_in_the_pages_language(client, cast):
    english = client.get("/en/actors/vuong-nghi/").content.decode()
    vietnamese = client.get("/actors/vuong-nghi/").content.decode()
    assert "Minister of Foreign Affairs" in english
    assert "Bộ trưởng Ngoại giao" in vietnamese


def test_interface_text_is_translated(client, cast):
    vietnamese = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Timeline of exchanges" in english and "Timeline of exchanges" not in vietnamese
    assert "Điện đàm" in vietnamese and ">Call<" in english
    assert '<time datetime="2021-02-06">6/2/2021</time>' in vietnamese
    assert '<time datetime="2021-02-06">6 February 2021</time>' in english


def test_not_found_page_in_both_languages(client, cast):
    assert html_lang(client.get("/en/issues/atlantis/").content.decode()) == "en"
    assert html_lang(client.get("/issues/atlantis/").content.decode()) == "vi"
