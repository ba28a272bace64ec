"""Importing web pages: saved HTML, and links fetched from a local server (IMPORT_ALLOW_PRIVATE_HOSTS=1, as in
local checks), each page kept as a WARC file; every bad link refused with its reason and nothing saved."""
import base64
from pathlib import Path
import http.server
import io
import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive import importer, preservation, webpages
from archive.models import Article, Capture

pytestmark = pytest.mark.django_db

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Chủ tịch Tập Cận Bình điện đàm với Tổng thống Joe Biden | VOV.VN</title>
<meta property="og:site_name" content="VOV.VN">
<meta property="article:published_time" content="2024-04-03T07:45:00+07:00">
<link rel="canonical" href="https://vov.vn/the-gioi/tap-can-binh-dien-dam-biden-post1.vov">
</head><body>
<nav><a href="/">Trang chủ</a> | <a href="/the-gioi">Thế giới</a> | Hotline: 0909 000 000</nav>
<article><h1>Chủ tịch Tập Cận Bình điện đàm với Tổng thống Joe Biden</h1>
<p>VOV.VN - Ngày 2/4, Chủ tịch Trung Quốc Tập Cận Bình đã điện đàm với Tổng thống Mỹ Joe Biden theo đề nghị
của phía Mỹ, cuộc trao đổi trực tiếp đầu tiên kể từ cuộc gặp thượng đỉnh tại California hồi tháng 11.</p>
<p>Theo Tân Hoa xã, ông Tập nhấn mạnh vấn đề Đài Loan là lằn ranh đỏ đầu tiên không được vượt qua trong quan hệ
Trung - Mỹ, đồng thời cảnh báo Washington về các biện pháp hạn chế thương mại và công nghệ.</p>
<p>Về phần mình, ông Biden khẳng định Mỹ không ủng hộ Đài Loan độc lập và mong muốn duy trì các kênh liên lạc
mở giữa hai nước, kể cả kênh liên lạc quân sự vừa được khôi phục.</p></article>
<footer>Bản quyền thuộc về Đài Tiếng nói Việt Nam</footer></body></html>"""

ROUTES = {
    "/article.html": (200, "text/html; charset=utf-8", PAGE.encode()),
    "/moved": (302, "text/html", b"", "/article.html"),
    "/loop-a": (302, "text/html", b"", "/loop-b"),
    "/loop-b": (302, "text/html", b"", "/loop-a"),
    "/report.pdf": (200, "application/pdf", b"%PDF-1.4 ..."),
    "/empty.html": (200, "text/html", b"<html><body><nav>Trang ch\xe1\xbb\xa7</nav></body></html>"),
    "/big.html": (200, "text/html", b"<html><body>" + b"x" * 300_000 + b"</body></html>"),
    "/gone.html": (404, "text/html", b"not found"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        if self.path == "/slow":
            time.sleep(3)
        status, kind, body, *location = ROUTES.get(self.path, (404, "text/plain", b""))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location[0])
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    settings.IMPORT_TIMEOUT = 1
    settings.IMPORT_MAX_PAGE_BYTES = 200_000
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_link_becomes_a_draft_with_the_page_s_metadata_and_its_warc(reference, site):
    result = importer.import_url(f"{site}/moved")
    article = result.article
    assert result.outcome == "created" and article.status == "draft"
    assert article.outlet.slug == "vov"
    assert str(article.published_on) == "2024-04-03"
    assert article.source_url == "https://vov.vn/the-gioi/tap-can-binh-dien-dam-biden-post1.vov"
    assert str(article.event_date) == "2024-04-02"  # the dateline from the page's time bounds the year
    assert "Hotline" not in article.raw_text and "Bản quyền" not in article.raw_text
    capture = article.capture
    assert capture.url == f"{site}/moved" and capture.final_url == f"{site}/article.html"
    assert capture.redirects == [[302, f"{site}/moved", f"{site}/article.html"]]
    assert webpages.body_of_warc(capture.warc_bytes) == PAGE.encode()
    assert preservation.verify().ok
    again = importer.import_url(f"{site}/article.html")
    assert again.outcome == "present" and Article.objects.count() == 1


def test_a_changed_warc_fails_the_fixity_check(reference, site):
    article = importer.import_url(f"{site}/article.html").article
    Capture.objects.filter(article=article).update(warc=base64.b64encode(b"altered").decode())
    fixity = preservation.verify()
    assert not fixity.ok and fixity.mismatches[0].slug.endswith("(WARC)")


@pytest.mark.parametrize(("path", "reason"), [
    ("/report.pdf", "not a web page"),
    ("/loop-a", "redirects in a loop"),
    ("/big.html", "larger than the limit"),
    ("/empty.html", "holds no article"),
    ("/gone.html", "answered 404"),
    ("/slow", "could not be fetched"),
])
def test_a_bad_link_is_refused_with_its_reason_and_nothing_is_saved(reference, site, path, reason):
    with pytest.raises(webpages.PageError, match=reason):
        importer.import_url(site + path)
    assert not Article.objects.exists() and not Capture.objects.exists()


def test_private_hosts_and_other_schemes_are_refused(reference, site, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = False
    with pytest.raises(webpages.PageError, match="private or local network"):
        importer.import_url(f"{site}/article.html")
    with pytest.raises(webpages.PageError, match="only http and https"):
        importer.import_url("file:///etc/passwd")
    assert not Article.objects.exists()


def test_the_command_imports_links_and_reports_each_failure(reference, site):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_url", f"{site}/article.html", f"{site}/report.pdf", stdout=out, stderr=err)
    assert "imported: 1, already present: 0, failed: 1" in out.getvalue()
    assert "not a web page" in err.getvalue()


def test_a_saved_page_is_imported_like_a_text_file(reference, tmp_path):
    (tmp_path / "trang.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "bai.txt").write_text("Không phải bài báo", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path), stdout=out, stderr=err)
    assert "imported: 1" in out.getvalue() and "bai.txt" in err.getvalue()
    article = Article.objects.get()
    assert article.outlet.slug == "vov" and not Capture.objects.exists()  # a saved page was not fetched


def test_editors_import_a_saved_page_and_a_link_in_the_admin(client, reference, site, monkeypatch):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    monkeypatch.setattr("sys.stdin", io.StringIO("Mật-khẩu-dài-2026\n"))
    call_command("create_editor", "bien-tap", "--password-stdin")
    client.force_login(get_user_model().objects.get(username="bien-tap"))
    page = SimpleUploadedFile("trang.html", PAGE.replace("2/4", "1/4").encode(), content_type="text/html")
    response = client.post(reverse("admin:archive_article_upload"), {
        "files": [page], "links": f"{site}/article.html\n{site}/report.pdf", "status": "draft", "outlet": ""})
    assert response.status_code == 302
    assert Article.objects.count() == 2 and Capture.objects.count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("report.pdf" in m for m in messages)
    empty = client.post(reverse("admin:archive_article_upload"), {"links": "", "status": "draft", "outlet": ""})
    assert empty.status_code == 200 and Article.objects.count() == 2


OTHER = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Giá vàng hôm nay tăng mạnh | VOV.VN</title>
<meta property="og:site_name" content="VOV.VN"><meta property="article:published_time" content="2024-04-03T09:00:00+07:00">
</head><body><article><h1>Giá vàng hôm nay tăng mạnh</h1>
<p>VOV.VN - Sáng nay, giá vàng miếng trong nước tăng thêm nửa triệu đồng mỗi lượng, theo đà đi lên của giá vàng
thế giới trong phiên giao dịch đêm qua, khi nhà đầu tư tìm nơi trú ẩn an toàn trước những biến động của thị trường.</p>
<p>Các doanh nghiệp kinh doanh vàng cho biết lượng khách đến mua tăng rõ rệt, nhiều người xếp hàng từ sớm để mua
vàng nhẫn, trong khi giới phân tích khuyên người dân thận trọng vì giá có thể điều chỉnh trở lại trong ngắn hạn.</p>
</article></body></html>"""
RSS = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>VOV Thế giới</title>
<item><title>Tập Cận Bình điện đàm với Biden</title><link>{{site}}/article.html</link></item>
<item><title>Giá vàng</title><link>{{site}}/gold.html</link></item>
<item><title>Hỏng</title><link>{{site}}/gone.html</link></item>
</channel></rss>"""


@pytest.fixture
def feed_site(site):
    ROUTES["/gold.html"] = (200, "text/html; charset=utf-8", OTHER.encode())
    ROUTES["/feed.rss"] = (200, "application/rss+xml", RSS.replace("{site}", site).encode())
    ROUTES["/notafeed"] = (200, "application/xml", b"<html><body>hello</body></html>")
    yield site
    for path in ("/gold.html", "/feed.rss", "/notafeed"):
        ROUTES.pop(path, None)


def test_polling_imports_new_items_about_an_exchange_skips_the_rest_and_retries_failures(reference, feed_site):
    from archive.models import Feed, FeedItem

    feed = Feed.objects.create(url=f"{feed_site}/feed.rss")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):  # one page failed: reported, and tried again next time
        call_command("poll_feeds", stdout=out, stderr=err)
    assert "3 new, imported 1, skipped: 1 not about a US–China exchange" in out.getvalue()
    assert "gone.html: the site answered 404" in err.getvalue()
    assert Article.objects.count() == 1 and Article.objects.get().status == "draft"
    outcomes = dict(FeedItem.objects.values_list("link", "outcome"))
    assert outcomes == {f"{feed_site}/article.html": "imported", f"{feed_site}/gold.html": "skipped",
                        f"{feed_site}/gone.html": "failed"}
    assert FeedItem.objects.get(outcome="skipped").reason.startswith("not about a US–China exchange")
    # The next poll meets only the failed item again.
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("poll_feeds", stdout=out, stderr=io.StringIO())
    assert "1 new, imported 0" in out.getvalue() and Article.objects.count() == 1


def test_polling_is_polite_and_a_link_that_is_not_a_feed_is_reported(reference, feed_site):
    from archive.models import Feed

    sent = []
    original = Handler.do_GET

    def conditional(self):
        sent.append(self.headers.get("If-None-Match"))
        if self.path == "/feed.rss" and self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        if self.path == "/feed.rss":
            body = ROUTES["/feed.rss"][2]
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        original(self)

    Handler.do_GET = conditional
    try:
        feed = Feed.objects.create(url=f"{feed_site}/feed.rss")
        bad = Feed.objects.create(url=f"{feed_site}/notafeed")
        from archive.polling import poll

        first = poll([feed, bad])
        feed.refresh_from_db()
        assert feed.etag == '"v1"' and first[1].error == "the link is not an RSS or Atom feed"
        bad.refresh_from_db()
        assert bad.last_error == "the link is not an RSS or Atom feed"
        second = poll([feed])
        assert second[0].unchanged and '"v1"' in sent
    finally:
        Handler.do_GET = original


PAGES = Path(__file__).resolve().parent / "pages"


@pytest.mark.parametrize(("name", "outlet", "published", "event"), [
    # A broadcaster with Open Graph metadata; a national paper with JSON-LD only; a ministry site with none,
    # whose text names its source and prints the day.
    ("vov", "vov", "2024-04-03", "2024-04-02"),
    ("nhandan.html", "nhan-dan", "2023-06-19", "2023-06-19"),
    ("bo_ngoai_giao.html", "ttxvn", "2019-07-09", "2019-07-09"),
])
def test_pages_of_several_layouts_give_their_outlet_and_publication_date(reference, site, name, outlet, published,
                                                                         event):
    body = PAGE.encode() if name == "vov" else (PAGES / name).read_bytes()
    ROUTES[f"/{name}"] = (200, "text/html; charset=utf-8", body)
    try:
        article = importer.import_url(f"{site}/{name}").article
    finally:
        ROUTES.pop(f"/{name}")
    assert (article.outlet.slug if article.outlet else None, str(article.published_on), str(article.event_date)) == (
        outlet, published, event)
    assert article.raw_text.splitlines()[0] == article.title
    assert webpages.body_of_warc(article.capture.warc_bytes) == body
