"""From raw article text to saved records, for the command line and the admin.

    import_text(text, status="draft") -> ImportResult(outcome="created" | "present", article)
    import_many([(name, text), …]) -> (name, ImportResult) for each, a batch of articles per transaction

Articles are saved inside a transaction: a failure leaves nothing half-saved. The same text (after
decoding and NFC normalisation) is stored once, keyed on its SHA-256.
"""
import hashlib
import json
import re
import uuid
from collections import deque
from dataclasses import dataclass

from django.db import DataError, DatabaseError, IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from . import bulk, exchanges, facets, pagecache, vietnamese
from .extraction import VERSION, InputError, Knowledge, extract
from .extraction.decoding import check_text
from .extraction.parallel import extract_batches
from .models import (
    Actor, Article, Capture, Issue, KnownExchange, Office, Origin, Outlet, Participation, Position, RelatedLink, Role,
    Status, sha256_of,
)
from .reference import chronology_of, knowledge_outlets, shipped_chronology, shipped_knowledge


@dataclass
class ImportResult:
    outcome: str  # created | present | dry-run | failed | skipped
    article: Article | None = None
    record: object = None
    error: str = ""  # why, when it failed


def current_knowledge():
    """The gazetteer and taxonomy as editors keep them in the database, or as shipped when it is empty."""
    try:
        if not Actor.objects.exists() or not Issue.objects.exists():
            return shipped_knowledge()
        offices = {o.pk: o.slug for o in Office.objects.all()}
        roles = {}
        for role in Role.objects.all():
            roles.setdefault(role.actor_id, []).append(
                {"office": offices.get(role.office_id), "start": role.start, "end": role.end}
            )
        gazetteer = {
            "offices": [
                {"slug": o.slug, "side": o.side, "name": o.name, "cues": o.cue_list} for o in Office.objects.all()
            ],
            "actors": [
                {"slug": a.slug, "name": a.name, "name_en": a.name_en, "side": a.side, "aliases": a.alias_list,
                 "roles": roles.get(a.pk, [])}
                for a in Actor.objects.all()
            ],
        }
        issues = [{"slug": i.slug, "cues": i.cue_list} for i in Issue.objects.all()]
        # Outlets and the chronology as editors keep them: a mark or a known exchange added in the admin counts at once.
        known = KnownExchange.objects.prefetch_related("cn", "us")
        chronology = chronology_of(known) if known.exists() else shipped_chronology()
        return Knowledge.from_reference(gazetteer, issues, knowledge_outlets(Outlet.objects.all()), chronology)
    except DatabaseError:
        # No database yet (a fresh checkout): the shipped reference data serves.
        return shipped_knowledge()


# Articles written per transaction by import_many(): every table gets one bulk write per batch
# instead of one INSERT per article, which is what lets a large import keep up with extraction.
BATCH = 100


def new_batch():
    """The name of one import run, which editors filter the review queue by: when it started, and a tag that
    tells apart two runs in the same second."""
    return f"{timezone.now():%Y-%m-%d %H:%M:%S} {uuid.uuid4().hex[:4]}"


def import_text(text, *, status=Status.DRAFT, outlet=None, knowledge=None, dry_run=False, source_url="", batch=None):
    """Store one article's raw text with what the extractor finds in it."""
    text = check_text(text)
    existing = Article.objects.filter(raw_sha256=sha256_of(text)).first()
    if existing is not None:
        return ImportResult("present", existing)
    record = extract(text, knowledge or current_knowledge(), outlet_hint=outlet)
    if dry_run:
        return ImportResult("dry-run", None, record)
    with transaction.atomic(), pagecache.one_bump():
        [article] = create_articles([(text, record, source_url)], status, batch or new_batch())
    return ImportResult("created", article, record)


