"""Whole public pages in Django's cache, dropped as soon as anything in the archive changes.

A page is stored under its absolute URL and the archive's current Edition: the number of the
database's edition row, and the epoch drawn when that row was made. Every change the public can
see moves the number on: a save or delete of a published article, of what it shows (statements,
participants, related items, tags, its exchange), of the gazetteer and the taxonomy (signals
below), every bulk change and import of published articles (callers use bump()). So no page is
ever served from before a change, and stale entries are simply never asked for again and expire.
Drafts are the public's business only once published: saving one, or importing a batch of them,
leaves every cached page in place, since on a working day editors save drafts every few minutes.
The epoch keeps apart two databases sharing a cache, or one database made anew, whose numbers
start again from the same values. Reading the number costs one primary-key query per
request, the price of being right across server processes with a per-process cache.
"""
import hashlib
import threading
from contextlib import contextmanager
from functools import wraps

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

TIMEOUT = 60 * 60  # an hour; an unchanged archive recomputes its pages hourly at most
EDITION_PK = 1


def edition():
    return current()[1]


def current():
    """(epoch, number) of the archive's edition, in one primary-key query."""
    from .models import Edition

    row = Edition.objects.filter(pk=EDITION_PK).values_list("epoch", "number").first()
    return row or ("", 0)


_state = threading.local()


def bump(**kwargs):
    """Move the edition on: every cached page is outdated from now on."""
    from .models import Edition

    if getattr(_state, "held", 0):
        _state.pending = True
        return
    now = timezone.now()
    if not Edition.objects.filter(pk=EDITION_PK).update(number=F("number") + 1, changed_at=now):
        Edition.objects.get_or_create(pk=EDITION_PK, defaults={"number": 1, "changed_at": now})


@contextmanager
def one_bump():
    """Many changes, one bump at the end (an import saves dozens of rows per article)."""
    _state.held = getattr(_state, "held", 0) + 1
    try:
        yield
    except BaseException:
        # The changes are being rolled back: nothing to announce, and no query may run now.
        _state.held -= 1
        if not _state.held:
            _state.pending = False
        raise
    _state.held -= 1
    if not _state.held and getattr(_state, "pending", False):
        _state.pending = False
        bump()


# A streamed export (?format=csv|json) is kept too when it is no larger than this: researchers share
# and re-download filtered exports, and each one costs seconds of a server process to make again.
# A larger one (the whole archive) is streamed every time, so that it never sits in memory whole.
STREAM_MAX_BYTES = 8 * 1024 * 1024
HEADERS_KEPT = ("Content-Type", "Content-Disposition")


def cached_page(view):
    """Serve a GET from the cache when this URL was rendered for the current edition; store a 200 otherwise."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        try:
            epoch, number = current()
        except DatabaseError:
            return view(request, *args, **kwargs)  # the view meets the same error and answers it
        url = hashlib.sha256(request.build_absolute_uri().encode("utf-8")).hexdigest()
        key = f"page:{epoch}:{number}:{url}"
        response = cache.get(key)
        if isinstance(response, StoredStream):
            return response.response()
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and response.streaming:
                response.streaming_content = _kept_while_small(key, response, response.streaming_content)
            elif response.status_code == 200:
                if callable(getattr(response, "render", None)):
                    response.render()
                # One piece: a response built by write() (the feeds write ~1,000 pieces) is otherwise
                # sent a piece per socket write, which tripled the time of a cached feed.
                response.content = response.content
                cache.set(key, response, TIMEOUT)
        return response

    return wrapper


class StoredStream:
    """A streamed response's body and headers, as kept in the cache."""

    def __init__(self, body, headers):
        self.body, self.headers = body, headers

    def response(self):
        response = HttpResponse(self.body)
        for name, value in self.headers.items():
            response[name] = value
        return response


def _kept_while_small(key, response, stream):
    """The stream, passed on as it comes; kept in the cache once it has ended, unless it grew too large."""
    headers = {name: response[name] for name in HEADERS_KEPT if response.has_header(name)}
    parts, size = [], 0
    for part in stream:
        if parts is not None:
            parts.append(part)
            size += len(part)
            if size > STREAM_MAX_BYTES:
                parts = None
        yield part
    if parts is not None:
        cache.set(key, StoredStream(b"".join(parts), headers), TIMEOUT)


