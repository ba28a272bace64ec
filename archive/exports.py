"""?format=csv and ?format=json on the timeline and the statements table.

Every row of the filtered set (not one page), streamed in chunks, under the field names of the
codebook (archive/codebook.py, shown at /data/), which stay stable: fields are added at the end, never
renamed. Dates are ISO 8601; every row carries a permalink (the Vietnamese URL, which never carries a
language prefix): the exchange's in the exchanges file, one row per exchange however many articles
report it; the statement's place in its article's page in the statements file; and the stable
identifiers of each. In CSV a field with several values joins them with "; ", and text a spreadsheet
would run as a formula is neutralised; JSON keeps lists and text as they are.
"""
import csv
import json

from django.http import StreamingHttpResponse

from . import codebook, eventcodes
from .lists import permalink
from .models import Article, Exchange, KnownExchange, Kind, Participation, Position, Side, Status

FORMATS = ("csv", "json")
CHUNK = 500  # rows fetched per query; prefetches run once per chunk

# The columns of each file, in order, as the codebook defines them (/data/).
EXCHANGE_FIELDS = codebook.EXCHANGES.names
POSITION_FIELDS = codebook.STATEMENTS.names


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


def _permalinks(request, model=Article):
    """slug -> permalink, built from one reversed URL rather than one reverse() per row."""
    base = permalink(request, model(slug="__slug__"))
    return lambda slug: base.replace("__slug__", slug) if slug else None


REPORT_VALUES = ["pk", "exchange_id", "slug", "title", "outlet__name", "source_url", "published_on", "lead"]


def _unique(values):
    return list(dict.fromkeys(value for value in values if value))


def venues_from_chronology(days):
    """{day: venue} of the days in `days` whose meetings and summits in the chronology all took place in
    the same country: where an exchange of that day took place when no editor has said. A day with
    meetings in two countries says nothing."""
    found = {}
    for day, venue in (KnownExchange.objects.filter(event_date__in=days, kind__in=[Kind.MEETING, Kind.SUMMIT])
                       .values_list("event_date", "venue")):
        found.setdefault(day, []).append(venue)
    return {day: venues[0] for day, venues in found.items()
            if all(venues) and len({eventcodes.host_of(venue) for venue in venues}) == 1}


def exchange_rows(request, exchanges):
    link, exchange_link = _permalinks(request), _permalinks(request, Exchange)
    fields = ["pk", "slug", "event_date", "date_certainty", "kind", "public_id", "venue"]
    for chunk in _chunks(exchanges, fields):
        ids = [row["pk"] for row in chunk]
        # Three queries per chunk for what prefetch_related would fetch, without building objects.
        reports = _grouped(
            (r["exchange_id"], r) for r in Article.objects.published().filter(exchange_id__in=ids).order_by("pk")
            .values(*REPORT_VALUES)
        )
        taking_part = list(
            Participation.objects.filter(article__exchange_id__in=ids, article__status=Status.PUBLISHED)
            .order_by("article_id", "order", "pk").values("article__exchange_id", "side", "actor__name",
                                                          "actor__wikidata")
        )
        people = _grouped(((p["article__exchange_id"], p["side"]), p["actor__name"]) for p in taking_part)
        wikidata = _grouped((p["article__exchange_id"], p["actor__wikidata"]) for p in taking_part)
        chronology = venues_from_chronology(
            {row["event_date"] for row in chunk if row["event_date"] and not row["venue"]
             and row["kind"] in (Kind.MEETING, Kind.SUMMIT)})
        issues = _grouped(
            Article.issues.through.objects.filter(article__exchange_id__in=ids, article__status=Status.PUBLISHED)
            .order_by("issue__slug").values_list("article__exchange_id", "issue__slug")
        )
        for row in chunk:
            pk = row["pk"]
            mine = reports.get(pk, [])
            first = mine[0] if mine else {}
            yield {
                "permalink": exchange_link(row["slug"]),
                "slug": first.get("slug"),
                "title": first.get("title"),
                "event_date": iso(row["event_date"]),
                "date_certainty": row["date_certainty"],
                "kind": row["kind"],
                "outlet": first.get("outlet__name"),
                "source_url": first.get("source_url"),
                "published_on": iso(first.get("published_on")),
                "issues": _unique(issues.get(pk, [])),
                "participants_cn": _unique(people.get((pk, Side.CN), [])),
                "participants_us": _unique(people.get((pk, Side.US), [])),
                "participants_other": _unique(people.get((pk, Side.OTHER), [])),
                "lead": first.get("lead"),
                "exchange": row["slug"],
                "reports": len(mine),
                "outlets": _unique(r["outlet__name"] for r in mine),
                "report_permalinks": [link(r["slug"]) for r in mine],
                "exchange_id": row["public_id"],
                **_codes(row["kind"], row["venue"] or chronology.get(row["event_date"], "")),
                "participants_wikidata": _unique(wikidata.get(pk, [])),
            }


