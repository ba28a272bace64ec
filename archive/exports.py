"""?format=csv and ?format=json on the timeline and the statements table.

Every row of the filtered set (not one page), streamed in chunks, under field names that stay
stable: add fields at the end, never rename one. Dates are ISO 8601; every row carries the
article's permalink (the Vietnamese URL, which never carries a language prefix). In CSV a field
with several values joins them with "; "; JSON keeps them as lists.
"""
import csv
import json

from django.http import StreamingHttpResponse

from .lists import exchanges_for_list, permalink, positions_for_list
from .models import Side

FORMATS = ("csv", "json")
CHUNK = 500  # rows fetched per query; prefetches run once per chunk

EXCHANGE_FIELDS = [
    "permalink", "slug", "title", "event_date", "date_certainty", "kind", "outlet", "source_url",
    "published_on", "issues", "participants_cn", "participants_us", "participants_other", "lead",
]
POSITION_FIELDS = [
    "permalink", "article_slug", "article_title", "event_date", "date_certainty", "kind", "outlet",
    "order", "side", "speaker", "speaker_slug", "body", "issues", "text",
]


def iso(day):
    return day.isoformat() if day else None


def exchange_rows(request, articles):
    for article in exchanges_for_list(articles).iterator(chunk_size=CHUNK):
        by_side = {side: [] for side in Side.values}
        for participation in article.participations.all():
            by_side[participation.side].append(participation.actor.name)
        yield {
            "permalink": permalink(request, article),
            "slug": article.slug,
            "title": article.title,
            "event_date": iso(article.event_date),
            "date_certainty": article.date_certainty,
            "kind": article.kind,
            "outlet": article.outlet.name if article.outlet else None,
            "source_url": article.source_url,
            "published_on": iso(article.published_on),
            "issues": [issue.slug for issue in article.issues.all()],
            "participants_cn": by_side[Side.CN],
            "participants_us": by_side[Side.US],
            "participants_other": by_side[Side.OTHER],
            "lead": article.lead,
        }


def position_rows(request, positions):
    for position in positions_for_list(positions).iterator(chunk_size=CHUNK):
        article = position.article
        yield {
            "permalink": permalink(request, article),
            "article_slug": article.slug,
            "article_title": article.title,
            "event_date": iso(article.event_date),
            "date_certainty": article.date_certainty,
            "kind": article.kind,
            "outlet": article.outlet.name if article.outlet else None,
            "order": position.order,
            "side": position.side,
            "speaker": position.speaker.name if position.speaker else None,
            "speaker_slug": position.speaker.slug if position.speaker else None,
            "body": position.body,
            "issues": [issue.slug for issue in position.issues.all()],
            "text": position.text,
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
