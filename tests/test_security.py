"""Deployment settings, response headers, admin login throttling, editors' limits and hostile imported text."""
import datetime
import io
import logging
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive.importer import import_text
from archive.models import (
    Actor, Article, Certainty, Issue, Outlet, Participation, Position, PositionSide, RelatedLink, Side, Status,
)

ROOT = Path(__file__).resolve().parent.parent
# Everything the settings module reads, so that a subprocess sees only what a test gives it.
SETTINGS_ENV = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "CONN_MAX_AGE", "DATABASE_CONNECT_TIMEOUT",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER", "SONGPHUONG_ONE_OFF_COMMAND",
    # Set by the browser tests' conftest for Playwright; a deploy check rightly refuses it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
LONG_KEY = secrets.token_urlsafe(60)


def clean_env(**env):
    return {**{k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}, **env}


def settings_value(expr, **env):
    code = f"import config.settings as s; print(repr({expr}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean_env(**env), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def deploy_check(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=clean_env(**env), capture_output=True, text=True, timeout=120,
    )


# --- settings -----------------------------------------------------------------------------------------------------

def test_deploy_check_passes_with_only_a_key_and_hosts():
    result = deploy_check(SECRET_KEY=LONG_KEY, ALLOWED_HOSTS="songphuong.example")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_when_the_https_redirect_is_switched_off():
    result = deploy_check(SECRET_KEY=LONG_KEY, ALLOWED_HOSTS="songphuong.example", SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0 and "security.W008" in result.stdout + result.stderr


def test_production_defaults_are_secure():
    out = settings_value(
        "(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_REDIRECT_EXEMPT, hasattr(s, 'SECURE_PROXY_SSL_HEADER'),"
        " s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF)",
        SECRET_KEY=LONG_KEY,
    )
    assert out == "(True, 31536000, True, False, True, True, ['^healthz$'], False, 'DENY', True)"


def test_development_serves_plain_http():
    out = settings_value("(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
                         DEBUG="1")
    assert out == "(False, 0, False, False)"


def test_each_https_setting_can_be_switched_by_its_variable():
    out = settings_value(
        "(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SILENCED_SYSTEM_CHECKS)",
        SECRET_KEY=LONG_KEY, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="600", SECURE_HSTS_INCLUDE_SUBDOMAINS="off",
        SECURE_HSTS_PRELOAD="1", SESSION_COOKIE_SECURE="no", CSRF_COOKIE_SECURE="false",
    )
    assert out == "(False, 600, False, True, False, False, [])"


def test_proxy_ssl_header_is_trusted_only_when_configured():
    assert settings_value("s.SECURE_PROXY_SSL_HEADER", SECRET_KEY=LONG_KEY,
                          SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO") == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert settings_value("s.SECURE_PROXY_SSL_HEADER", SECRET_KEY=LONG_KEY,
                          SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_SSL,on") == "('HTTP_X_FORWARDED_SSL', 'on')"
    code = "import config.settings"
    bad = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env=clean_env(SECRET_KEY=LONG_KEY, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"))
    assert bad.returncode != 0 and "SECURE_PROXY_SSL_HEADER" in bad.stderr


def test_database_connections_are_checked_reused_and_fail_fast():
    pg = settings_value("s.DATABASES['default']", DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/x")
    assert "'CONN_HEALTH_CHECKS': True" in pg and "'CONN_MAX_AGE': 60" in pg and "'connect_timeout': 3" in pg
    tuned = settings_value(
        "(s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['OPTIONS'])", DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x", CONN_MAX_AGE="0", DATABASE_CONNECT_TIMEOUT="7",
        DATABASE_SESSION_OPTIONS="-c work_mem=8MB",
    )
    assert tuned == "(0, {'connect_timeout': 7, 'options': '-c work_mem=8MB'})"
    assert "'options': '-c max_parallel_workers_per_gather=0 -c work_mem=16MB -c random_page_cost=1.1 -c jit=off'" in pg
    assert "'CONN_HEALTH_CHECKS': True" in settings_value("s.DATABASES['default']", DEBUG="1")


@pytest.mark.django_db
def test_http_is_redirected_to_https_but_healthz_never_is(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # a fresh handler reads the changed setting
    response = client.get("/issues/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/issues/"
    health = client.get("/healthz")
    assert health.status_code == 200 and health.content == b"ok"
    assert client.get("/issues/", secure=True).status_code == 200


@pytest.mark.django_db
def test_hsts_on_https_responses(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False
    response = Client().get("/issues/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_https_is_recognised_behind_a_configured_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    assert client.get("/issues/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get("/issues/", headers={"X-Forwarded-Proto": "http"}).status_code == 301


# --- response headers ---------------------------------------------------------------------------------------------

EXPECTED_CSP = {
    "default-src": ["'self'"], "img-src": ["'self'", "data:"], "object-src": ["'none'"], "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"], "form-action": ["'self'"],
}


def parse_csp(header):
    policy = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


def assert_security_headers(response):
    assert parse_csp(response["Content-Security-Policy"]) == EXPECTED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin")
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


PUBLIC_PAGES = [
    "/", "/en/", "/positions/", "/issues/", "/issues/taiwan/", "/actors/", "/actors/antony-blinken/", "/feed/",
    "/issues/taiwan/feed/", "/?format=csv", "/?format=json", "/positions/?format=csv", "/positions/?format=json",
]


@pytest.mark.django_db
def test_security_headers_on_every_public_page_and_export(client, cast):
    pages = PUBLIC_PAGES + [cast.taiwan_call.get_absolute_url()]
    for path in pages:
        for attempt in ("first", "from the page cache"):
            response = client.get(path)
            assert response.status_code == 200, (path, attempt)
            assert_security_headers(response)


@pytest.mark.django_db
def test_security_headers_on_healthz_admin_login_and_errors(client):
    for path, status in [("/healthz", 200), (reverse("admin:login"), 200), ("/articles/no-such-article/", 404)]:
        response = client.get(path)
        assert response.status_code == status, path
        assert_security_headers(response)


def html_of(response):
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.mark.django_db
def test_public_pages_carry_no_inline_script_or_style(client, cast):
    for path in ["/", "/en/", "/positions/", "/issues/", "/issues/taiwan/", "/actors/", "/actors/antony-blinken/",
                 cast.taiwan_call.get_absolute_url()]:
        html = html_of(client.get(path))
        assert "<script" not in html, path
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"\son[a-z]+\s*=", html), path


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("quan-tri", "admin@example.org", "Mật-khẩu-quản-trị-2026")


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)


def assert_admin_page_runs_under_the_csp(html):
    scripts = SCRIPT_TAG.findall(html)
    assert scripts, "the admin loads its JavaScript"
    for attributes in scripts:
        src = re.search(r'\ssrc="([^"]*)"', attributes)
        if src is None:
            # A JSON data block is not executed, so the CSP lets it be.
            assert 'type="application/json"' in attributes, attributes
        else:
            assert src.group(1).startswith("/") and not src.group(1).startswith("//"), src.group(1)  # same origin
    for href in re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]*)"', html):
        assert href.startswith("/") and not href.startswith("//"), href
    assert not re.search(r"\son[a-z]+\s*=\s*[\"']", html)
    assert "javascript:" not in html.lower()


@pytest.mark.django_db
def test_admin_pages_render_and_load_only_same_origin_code(client, superuser, cast):
    client.force_login(superuser)
    article = cast.taiwan_call
    for url in [reverse("admin:index"), reverse("admin:archive_article_changelist"),
                reverse("admin:archive_article_change", args=[article.pk]), reverse("admin:archive_article_add"),
                reverse("admin:archive_actor_changelist"), reverse("admin:auth_user_changelist")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
        assert_admin_page_runs_under_the_csp(response.content.decode())


# --- admin login throttling ---------------------------------------------------------------------------------------

def login(client, username, password, address="203.0.113.7"):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_login_out(client, superuser, caplog):
    from axes.models import AccessAttempt

    caplog.set_level(logging.WARNING, logger="axes")
    for _ in range(4):
        response = login(client, "quan-tri", "sai")
        assert response.status_code == 200  # the login form again, with its error
    response = login(client, "quan-tri", "sai")
    assert response.status_code == 429
    response = login(client, "quan-tri", "Mật-khẩu-quản-trị-2026")
    assert response.status_code == 429
    text = response.content.decode()
    assert "too many failed login attempts" in text and "15" in text
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302  # still sent to the login
    assert any("Locking out" in record.getMessage() for record in caplog.records)
    attempt = AccessAttempt.objects.get(username="quan-tri")
    assert attempt.failures_since_start >= 5 and attempt.ip_address == "203.0.113.7"


@pytest.mark.django_db
def test_lockout_is_per_username_and_address_and_ends_after_the_cool_off(client, superuser):
    from axes.models import AccessAttempt

    for _ in range(5):
        login(client, "quan-tri", "sai")
    assert login(client, "quan-tri", "Mật-khẩu-quản-trị-2026").status_code == 429
    # The same editor from elsewhere is not locked out by someone guessing at their name.
    elsewhere = Client()
    assert login(elsewhere, "quan-tri", "Mật-khẩu-quản-trị-2026", address="198.51.100.9").status_code == 302
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert login(client, "quan-tri", "Mật-khẩu-quản-trị-2026").status_code == 302


@pytest.mark.django_db
def test_fewer_than_five_failures_do_not_lock_out(client, superuser):
    for _ in range(4):
        login(client, "quan-tri", "sai")
    assert login(client, "quan-tri", "Mật-khẩu-quản-trị-2026").status_code == 302


# --- editors ------------------------------------------------------------------------------------------------------

@pytest.fixture
def editor(reference, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Mật-khẩu-dài-2026\n"))
    call_command("create_editor", "bien-tap", "--password-stdin")
    return get_user_model().objects.get(username="bien-tap")


@pytest.mark.django_db
def test_an_editor_edits_articles_but_cannot_manage_accounts(client, editor, cast):
    client.force_login(editor)
    for url in [reverse("admin:auth_user_changelist"), reverse("admin:auth_user_add"),
                reverse("admin:auth_user_change", args=[editor.pk]), reverse("admin:auth_group_changelist"),
                reverse("admin:auth_group_add")]:
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("admin:auth_user_add"),
                           {"username": "ke-la", "password1": "Mật-khẩu-dài-9", "password2": "Mật-khẩu-dài-9"})
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="ke-la").exists()
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") not in index
    assert client.get(reverse("admin:archive_article_change", args=[cast.taiwan_call.pk])).status_code == 200
    assert client.get(reverse("admin:archive_article_changelist")).status_code == 200
    assert editor.has_perm("archive.change_article") and not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.change_group")


# --- hostile imported text ----------------------------------------------------------------------------------------

SCRIPT = '<script>alert("xss")</script>'
IMG = '<img src=x onerror="alert(1)">'
PAYLOAD = f"{SCRIPT}{IMG}<a href=\"javascript:alert(1)\">x</a>"
HOSTILE_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>1</script>",
                "vbscript:msgbox(1)"]


@pytest.fixture
def hostile(cast):
    outlet = Outlet.objects.create(name=f"Báo {SCRIPT}", slug="bao-xss")
    actor = Actor.objects.create(slug="xss-actor", name=f"Ông {PAYLOAD}", name_en=f"Mr {PAYLOAD}", side=Side.US)
    article = Article.objects.create(
        title=f"Điện đàm {PAYLOAD}", lead=f"Lead {PAYLOAD}", body=f"Thân bài {PAYLOAD}\n\nĐoạn hai {IMG}",
        raw_text=f"Nguyên văn {PAYLOAD}", outlet=outlet, status=Status.PUBLISHED,
        event_date=datetime.date(2024, 3, 1), date_certainty=Certainty.EXACT, published_on=datetime.date(2024, 3, 1),
        source_url="javascript:alert(document.cookie)", date_reason=f"reason {SCRIPT}",
    )
    article.issues.set(Issue.objects.filter(slug="taiwan"))
    Participation.objects.create(article=article, actor=actor, side=Side.US, order=0)
    position = Position.objects.create(article=article, side=PositionSide.US, speaker=actor, text=f"Tuyên bố {PAYLOAD}",
                                       body=f"phía {SCRIPT}", order=0)
    position.issues.set(Issue.objects.filter(slug="taiwan"))
    for order, url in enumerate(HOSTILE_URLS):
        RelatedLink.objects.create(article=article, title=f"Tin {order} {PAYLOAD}", url=url, order=order,
                                   lead=f"Tóm tắt {IMG}")
    RelatedLink.objects.create(article=article, title="Tin an toàn", url="https://vov.vn/tin-an-toan", order=9)
    article.refresh_search()
    return article


class LiveMarkup(HTMLParser):
    """What a browser would act on: script elements, event-handler attributes, script-bearing URLs."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in self.URL_ATTRIBUTES and value is not None:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:")):
                    self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            attributes = dict(attrs)
            if "src" not in attributes and attributes.get("type") != "application/json":
                self._in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script {data[:40]!r}")


def assert_inert(html, where):
    lowered = html.lower()
    assert "<script>alert" not in lowered, where
    assert "<img src=x" not in lowered, where
    parser = LiveMarkup()
    parser.feed(html)
    parser.close()
    assert parser.found == [], where


@pytest.mark.django_db
def test_hostile_text_is_inert_on_every_public_page(client, hostile):
    pages = ["/", "/en/", "/positions/", "/issues/", "/issues/taiwan/", "/actors/", "/actors/xss-actor/",
             "/en/actors/xss-actor/", hostile.get_absolute_url(), "/en" + hostile.get_absolute_url(),
             "/?q=Điện+đàm", "/positions/?speaker=xss-actor", "/?outlet=bao-xss", "/feed/", "/issues/taiwan/feed/"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = html_of(response)
        assert_inert(html, path)
        assert "<script" not in html, path  # public pages have no script at all
    article_html = html_of(client.get(hostile.get_absolute_url()))
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in article_html  # shown, as text
    assert 'href="https://vov.vn/tin-an-toan"' in article_html  # web links still link
    assert "Tin 0 " in article_html  # a refused link keeps its title
    assert "original article" not in article_html and "bài gốc" not in article_html.lower()
    assert "&lt;script&gt;" in html_of(client.get("/feed/"))


@pytest.mark.django_db
def test_hostile_text_in_exports_is_data_not_markup(client, hostile):
    for path in ["/?format=csv", "/?format=json", "/positions/?format=csv", "/positions/?format=json"]:
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"].split(";")[0] in ("text/csv", "application/json")
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"  # never sniffed into HTML
        assert_security_headers(response)
        body = html_of(response)
        assert SCRIPT in body or SCRIPT.replace('"', '""') in body or SCRIPT.replace('"', '\\"') in body, path


@pytest.mark.django_db
def test_hostile_text_is_inert_in_the_admin(client, superuser, hostile):
    client.force_login(superuser)
    for url in [reverse("admin:archive_article_changelist"), reverse("admin:archive_article_changelist") + "?q=Điện",
                reverse("admin:archive_article_change", args=[hostile.pk]), reverse("admin:archive_actor_changelist"),
                reverse("admin:archive_actor_change", args=[hostile.participations.get().actor.pk]),
                reverse("admin:archive_outlet_changelist")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)


@pytest.mark.django_db
def test_the_admin_refuses_a_javascript_source_url(client, superuser, cast):
    client.force_login(superuser)
    article = cast.taiwan_call
    page = client.get(reverse("admin:archive_article_change", args=[article.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {**{name: form[name].value() for name in ["title", "slug", "status", "kind", "date_certainty"]},
            "source_url": "javascript:alert(1)"}
    bound = type(form)(data=data, instance=article)
    assert "source_url" in bound.errors


@pytest.mark.django_db
def test_an_imported_javascript_source_url_never_becomes_a_link(client, reference):
    text = (ROOT / "corpus").glob("*.txt").__next__().read_text(encoding="utf-8")
    article = import_text(text, status=Status.PUBLISHED, source_url="javascript:alert(1)").article
    assert article.source_url == "javascript:alert(1)"  # stored as given; the page must not trust it
    html = html_of(client.get(article.get_absolute_url()))
    assert_inert(html, "article")
    assert "javascript:" not in html