def _codes(kind, venue):
    codes = eventcodes.codes(kind, venue)
    return {"cameo_code": codes.cameo_cn, "cameo_code_us": codes.cameo_us, "plover_type": codes.plover_type,
            "plover_mode": codes.plover_mode}


POSITION_VALUES = ["pk", "article__slug", "article__title", "article__event_date", "article__date_certainty",
                   "article__kind", "article__outlet__name", "order", "side", "speaker__name", "speaker__slug",
                   "body", "text", "span_start", "span_end", "doubt", "article__exchange__slug", "public_id",
                   "article__exchange__public_id", "origin", "speaker__wikidata"]


def position_rows(request, positions):
    link, exchange_link = _permalinks(request), _permalinks(request, Exchange)
    for chunk in _chunks(positions, POSITION_VALUES):
        issues = _grouped(
            Position.issues.through.objects.filter(position_id__in=[row["pk"] for row in chunk])
            .order_by("issue__slug").values_list("position_id", "issue__slug")
        )
        for row in chunk:
            yield {
                "permalink": f"{link(row['article__slug'])}#{row['public_id']}",
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
                "exchange": row["article__exchange__slug"],
                "exchange_permalink": exchange_link(row["article__exchange__slug"]),
                "statement_id": row["public_id"],
                "exchange_id": row["article__exchange__public_id"],
                "origin": row["origin"],
                "speaker_wikidata": row["speaker__wikidata"] or None,
            }


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a stream."""

    def write(self, value):
        return value


# A spreadsheet reads a cell that begins with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text):
    """`text` as a spreadsheet shows it but never runs it: a leading apostrophe before a formula's start,
    as OWASP advises. Numbers are written as numbers and never pass through here."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_cell(value):
    """One CSV cell: several values joined with the codebook's separator, text made spreadsheet-safe,
    None empty."""
    if isinstance(value, list):
        value = codebook.SEPARATOR.join(str(item) for item in value)
    if value is None:
        return ""
    return spreadsheet_safe(value) if isinstance(value, str) else value


def csv_lines(rows, fields):
    """The lines of a CSV file of `rows` (dicts) under the header `fields`: streamed, or written to a file."""
    writer = csv.writer(_Echo())
    yield writer.writerow(fields)
    for row in rows:
        yield writer.writerow([csv_cell(row[field]) for field in fields])


def _json(rows):
    yield "[\n"
    for index, row in enumerate(rows):
        yield ("" if index == 0 else ",\n") + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def stream(rows, fields, fmt, name):
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(rows, fields), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_json(rows), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="song-phuong-{name}.{fmt}"'
    return response


def exchanges(request, exchanges, fmt):
    return stream(exchange_rows(request, exchanges), EXCHANGE_FIELDS, fmt, "exchanges")


def positions(request, positions, fmt):
    return stream(position_rows(request, positions), POSITION_FIELDS, fmt, "positions")