def import_page(html, *, url="", fetched=None, status=Status.DRAFT, knowledge=None, dry_run=False, accept=None):
    """Store the article of a web page (saved HTML, or a fetch by import_url) and, when fetched, the page as a WARC file.

    The raw text is the text the extractor read, made from the page by trafilatura: its headline, a
    dateline from the page's publication time, and the article's text. The page's site name or domain
    gives the outlet when the text names none; its canonical address is the source URL. `accept(record)`
    may refuse the article, giving why (outcome "skipped", nothing saved).
    """
    import base64

    from . import webpages

    page = webpages.read_page(html, url or None)
    knowledge = knowledge or current_knowledge()
    text = check_text(page.text)
    existing = Article.objects.filter(raw_sha256=sha256_of(text)).first()
    if existing is not None:
        return ImportResult("present", existing)
    record = extract(text, knowledge, outlet_hint=page.site_name or page.domain or None)
    refused = accept(record) if accept is not None else None
    if refused:
        return ImportResult("skipped", None, record, refused)
    if dry_run:
        return ImportResult("dry-run", None, record)
    source = page.canonical_url or (fetched.final_url if fetched else url)
    with transaction.atomic(), pagecache.one_bump():
        [article] = create_articles([(text, record, source[:1000])], status, new_batch())
        if page.published and article.published_on != page.published:
            article.published_on = page.published
            article.save(update_fields=["published_on"])
        if fetched is not None:
            warc = webpages.warc_of(fetched)
            Capture.objects.create(
                article=article, url=fetched.url[:2000], final_url=fetched.final_url[:2000],
                redirects=[list(r) for r in fetched.redirects], fetched_at=fetched.fetched_at,
                warc=base64.b64encode(warc).decode("ascii"), warc_sha256=hashlib.sha256(warc).hexdigest(),
            )
    return ImportResult("created", article, record)


def import_url(url, **kwargs):
    """Fetch a page and import it (import_page); raises webpages.PageError with the reason when it cannot."""
    from django.conf import settings

    from . import webpages

    fetched = webpages.fetch(url, timeout=settings.IMPORT_TIMEOUT, max_bytes=settings.IMPORT_MAX_PAGE_BYTES,
                             allow_private=settings.IMPORT_ALLOW_PRIVATE_HOSTS)
    return import_page(webpages.decode_body(fetched), url=url, fetched=fetched, **kwargs)


def import_many(named_texts, *, status=Status.DRAFT, outlet=None, knowledge=None, dry_run=False, batch_size=BATCH,
                jobs=0):
    """import_text() for many (name, text) pairs, a batch per transaction; yields (name, ImportResult) in order.

    With jobs=N, N worker processes extract the coming batches while this one stores the current
    one. A text that cannot be imported gives outcome "failed" with the reason, and the rest go
    on: if the database refuses a batch, its articles are stored one by one so that only the
    culprit is left out.
    """
    knowledge = knowledge or current_knowledge()
    queued, stored = deque(), {}
    run = new_batch()  # one name for the whole run, however many batches it writes

    def to_extract():
        for batch in _checked_batches(named_texts, batch_size):
            queued.append(batch)
            yield [item.text for item in batch if item.result is None]

    for extractions in extract_batches(to_extract(), knowledge, outlet_hint=outlet, jobs=jobs):
        batch = queued.popleft()
        new = [item for item in batch if item.result is None]
        for item, extraction in zip(new, extractions):
            if isinstance(extraction, InputError):
                item.result = ImportResult("failed", error=str(extraction))
            else:
                item.record = extraction
        new = [item for item in new if item.result is None]
        if dry_run:
            for item in new:
                item.result = ImportResult("dry-run", None, item.record)
        elif new:
            _store(new, status, run)
        for item in batch:
            if item.result.outcome == "created":
                stored[item.sha] = item.result.article
            elif item.result.outcome == "present" and item.result.article is None:
                item.result.article = stored.get(item.sha)  # given twice in this run: the copy stored first
            yield item.name, item.result


@dataclass
class _Item:
    name: str
    text: str
    sha: str = ""
    result: ImportResult | None = None  # None while it is still to be extracted and stored
    record: object = None


