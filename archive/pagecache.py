"""Whole public pages in Django's cache, dropped as soon as anything in the archive changes.

A page is stored under its absolute URL and the archive's current Edition: the number of the
database's edition row, and the epoch drawn when that row was made. Every save or delete of
archive content (signals below), every bulk change (callers use bump()) and every import moves the
number on, so no page is ever served from before a change: stale entries are simply never asked
for again and expire. The epoch keeps apart two databases sharing a cache, or one database made
anew, whose numbers start again from the same values. Reading the number costs one primary-key query per
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
    if not Edition.objects.filter(pk=EDITION_PK).update(number=F("number") + 1):
        Edition.objects.get_or_create(pk=EDITION_PK, defaults={"number": 1})


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
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if callable(getattr(response, "render", None)):
                    response.render()
                # One piece: a response built by write() (the feeds write ~1,000 pieces) is otherwise
                # sent a piece per socket write, which tripled the time of a cached feed.
                response.content = response.content
                cache.set(key, response, TIMEOUT)
        return response

    return wrapper


def connect():
    """Bump the edition on every change to what the public pages show (called from AppConfig.ready)."""
    from . import models

    watched = [models.Article, models.Position, models.Participation, models.RelatedLink, models.Issue,
               models.Actor, models.Role, models.Office, models.Outlet, models.Exchange]
    for model in watched:
        post_save.connect(bump, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    for through in (models.Article.issues.through, models.Position.issues.through):
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"pagecache-m2m-{through.__name__}")
