"""?format=csv and ?format=json on the timeline and the statements table.

Every row of the filtered set (not one page), streamed in chunks, under field names that stay
stable: add fields at the end, never rename one. Dates are ISO 8601; every row carries the
article's permalink (the Vietnamese URL, which never carries a language prefix). In CSV a field
with several values joins them with "; "; JSON keeps them as lists.
"""
import csv
import json

from django.http import StreamingHttpResponse

from .lists import permalink
from .models import Article, Participation, Position, Side

FORMATS = ("csv", "json")
CHUNK = 500  # rows fetched per query; prefetches run once per chunk

EXCHANGE_FIELDS = [
    "permalink", "slug", "title", "event_date", "date_certainty", "kind", "outlet", "source_url",
    "published_on", "issues", "participants_cn", "participants_us", "participants_other", "lead",
]
POSITION_FIELDS = [
    "permalink", "article_slug", "article_title", "event_date", "date_certainty", "kind", "outlet",
    "order", "side", "speaker", "speaker_slug", "body", "issues", "text", "span_start", "span_end", "needs_review",
]


def iso(day):
    return day.isoformat() if day else None


def _chunks(queryset, fields):
    """Rows of `queryset` as dicts, CHUNK at a time: plain values, no model instances, for speed at 100,000 rows."""
    chunk = []
    for row in queryset.values(*fields).iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _grouped(pairs):
    grouped = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def _permalinks(request):
    """slug -> permalink, built from one reversed URL rather than one reverse() per row."""
    base = permalink(request, Article(slug="__slug__"))
    return lambda slug: base.replace("__slug__", slug)


ARTICLE_VALUES = ["pk", "slug", "title", "event_date", "date_certainty", "kind", "outlet__name", "source_url",
                  "published_on", "lead"]


def exchange_rows(request, articles):
    link = _permalinks(request)
    for chunk in _chunks(articles, ARTICLE_VALUES):
        ids = [row["pk"] for row in chunk]
        # Two queries per chunk for what prefetch_related would fetch, without building objects.
        people = _grouped(
            ((p["article_id"], p["side"]), p["actor__name"])
            for p in Participation.objects.filter(article_id__in=ids).order_by("order", "pk")
            .values("article_id", "side", "actor__name")
        )
        issues = _grouped(
            Article.issues.through.objects.filter(article_id__in=ids).order_by("issue__slug")
            .values_list("article_id", "issue__slug")
        )
        for row in chunk:
            pk = row["pk"]
            yield {
                "permalink": link(row["slug"]),
                "slug": row["slug"],
                "title": row["title"],
                "event_date": iso(row["event_date"]),
                "date_certainty": row["date_certainty"],
                "kind": row["kind"],
                "outlet": row["outlet__name"],
                "source_url": row["source_url"],
                "published_on": iso(row["published_on"]),
                "issues": issues.get(pk, []),
                "participants_cn": people.get((pk, Side.CN), []),
                "participants_us": people.get((pk, Side.US), []),
                "participants_other": people.get((pk, Side.OTHER), []),
                "lead": row["lead"],
            }


POSITION_VALUES = ["pk", "article__slug", "article__title", "article__event_date", "article__date_certainty",
                   "article__kind", "article__outlet__name", "order", "side", "speaker__name", "speaker__slug",
                   "body", "text", "span_start", "span_end", "doubt"]


def position_rows(request, positions):
    link = _permalinks(request)
    for chunk in _chunks(positions, POSITION_VALUES):
        issues = _grouped(
            Position.issues.through.objects.filter(position_id__in=[row["pk"] for row in chunk])
            .order_by("issue__slug").values_list("position_id", "issue__slug")
        )
        for row in chunk:
            yield {
                "permalink": link(row["article__slug"]),
                "article_slug": row["article__slug"],
                "article_title": row["article__title"],
                "event_date": iso(row["article__event_date"]),
                "date_certainty": row["article__date_certainty"],
                "kind": row["article__kind"],
                "outlet": row["article__outlet__name"],
                "order": row["order"],
                "side": row["side"],
                "speaker": row["speaker__name"],
                "speaker_slug": row["speaker__slug"],
                "body": row["body"],
                "issues": issues.get(row["pk"], []),
                "text": row["text"],
                # Offsets into the article's raw text (the statement as the page printed it), and why an
                # editor should check it ("side", "speaker"), empty when nothing is in doubt.
                "span_start": row["span_start"],
                "span_end": row["span_end"],
                "needs_review": row["doubt"],
            }


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a stream."""

    def write(self, value):
        return value


def _csv(rows, fields):
    writer = csv.writer(_Echo())
    yield writer.writerow(fields)
    for row in rows:
        yield writer.writerow([
            "; ".join(value) if isinstance(value, list) else ("" if value is None else value)
            for value in (row[field] for field in fields)
        ])


def _json(rows):
    yield "[\n"
    for index, row in enumerate(rows):
        yield ("" if index == 0 else ",\n") + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def stream(rows, fields, fmt, name):
    if fmt == "csv":
        response = StreamingHttpResponse(_csv(rows, fields), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_json(rows), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="song-phuong-{name}.{fmt}"'
    return response


def exchanges(request, articles, fmt):
    return stream(exchange_rows(request, articles), EXCHANGE_FIELDS, fmt, "exchanges")


def positions(request, positions, fmt):
    return stream(position_rows(request, positions), POSITION_FIELDS, fmt, "positions")