def _checked_batches(named_texts, batch_size):
    """Batches of _Items, each text checked and looked up: what is refused or already archived has its result."""
    seen = set()
    for chunk in bulk.batches(named_texts, batch_size):
        items = []
        for name, text in chunk:
            try:
                text = check_text(text)
            except InputError as exc:
                items.append(_Item(name, text, result=ImportResult("failed", error=str(exc))))
                continue
            items.append(_Item(name, text, sha256_of(text)))
        shas = {item.sha for item in items if item.result is None}
        archived = {a.raw_sha256: a for a in Article.objects.filter(raw_sha256__in=shas)} if shas else {}
        for item in items:
            if item.result is not None:  # refused above
                continue
            if item.sha in archived or item.sha in seen:
                item.result = ImportResult("present", archived.get(item.sha))
            seen.add(item.sha)
        yield items


def _store(new, status, batch=""):
    """Give each new _Item its result: all stored in one transaction, or one by one if the batch is refused."""
    try:
        with transaction.atomic(), pagecache.one_bump():
            articles = create_articles([(item.text, item.record, "") for item in new], status, batch)
    except (IntegrityError, DataError) as exc:
        if len(new) > 1:
            for item in new:
                _store([item], status, batch)
            return
        item = new[0]
        present = Article.objects.filter(raw_sha256=item.sha).first()
        if present is not None:  # stored meanwhile by another import
            item.result = ImportResult("present", present)
        else:
            item.result = ImportResult("failed", error=f"the database refused it: {exc}")
        return
    for item, article in zip(new, articles):
        item.result = ImportResult("created", article, item.record)


def create_articles(items, status, batch=""):
    """Insert new articles, each given as (text, record, source_url), with everything extracted from them.

    One bulk write per table for the whole list, whatever its length (archive/bulk.py). Callers hold
    the transaction and the page-cache bump. Bulk writes send no signals: the history of the
    articles is written here, and the search columns are filled as the rows go in.
    """
    records = [record.to_dict() for _, record, _ in items]
    issues = {i.slug: i for i in Issue.objects.all()}
    outlets = _outlets(records)
    actors = _actors(records)
    slugs = Article.unique_slugs([data["title"][:500] for data in records])
    articles = []
    for (text, record, source_url), data, slug in zip(items, records, slugs):
        article = Article(raw_text=text, status=status, source_url=source_url, slug=slug, version=1, import_batch=batch)
        for field, value in _values(record, data, outlets).items():
            setattr(article, field, value)
        article.derive()
        article.set_search([p["text"] for p in data["positions"]])
        articles.append(article)
    participations = [_participations(article, data, actors) for article, data in zip(articles, records)]
    # Each joins the exchange it reports, or starts one (archive/exchanges.py, archive/matching.py).
    joined = exchanges.assign(articles, participations)
    bulk.insert_articles(articles)
    Article.history.bulk_history_create(articles)
    bulk.insert(Article.issues.through, [
        Article.issues.through(article_id=article.pk, issue_id=issues[slug].pk)
        for article, data in zip(articles, records) for slug in dict.fromkeys(data["issues"]) if slug in issues
    ])
    for article, rows in zip(articles, participations):
        for row in rows:
            row.article_id = article.pk
    bulk.insert(Participation, [row for rows in participations for row in rows])
    exchanges.refresh(joined)
    _create_positions([(article, data) for article, data in zip(articles, records)], actors, issues)
    links = [row for article, data in zip(articles, records) for row in _related_links(article, data)]
    _point_at_archived(links)
    bulk.insert(RelatedLink, links)
    _link_listed_earlier(articles)
    if status == Status.PUBLISHED:  # drafts show nowhere public; a draft that changed a published exchange bumped with it
        pagecache.bump()
        facets.mark(article.exchange_id for article in articles)
    return articles


def reextract(article, knowledge=None):
    """Run extraction again on an article's raw text, leaving alone whatever an editor changed."""
    record = extract(article.raw_text, knowledge or current_knowledge())
    with transaction.atomic(), pagecache.one_bump():
        apply_record(article, record)
    return record