def was_or_is_public(article, created=False):
    """Whether a change to `article` can show on a public page: it is published, or was when it was
    read or last saved (Article keeps that status as `_loaded_status`).

    An existing row whose earlier status is not known (an instance made by hand with a primary key)
    may have been published: it counts as public.
    """
    from .models import Status

    loaded = getattr(article, "_loaded_status", None)
    if Status.PUBLISHED in (article.status, loaded):
        return True
    return loaded is None and not created


def _public_change(exchanges, facets=True):
    """A change the public can see, to what these exchanges show: outdate the pages, and queue the
    exchanges' facets (archive/facets.py) unless the change cannot touch them."""
    bump()
    if facets:
        from . import facets as exchange_facets  # it imports the models, which import this module

        exchange_facets.mark(exchanges)


def _article_saved(sender, instance, created=False, **kwargs):
    if was_or_is_public(instance, created):
        _public_change([instance.exchange_id, getattr(instance, "_loaded_exchange_id", None)])


def _article_deleted(sender, instance, **kwargs):
    if was_or_is_public(instance):
        _public_change([instance.exchange_id])


def _public_exchanges(article_ids):
    """The exchanges of those of these articles that are published."""
    from .models import Article

    return set(Article.objects.published().filter(pk__in=article_ids).values_list("exchange_id", flat=True))


def _part_changed(sender, instance, **kwargs):
    """A statement or a participant: public when its article is."""
    if exchanges := _public_exchanges([instance.article_id]):
        _public_change(exchanges)


def _related_changed(sender, instance, **kwargs):
    """A related item: public when its article is, and no facet of its exchange."""
    if exchanges := _public_exchanges([instance.article_id]):
        _public_change(exchanges, facets=False)


def _exchange_changed(sender, instance, **kwargs):
    from .models import Article

    if Article.objects.published().filter(exchange_id=instance.pk).exists():
        _public_change([instance.pk], facets=kwargs.get("signal") is post_save)


def _tags_changed(sender, instance, action, reverse, pk_set, model, **kwargs):
    """Issue tags of an article or a statement, from either end of the relation."""
    from .models import Article, Issue, Position

    if not action.startswith("post"):
        return
    if isinstance(instance, Issue):  # issue.articles.add(…) or issue.positions.add(…)
        if action == "post_clear":  # which rows went is no longer known
            _public_change(Article.objects.published().values_list("exchange_id", flat=True))
            return
        if model is Article:
            articles = pk_set or ()
        else:
            articles = Position.objects.filter(pk__in=pk_set or ()).values("article_id")
        exchanges = _public_exchanges(articles)
    elif isinstance(instance, Article):
        exchanges = {instance.exchange_id} if was_or_is_public(instance) else set()
    else:
        exchanges = _public_exchanges([instance.article_id])
    if exchanges:
        _public_change(exchanges)


def _issue_deleted(sender, instance, **kwargs):
    """An issue gone moves the bits of the issues after it (facets.issue_bits()): every exchange again."""
    bump()
    from . import facets

    facets.mark_all()


def connect():
    """Bump the edition on every change the public can see (called from AppConfig.ready)."""
    from . import models

    handlers = [(models.Article, _article_saved, _article_deleted)]
    handlers += [(model, _part_changed, _part_changed) for model in (models.Position, models.Participation)]
    handlers += [(models.RelatedLink, _related_changed, _related_changed)]
    handlers += [(models.Exchange, _exchange_changed, _exchange_changed)]
    # The gazetteer, the taxonomy and the outlets are listed on public pages whether or not any
    # published article names them.
    handlers += [(model, bump, bump) for model in (models.Actor, models.Role, models.Office, models.Outlet)]
    handlers += [(models.Issue, bump, _issue_deleted)]
    for model, saved, deleted in handlers:
        post_save.connect(saved, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    for through in (models.Article.issues.through, models.Position.issues.through):
        m2m_changed.connect(_tags_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through.__name__}")
