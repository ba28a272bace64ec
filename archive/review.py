"""The editors' review desk: the queue ordered by doubt, the corrections made on the review screen, and
the extractor's kept record beside the editors' values (archive/agreement.py measures the two).

Every correction is one function here, called by one form of the review screen (archive/admin.py):
it refuses a save when the article changed since the form was opened, marks the field as an
editor's so that re-extraction leaves it alone, and goes through save(), so the history has it.
"""
import datetime

from django.db import transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import agreement
from .models import Actor, Article, Certainty, Origin, Participation, Position, PositionSide, Side, Status

# Why an article is in the queue, with how much each weighs in its order.
REASONS = {
    "open_year": (_("the year is open"), 4),
    "one_side": (_("no participant on one side"), 3),
    "kind_other": (_("kind not recognised"), 3),
    "same_exchange": (_("possibly the same exchange as another report"), 2),
    "unknown_speaker": (_("a speaker not in the gazetteer"), 2),
    "unsure": (_("statements whose side is unsure"), 1),
    "unknown_outlet": (_("an outlet not in the registry"), 1),
}


class StaleArticle(Exception):
    """The article changed since the form was opened: nothing is saved."""


def _conditions():
    positions = Position.objects.filter(article=OuterRef("pk"))
    sides = Participation.objects.filter(article=OuterRef("pk"))
    return {
        "open_year": Q(event_date__isnull=True),
        "one_side": ~Q(Exists(sides.filter(side=Side.CN))) | ~Q(Exists(sides.filter(side=Side.US))),
        "kind_other": Q(kind="other"),
        "same_exchange": Q(match_candidate__isnull=False),
        "unknown_speaker": Q(Exists(positions.filter(doubt="speaker"))),
        "unsure": Q(Exists(positions.filter(doubt="side"))),
        "unknown_outlet": Q(outlet__isnull=True) | Q(outlet__marks=""),
    }


def queue(articles=None, reason=None, outlet=None, batch=None):
    """Drafts and reviewed-but-unpublished articles, most doubtful first, each annotated with its reasons."""
    articles = articles if articles is not None else Article.objects.all()
    articles = articles.exclude(status=Status.PUBLISHED).filter(reviewed_at__isnull=True)
    conditions = _conditions()
    flags = {f"doubt_{code}": Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
             for code, condition in conditions.items()}
    articles = articles.annotate(**flags)
    score = sum((Case(When(conditions[code], then=Value(weight)), default=Value(0), output_field=IntegerField())
                 for code, (_label, weight) in REASONS.items()), Value(0))
    articles = articles.annotate(doubt=score, unsure_count=Count("positions", filter=Q(positions__doubt="side")))
    if reason in conditions:
        articles = articles.filter(conditions[reason])
    if outlet:
        articles = articles.filter(outlet__slug=outlet)
    if batch:
        articles = articles.filter(import_batch=batch)
    return articles.select_related("outlet").order_by("-doubt", "-unsure_count", "created_at", "pk")


def reasons_of(article):
    """The labels of an annotated queue row's reasons, heaviest first."""
    return [label for code, (label, _weight) in REASONS.items() if getattr(article, f"doubt_{code}", 0)]


def next_in_queue(after):
    """The queue's first article other than `after`, or None."""
    return queue().exclude(pk=after.pk).first()


# -- the record now, beside the record as extracted ---------------------------------------------------
def current_record(article):
    """The editors' values of an article, in the shape of Article.extracted."""
    return {
        "event_date": article.event_date.isoformat() if article.event_date else None,
        "certainty": article.date_certainty,
        "kind": article.kind,
        "outlet": article.outlet.slug if article.outlet else None,
        "participants": [{"slug": p.actor.slug, "name": p.actor.name, "side": p.side}
                         for p in article.participations.select_related("actor")],
        "issues": sorted(article.issues.values_list("slug", flat=True)),
        "positions": [
            {"side": p.side, "speaker": p.speaker.slug if p.speaker else None, "text": p.text,
             "span": [p.span_start, p.span_end] if p.span_start is not None else None, "pk": p.pk, "origin": p.origin}
            for p in article.positions.select_related("speaker").order_by("order", "pk")
        ],
    }


def statement_changes(article):
    """{position pk: {"extracted_side", "extracted_speaker"} or {"added": True}} against the extractor's record,
    and the extracted statements editors dropped."""
    current = current_record(article)["positions"]
    pairs, left = agreement._pair((article.extracted or {}).get("positions", []), current)
    changes = {}
    for item, now in pairs:
        if now is not None and (now["side"] != item["side"] or (now["speaker"] or None) != (item.get("speaker") or None)):
            changes[now["pk"]] = {"extracted_side": item["side"], "extracted_speaker": item.get("speaker")}
    for now in left:
        changes[now["pk"]] = {"added": True}
    dropped = [item for item, now in pairs if now is None]
    return changes, dropped