@transaction.atomic(savepoint=False)  # callers already hold a transaction; a savepoint costs two round trips
def apply_record(article, record):
    """Write an extraction onto an archived article and its inlines; fields in `edited_fields` are kept."""
    data = record.to_dict()
    keep = set(article.edited_fields or [])
    values = _values(record, data, _outlets([data]))
    if "event_date" in keep or "date_certainty" in keep:
        keep |= {"event_date", "date_certainty", "date_reason", "date_evidence"}
    for field, value in values.items():
        if field not in keep:
            setattr(article, field, value)
    article.search_pending = True  # refreshed once below, after the statements are written
    article.save()

    issues = {i.slug: i for i in Issue.objects.all()}
    if "issues" not in keep:
        article.issues.set([issues[s] for s in dict.fromkeys(data["issues"]) if s in issues])
    actors = _actors([data])
    if "participants" not in keep:
        article.participations.all().delete()
        bulk.insert(Participation, _participations(article, data, actors))
    if "positions" not in keep:
        article.positions.filter(origin=Origin.EXTRACTED).delete()
        _create_positions([(article, data)], actors, issues)
    if "related" not in keep:
        article.related_links.all().delete()
        links = _related_links(article, data)
        _point_at_archived(links)
        bulk.insert(RelatedLink, links)
    _link_listed_earlier([article])
    article.refresh_search()
    if pagecache.was_or_is_public(article):
        pagecache.bump()  # the inlines went in by bulk inserts, which send no signals
        facets.mark([article.exchange_id])
    return article


def machine_record(data):
    """What the extractor decided, as kept beside the editors' values (Article.extracted)."""
    event = data["event"]
    return {
        "event_date": event["date"], "certainty": event["certainty"], "kind": event["kind"],
        "outlet": _outlet_key(data),
        "participants": [{"slug": p["slug"], "name": p["name"], "side": p["side"]} for p in data["participants"]],
        "issues": list(dict.fromkeys(data["issues"])),
        "positions": [{"side": p["side"], "speaker": p["speaker_slug"], "text": p["text"], "span": p["span"]}
                      for p in data["positions"]],
    }


def _values(record, data, outlets):
    """The article's own fields as extracted."""
    return {
        "title": data["title"][:500],
        "outlet": outlets.get(_outlet_key(data)),
        "lead": data["lead"] or "",
        "body": record.body,
        "captions": data["captions"],
        "event_date": record.event_date,
        "date_certainty": data["event"]["certainty"],
        "date_reason": (data["event"]["reason"] or "")[:500],
        "date_evidence": data["event"]["evidence"],
        "kind": data["event"]["kind"],
        "extracted": machine_record(data),
        "extractor_version": VERSION,
    }


def _outlet_key(data):
    """The registry's slug for the record's outlet, or its mark as written when the registry has none."""
    return data["outlet_slug"] or (data["outlet"] or "").casefold() or None


def _outlets(records):
    """{_outlet_key: Outlet} for the records' outlets, creating those the archive does not have yet."""
    wanted = {_outlet_key(data): data for data in records if _outlet_key(data)}
    if not wanted:
        return {}
    found = {}
    for outlet in Outlet.objects.order_by("-pk"):  # a short list; the earliest of two namesakes wins
        found[outlet.name.casefold()] = outlet
        found[outlet.slug] = outlet
    for key, data in sorted(wanted.items()):
        if key not in found:
            # A registry outlet no row holds yet (the reference was not loaded), or a mark it does not list.
            name = data["outlet_name"] if data["outlet_slug"] else data["outlet"]
            found[key] = found.get(name.casefold()) or Outlet.objects.create(name=name, slug=data["outlet_slug"] or "")
    return found


_PERSON_NAME = re.compile(r"^(?:[^\W\d_][\w'’.-]*\s+){1,3}[^\W\d_][\w'’.-]*$")


