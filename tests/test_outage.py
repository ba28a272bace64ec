"""The database going away: a friendly 503 page, a failing health check, and recovery without a restart.

bench/outage.py does the same against a real PostgreSQL server that is stopped and started again.
"""
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError, connection

from archive.middleware import RETRY_AFTER, unavailable_response

PAGES = ["/", "/en/", "/positions/", "/issues/", "/issues/taiwan/", "/actors/", "/actors/antony-blinken/", "/feed/",
         "/issues/taiwan/feed/", "/?format=csv", "/positions/?format=json"]


@contextmanager
def database_down(error=OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')):
    # Every way the ORM and the health check reach the server fails, as when it is stopped.
    with mock.patch.object(connection, "cursor", side_effect=error), \
            mock.patch.object(connection, "chunked_cursor", side_effect=error):
        yield


def assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Kho lưu trữ tạm thời gián đoạn" in html  # Vietnamese
    assert "The archive is temporarily unavailable" in html  # English
    assert "css/site.css" in html  # in the site's look
    assert "<script" not in html
    # The headers every page carries are on this one too.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_pages_answer_a_friendly_503_quickly_while_the_database_is_down(client, cast):
    pages = PAGES + [cast.taiwan_call.get_absolute_url()]
    for path in pages:
        client.get(path)  # some are now in the page cache: an outage must not be hidden behind it either way
    with database_down():
        for path in pages:
            started = time.perf_counter()
            response = client.get(path)
            assert time.perf_counter() - started < 1, path
            assert_friendly_503(response)


@pytest.mark.django_db
def test_a_broken_connection_is_a_503_too(client, cast):
    with database_down(InterfaceError("connection already closed")):
        assert_friendly_503(client.get("/issues/"))


@pytest.mark.django_db
def test_healthz_reports_the_outage(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable"


@pytest.mark.django_db
def test_the_site_recovers_once_the_database_is_back(client, cast):
    with database_down():
        assert client.get("/").status_code == 503
        assert client.get("/healthz").status_code == 503
    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200
    # The 503 was not remembered by the page cache either.
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_other_database_errors_stay_server_errors(client, cast):
    client.raise_request_exception = False
    with database_down(ProgrammingError("relation does not exist")):
        assert client.get("/issues/").status_code == 500


def test_the_503_page_renders_without_the_database():
    # Not marked django_db: pytest-django fails any database access here.
    assert_friendly_503_body(unavailable_response())


def assert_friendly_503_body(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert "The archive is temporarily unavailable" in response.content.decode()