# -- corrections ------------------------------------------------------------------------------------------
def _locked(article_pk, version):
    article = Article.objects.select_for_update().get(pk=article_pk)
    if str(article.version) != str(version):
        raise StaleArticle
    return article


def _edited(article, *fields):
    article.mark_edited(fields)
    article.save()  # the version moves on, and the history keeps the change with its editor
    article.refresh_search()


@transaction.atomic
def set_side(article_pk, version, position_pk, side):
    article = _locked(article_pk, version)
    if side not in PositionSide.values:
        raise ValueError(side)
    position = article.positions.get(pk=position_pk)
    position.side, position.doubt = side, ""
    position.origin = Origin.EDITED if position.origin == Origin.EXTRACTED else position.origin
    position.save()
    _edited(article, "positions")
    return article


@transaction.atomic
def set_speaker(article_pk, version, position_pk, actor_slug):
    article = _locked(article_pk, version)
    position = article.positions.get(pk=position_pk)
    position.speaker = Actor.objects.get(slug=actor_slug) if actor_slug else None
    if position.speaker is not None:
        position.body = ""
    position.doubt = ""
    position.origin = Origin.EDITED if position.origin == Origin.EXTRACTED else position.origin
    position.save()
    _edited(article, "positions")
    return article


@transaction.atomic
def accept(article_pk, version, position_pk):
    """The statement is right as it is: its doubt is cleared."""
    article = _locked(article_pk, version)
    position = article.positions.get(pk=position_pk)
    position.doubt = ""
    position.save()
    _edited(article, "positions")
    return article


@transaction.atomic
def drop(article_pk, version, position_pk):
    article = _locked(article_pk, version)
    article.positions.get(pk=position_pk).delete()
    _edited(article, "positions")
    return article


@transaction.atomic
def add(article_pk, version, start, end, side, actor_slug=""):
    """A statement the extractor missed, from a stretch of the raw text (its span is kept)."""
    article = _locked(article_pk, version)
    start, end = int(start), int(end)
    if not 0 <= start < end <= len(article.raw_text) or side not in PositionSide.values:
        raise ValueError("span or side")
    text = article.raw_text[start:end].strip()
    if not text:
        raise ValueError("empty")
    last = article.positions.order_by("-order").values_list("order", flat=True).first()
    Position.objects.create(
        article=article, side=side, text=text, span_start=start, span_end=end, origin=Origin.ADDED,
        speaker=Actor.objects.get(slug=actor_slug) if actor_slug else None, order=(last or 0) + 1,
    )
    _renumber(article)
    _edited(article, "positions")
    return article


def _renumber(article):
    """Statements in the order they stand in the raw text (those without a span keep their place)."""
    positions = list(article.positions.all())
    positions.sort(key=lambda p: (p.span_start if p.span_start is not None else float("inf"), p.order, p.pk))
    for order, position in enumerate(positions):
        if position.order != order:
            position.order = order
            position.save(update_fields=["order"])


@transaction.atomic
def merge_next(article_pk, version, position_pk):
    """Join a statement and the one after it into one (the speaker and side of the first)."""
    article = _locked(article_pk, version)
    positions = list(article.positions.order_by("order", "pk"))
    index = next(i for i, p in enumerate(positions) if p.pk == int(position_pk))
    if index + 1 >= len(positions):
        raise ValueError("last")
    first, second = positions[index], positions[index + 1]
    first.text = f"{first.text} {second.text}"
    if first.span_start is not None and second.span_end is not None:
        first.span_end = max(first.span_end, second.span_end)
    first.origin = Origin.EDITED if first.origin == Origin.EXTRACTED else first.origin
    first.save()
    first.issues.add(*second.issues.all())
    second.delete()
    _edited(article, "positions")
    return article


@transaction.atomic
def split(article_pk, version, position_pk, at):
    """Cut a statement in two at a character of its text; the second part keeps the side and speaker."""
    article = _locked(article_pk, version)
    position = article.positions.get(pk=position_pk)
    at = int(at)
    head, tail = position.text[:at].strip(), position.text[at:].strip()
    if not head or not tail:
        raise ValueError("at")
    second = Position.objects.create(
        article=article, side=position.side, speaker=position.speaker, body=position.body, text=tail,
        origin=Origin.ADDED, order=position.order, doubt=position.doubt,
        span_start=position.span_start + at if position.span_start is not None else None,
        span_end=position.span_end,
    )
    second.issues.set(position.issues.all())
    position.text = head
    if position.span_start is not None:
        position.span_end = position.span_start + at
    position.origin = Origin.EDITED if position.origin == Origin.EXTRACTED else position.origin
    position.save()
    _renumber(article)
    _edited(article, "positions")
    return article