def _actors(records):
    """{slug or name: Actor} for everyone the records name: gazetteer actors by slug, strangers by name.

    A named stranger becomes a new actor for editors to review.
    """
    slugs, strangers = set(), {}
    for data in records:
        for p in data["participants"]:
            if p.get("slug"):
                slugs.add(p["slug"])
            elif _actor_key(p):
                strangers.setdefault(p["name"], p)
        slugs |= {p["speaker_slug"] for p in data["positions"] if p["speaker_slug"]}
    found = {a.slug: a for a in Actor.objects.filter(slug__in=slugs)} if slugs else {}
    if strangers:
        named = {}
        for actor in Actor.objects.filter(name__in=strangers).order_by("-pk"):
            named[actor.name] = actor
        for name, p in strangers.items():
            found[name] = named.get(name) or Actor.objects.create(
                name=name, name_en=p.get("name_en") or name, side=p["side"]
            )
    return found


def _actor_key(participant):
    """How _actors() finds a participant: the gazetteer slug, or the name of a stranger worth an actor."""
    if participant.get("slug"):
        return participant["slug"]
    name = participant.get("name") or ""
    return name if _PERSON_NAME.match(name) and participant.get("side") in {"CN", "US"} else None


def _participations(article, data, actors):
    seen, rows = set(), []
    for order, p in enumerate(data["participants"]):
        actor = actors.get(_actor_key(p))
        if actor is not None and actor.pk not in seen:
            seen.add(actor.pk)
            side = p["side"] if p["side"] in {"CN", "US"} else "OTHER"
            rows.append(Participation(article=article, actor=actor, side=side, order=order))
    return rows


def _create_positions(pairs, actors, issues):
    """The extracted statements of each (article, record dict), with their issues: two INSERTs in all."""
    rows, tags = [], []
    for article, data in pairs:
        for order, p in enumerate(data["positions"]):
            rows.append(Position(
                article=article, side=p["side"], speaker=actors.get(p["speaker_slug"]) if p["speaker_slug"] else None,
                body=(p["body"] or "")[:300] if not p["speaker_slug"] else "", text=p["text"], order=order,
                span_start=p["span"][0] if p["span"] else None, span_end=p["span"][1] if p["span"] else None,
                doubt=p["doubt"] or "",
            ))
            tags.append([issues[slug] for slug in dict.fromkeys(p["issues"]) if slug in issues])
    Position.give_ids(rows)
    bulk.insert(Position, rows)
    bulk.insert(Position.issues.through, [
        Position.issues.through(position_id=position.pk, issue_id=issue.pk)
        for position, tagged in zip(rows, tags) for issue in tagged
    ])


def _related_links(article, data):
    rows = []
    for order, r in enumerate(data["related"]):
        title = r["title"][:500]
        rows.append(RelatedLink(
            article=article, title=title, title_key=vietnamese.title_key(title), lead=r["lead"] or "",
            published_at=r["published_at"], category=(r["category"] or "")[:200], order=order,
        ))
    return rows


def _point_at_archived(links):
    """Set each related-news item's target to the archived article of that headline, before it is inserted:
    the earliest such article that is not the item's own (one query for all the items)."""
    keys = {link.title_key for link in links if link.title_key}
    if not keys:
        return
    archived = {}
    for pk, key in Article.objects.filter(title_key__in=keys).order_by("pk").values_list("pk", "title_key"):
        archived.setdefault(key, []).append(pk)
    for link in links:
        link.target_id = next((pk for pk in archived.get(link.title_key, ()) if pk != link.article_id), None)


def _link_listed_earlier(articles):
    """Point the unlinked items of older articles that listed these ones among their related news (one UPDATE)."""
    keys = {article.title_key for article in articles if article.title_key}
    if not keys:
        return
    archived = Article.objects.filter(title_key=OuterRef("title_key")).exclude(pk=OuterRef("article_id"))
    RelatedLink.objects.filter(target__isnull=True, title_key__in=keys).update(
        target=Subquery(archived.order_by("pk").values("pk")[:1])
    )


__all__ = [
    "ImportResult", "InputError", "apply_record", "create_articles", "current_knowledge", "import_many", "import_page",
    "import_text", "import_url", "reextract",
]
