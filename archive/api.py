"""/api/exchanges and /api/statements: the pages' filters, answered as JSON a page at a time.

- Rows carry the codebook's fields (archive/codebook.py), exactly as the exports write them.
- Pages follow each other by cursor: a row's place is its position in the order rows entered the
  archive, so a row added while a client pages through never shifts the pages it has yet to read
  (no row is skipped or given twice); it shows up at the end. `next` (and a Link header) gives the
  following page; there is none after the last.
- Every answer has an ETag and a Last-Modified from the archive's edition (archive/pagecache.py): a
  client asking again with If-None-Match or If-Modified-Since gets 304 until something public changes.
- Bad input (an unknown filter value, a malformed cursor) is a 400 with the reasons, in JSON.
"""
import base64
import binascii
import hashlib
import json

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import condition, require_GET

from . import exports, facets, pagecache
from .filters import ExchangeFilter, PositionFilter, exchanges_of
from .models import Article, Edition, Exchange, Position

DEFAULT_LIMIT, MAX_LIMIT = 50, 500


class BadRequest(Exception):
    pass


def _cursor(after):
    return base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode().rstrip("=")


def _after(request):
    """The last row of the previous page, from ?cursor=; 0 for the first page."""
    token = request.GET.get("cursor", "")
    if not token:
        return 0
    try:
        after = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))["after"]
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        raise BadRequest("cursor: not a cursor this API gave") from None
    if not isinstance(after, int) or isinstance(after, bool) or after < 0:
        raise BadRequest("cursor: not a cursor this API gave")
    return after


def _limit(request):
    raw = request.GET.get("limit", "")
    if not raw:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadRequest(f"limit: a whole number from 1 to {MAX_LIMIT}")
    return int(raw)


def _checked(filterset):
    if not filterset.is_valid():
        raise BadRequest("; ".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.form.errors.items()))
    return filterset


def _etag(request, *args, **kwargs):
    epoch, number = pagecache.current()
    return hashlib.sha256(f"{epoch}:{number}:{request.get_full_path()}".encode()).hexdigest()[:32]


def _last_modified(request, *args, **kwargs):
    return Edition.objects.filter(pk=pagecache.EDITION_PK).values_list("changed_at", flat=True).first()


def _answer(request, keys, model, rows_of):
    """One page of rows after the cursor, in the order they entered the archive, and the link to the next."""
    limit = _limit(request)
    ids = list(keys.filter(pk__gt=_after(request)).order_by("pk").values_list("pk", flat=True)[:limit + 1])
    more, ids = len(ids) > limit, ids[:limit]
    data = list(rows_of(request, model.objects.filter(pk__in=ids).order_by("pk")))
    following = None
    if more:
        query = request.GET.copy()
        query["cursor"] = _cursor(ids[-1])
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    described = request.build_absolute_uri(reverse("archive:datapackage"))
    response = JsonResponse({"data": data, "next": following, "describedby": described},
                            json_dumps_params={"ensure_ascii": False})
    links = [f'<{described}>; rel="describedby"']
    if following:
        links.insert(0, f'<{following}>; rel="next"')
    response["Link"] = ", ".join(links)
    response["Cache-Control"] = "public, max-age=60"
    return response


def _api(view):
    @require_GET
    @condition(etag_func=_etag, last_modified_func=_last_modified)
    def wrapped(request):
        try:
            return view(request)
        except BadRequest as error:
            return JsonResponse({"error": str(error)}, status=400)
    wrapped.__name__ = view.__name__
    return wrapped


@_api
def exchanges(request):
    facets.refresh()
    filterset = _checked(ExchangeFilter(request.GET, queryset=Article.objects.published()))
    return _answer(request, exchanges_of(filterset), Exchange, exports.exchange_rows)


@_api
def statements(request):
    facets.refresh()
    filterset = _checked(PositionFilter(request.GET, queryset=Position.objects.all()))
    return _answer(request, filterset.filtered(Position.objects.all()), Position, exports.position_rows)