@transaction.atomic
def set_date(article_pk, version, value):
    """A full date ("2019-04-12"), or a year when the evidence gives the day and month."""
    article = _locked(article_pk, version)
    value = (value or "").strip()
    if value.isdigit() and len(value) == 4:
        day = next((e for e in article.date_evidence or () if "day" in e and "month" in e), None)
        if day is None:
            raise ValueError("no day")
        value = datetime.date(int(value), day["month"], day["day"]).isoformat()
    article.event_date = datetime.date.fromisoformat(value)
    article.date_certainty = Certainty.EXACT
    article.date_evidence = [*article.date_evidence, {"code": "set_by_editor", "date": value}]
    article.mark_edited(["event_date", "date_certainty"])
    article.save()
    return article


@transaction.atomic
def set_kind(article_pk, version, kind):
    article = _locked(article_pk, version)
    if kind not in dict(Article._meta.get_field("kind").choices):
        raise ValueError(kind)
    article.kind = kind
    article.mark_edited(["kind"])
    article.save()
    return article


@transaction.atomic
def add_participant(article_pk, version, actor_slug, side):
    article = _locked(article_pk, version)
    actor = Actor.objects.get(slug=actor_slug)
    if side not in Side.values:
        raise ValueError(side)
    last = article.participations.order_by("-order").values_list("order", flat=True).first()
    Participation.objects.get_or_create(article=article, actor=actor, defaults={"side": side, "order": (last or 0) + 1})
    _edited(article, "participants")
    return article


@transaction.atomic
def remove_participant(article_pk, version, actor_slug):
    article = _locked(article_pk, version)
    article.participations.filter(actor__slug=actor_slug).delete()
    _edited(article, "participants")
    return article


@transaction.atomic
def mark_reviewed(article_pk, version, username):
    article = _locked(article_pk, version)
    article.status = Status.REVIEWED if article.status == Status.DRAFT else article.status
    article.reviewed_at, article.reviewed_by = timezone.now(), username
    article.save()  # the page cache is outdated by the save when the article is public
    return article


# -- the report ---------------------------------------------------------------------------------------------
def reviewed_rows(since=None):
    """(version, outlet, extracted, current) of every article editors reviewed, for agreement.report()."""
    articles = Article.objects.filter(reviewed_at__isnull=False).exclude(extracted={}).select_related("outlet")
    if since:
        articles = articles.filter(reviewed_at__date__gte=since)
    for article in articles.order_by("pk").iterator(chunk_size=200):
        yield (article.extractor_version, article.outlet.name if article.outlet else None, article.extracted,
               current_record(article))


def segments(article, positions):
    """The raw text cut at the statements' spans: (text, position or None) in order, for highlighting."""
    spans = sorted((p for p in positions if p.span_start is not None), key=lambda p: (p.span_start, p.span_end))
    raw, out, at = article.raw_text, [], 0
    for position in spans:
        if position.span_start < at:
            continue  # overlapping another statement: listed on the right, not highlighted twice
        if position.span_start > at:
            out.append((raw[at:position.span_start], None))
        out.append((raw[position.span_start:position.span_end], position))
        at = position.span_end
    out.append((raw[at:], None))
    return [(text, position) for text, position in out if text]


FIELDS_SHOWN = ("event_date", "kind", "outlet", "participants", "issues", "positions")


def reextraction_preview(article, record_dict):
    """What re-running the extractor would change: [(field, now, then)] for the fields editors left alone,
    and the fields it would keep because an editor set them."""
    from .importer import machine_record

    then = machine_record(record_dict)
    now = current_record(article)
    kept = set(article.edited_fields or [])
    changes = []

    def people(record):
        return sorted(f"{p.get('name')} ({p['side']})" for p in record["participants"])

    def said(record):
        return sorted(f"{p['side']}: {p['text'][:80]}" for p in record["positions"])

    shown = {
        "event_date": (now["event_date"], then["event_date"]), "kind": (now["kind"], then["kind"]),
        "outlet": (now["outlet"], then["outlet"]), "participants": (people(now), people(then)),
        "issues": (sorted(now["issues"]), sorted(then["issues"])), "positions": (said(now), said(then)),
    }
    field_of = {"participants": "participants", "positions": "positions", "event_date": "event_date"}
    for name in FIELDS_SHOWN:
        before, after = shown[name]
        if field_of.get(name, name) in kept or before == after:
            continue
        if isinstance(before, list):
            # Only what differs: what would go, and what would come.
            before, after = [x for x in before if x not in after], [x for x in after if x not in before]
            changes.append((name, "\n".join(before), "\n".join(after)))
        else:
            changes.append((name, before or "", after or ""))
    return changes, sorted(kept)
