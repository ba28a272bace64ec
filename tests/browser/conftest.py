"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Screenshots go to $ARTIFACTS_DIR (default: artifacts/browser/ at the project root).
"""
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an asyncio loop in this thread, so Django would refuse every ORM call
# the tests and fixtures make; nothing here is actually concurrent.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = Path(os.environ.get("ARTIFACTS_DIR") or PROJECT_ROOT / "artifacts" / "browser").resolve()
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

_saved = []


def _unavailable(reason):
    # In CI a missing browser is a broken set-up, not an optional extra: it must not pass silently.
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} not found; install it with `apt-get install -y chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed; run `make install`")
    # Drop screenshots of earlier runs, so the folder shows this run only.
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS_DIR.glob("test_*.png"):
        old.unlink()
    with sync_playwright() as playwright:
        # headless=True as well: Playwright only adds its own headless flags when asked to.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def corpus(live_server):
    """The reference data and the real sample corpus, published, as `make run` loads them.

    live_server brings in transactional_db, so the server thread sees what this commits.
    """
    call_command("load_reference", verbosity=0)
    call_command("import_articles", str(PROJECT_ROOT / "corpus"), status="published", verbosity=0)


class Screenshots:
    def __init__(self, page, test_name):
        self.page = page
        self.prefix = re.sub(r"[^\w.-]+", "_", test_name).strip("_")
        self.count = 0

    def __call__(self, label):
        """Save a full-page screenshot of the page as it is now, and return its path."""
        self.count += 1
        path = ARTIFACTS_DIR / f"{self.prefix}-{self.count:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        _saved.append(path)
        return path


def _open_page(browser, live_server, request, viewport):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Every response the pages ask for (documents, CSS, downloads): a 404 stylesheet or a 500
    # would otherwise go unnoticed in a test that only reads the DOM.
    page.failed_responses = []
    page.on("response", lambda response: response.status >= 400 and page.failed_responses.append(
        f"{response.status} {response.request.method} {response.url}"))
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.screenshot_as = Screenshots(page, request.node.name)
    return context, page


def _close_page(context, page, request):
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        try:
            page.screenshot_as("FAILED")
        except Exception:  # the page may be gone; the test's own failure is what matters
            pass
    context.close()
    problems = page.failed_responses + page.errors
    if problems and not (report is not None and report.failed):
        pytest.fail("the pages returned errors:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def page(browser, live_server, corpus, request):
    """A desktop-sized page on the live server (base_url set, so page.goto("/") works)."""
    context, page = _open_page(browser, live_server, request, DESKTOP)
    yield page
    _close_page(context, page, request)


@pytest.fixture
def phone_page(browser, live_server, corpus, request):
    """A page the size of a phone held upright."""
    context, page = _open_page(browser, live_server, request, PHONE)
    yield page
    _close_page(context, page, request)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Kept on the item so the page fixtures know, at teardown, whether to save a failure screenshot.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter):
    if _saved:
        terminalreporter.write_line(f"browser screenshots ({len(_saved)}): {ARTIFACTS_DIR}")
