"""Following outlets' feeds: each new item about a US–China exchange becomes a draft in the review queue.

`poll(feeds)` reads each feed (feedparser) with its ETag and Last-Modified (a 304 costs the site
nothing), skips items already met (by link, by the canonical URL of an archived article, by the
digest of the text), imports the rest with import_url, and records each item's outcome and reason.
A failed feed or page is reported and tried again at the next poll; nothing is half-saved.
"""
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import webpages
from .extraction import InputError
from .importer import current_knowledge, import_url
from .models import Article, FeedItem, Status

CN, US = "CN", "US"


def about_an_exchange(record):
    """Why an extracted article is not about a US–China exchange, or None when it is: both sides named as
    taking part, or one side's statement that names the other."""
    sides = {p.side for p in record.participants}
    if {CN, US} <= sides:
        return None
    if record.positions and sides & {CN, US} and all(word in record.text_for_search or word in record.body
                                                     for word in ("Trung Quốc", "Mỹ")):
        return None
    return "not about a US–China exchange: the text names no participant of " + (
        "either side" if not sides & {CN, US} else ("the United States" if CN in sides else "China"))


@dataclass
class FeedReport:
    feed: object
    new: int = 0
    imported: int = 0
    skipped: dict = field(default_factory=dict)  # reason -> count
    failed: list = field(default_factory=list)  # (link, reason)
    error: str = ""
    unchanged: bool = False


def poll_feed(feed, knowledge=None):
    """Read one feed and import its new items; returns a FeedReport."""
    import feedparser

    report = FeedReport(feed)
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        fetched = webpages.fetch(feed.url, timeout=settings.IMPORT_TIMEOUT, max_bytes=settings.IMPORT_MAX_PAGE_BYTES,
                                 allow_private=settings.IMPORT_ALLOW_PRIVATE_HOSTS, headers=headers,
                                 kinds=webpages.FEED_KINDS)
        if fetched.status == 304:
            report.unchanged = True
        else:
            parsed = feedparser.parse(fetched.body)
            if not parsed.get("version"):  # feedparser names the RSS or Atom version it recognised
                raise webpages.PageError("the link is not an RSS or Atom feed")
    except webpages.PageError as exc:
        report.error = str(exc)
        feed.last_error, feed.polled_at = report.error[:500], timezone.now()
        feed.save(update_fields=["last_error", "polled_at"])
        return report
    if not report.unchanged:
        knowledge = knowledge or current_knowledge()
        for entry in parsed.entries:
            _item(feed, entry, report, knowledge)
        header = {k.lower(): v for k, v in fetched.headers}
        feed.etag, feed.last_modified = header.get("etag", "")[:300], header.get("last-modified", "")[:100]
    feed.last_error, feed.polled_at = "", timezone.now()
    feed.save(update_fields=["etag", "last_modified", "last_error", "polled_at"])
    return report


def _item(feed, entry, report, knowledge):
    link = (entry.get("link") or "").strip()
    if not link:
        return
    met = FeedItem.objects.filter(feed=feed, link=link).exclude(outcome=FeedItem.Outcome.FAILED).exists()
    if met or Article.objects.filter(source_url=link).exists():
        return
    report.new += 1
    title = (entry.get("title") or "")[:500]
    try:
        result = import_url(link, status=Status.DRAFT, knowledge=knowledge, accept=about_an_exchange)
    except (webpages.PageError, InputError) as exc:
        report.failed.append((link, str(exc)))
        _record(feed, link, title, FeedItem.Outcome.FAILED, str(exc))
        return
    if result.outcome == "skipped":
        report.skipped[result.error] = report.skipped.get(result.error, 0) + 1
        _record(feed, link, title, FeedItem.Outcome.SKIPPED, result.error)
    elif result.outcome == "present":
        report.skipped["already in the archive"] = report.skipped.get("already in the archive", 0) + 1
        _record(feed, link, title, FeedItem.Outcome.PRESENT, "the same text is archived", result.article)
    else:
        report.imported += 1
        _record(feed, link, title, FeedItem.Outcome.IMPORTED, "", result.article)


@transaction.atomic
def _record(feed, link, title, outcome, reason, article=None):
    FeedItem.objects.update_or_create(feed=feed, link=link[:1000], defaults={
        "title": title, "outcome": outcome, "reason": reason[:500], "article": article})


def poll(feeds):
    knowledge = current_knowledge()
    return [poll_feed(feed, knowledge) for feed in feeds]
