"""From raw article text to saved records: one function used by the command line and the admin.

    import_text(text, status="draft") -> ImportResult(outcome="created" | "present", article)

Each article is saved inside one transaction: a failure leaves nothing half-saved. The same text
(after decoding and NFC normalisation) is stored once, keyed on its SHA-256.
"""
import json
import re
from dataclasses import dataclass

from django.db import DatabaseError, transaction

from . import pagecache, vietnamese
from .extraction import InputError, Knowledge, extract
from .extraction.decoding import check_text
from .models import (
    Actor, Article, Issue, Office, Origin, Outlet, Participation, Position, RelatedLink, Role, Status, sha256_of,
)
from .reference import GAZETTEER_FILE, ISSUES_FILE


@dataclass
class ImportResult:
    outcome: str  # created | present | dry-run
    article: Article | None = None
    record: object = None


def _reference_knowledge():
    with open(GAZETTEER_FILE, encoding="utf-8") as g, open(ISSUES_FILE, encoding="utf-8") as i:
        return Knowledge.from_reference(json.load(g), json.load(i))


def current_knowledge():
    """The gazetteer and taxonomy as editors keep them in the database, or as shipped when it is empty."""
    try:
        if not Actor.objects.exists() or not Issue.objects.exists():
            return _reference_knowledge()
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
        return Knowledge.from_reference(gazetteer, issues)
    except DatabaseError:
        # No database yet (a fresh checkout): the shipped reference data serves.
        return _reference_knowledge()


def import_text(text, *, status=Status.DRAFT, outlet=None, knowledge=None, dry_run=False, source_url=""):
    """Store one article's raw text with what the extractor finds in it."""
    text = check_text(text)
    existing = Article.objects.filter(raw_sha256=sha256_of(text)).first()
    if existing is not None:
        return ImportResult("present", existing)
    record = extract(text, knowledge or current_knowledge(), outlet_hint=outlet)
    if dry_run:
        return ImportResult("dry-run", None, record)
    with transaction.atomic(), pagecache.one_bump():
        article = Article(raw_text=text, status=status, source_url=source_url)
        apply_record(article, record)
    return ImportResult("created", article, record)


def reextract(article, knowledge=None):
    """Run extraction again on an article's raw text, leaving alone whatever an editor changed."""
    record = extract(article.raw_text, knowledge or current_knowledge())
    with transaction.atomic(), pagecache.one_bump():
        apply_record(article, record)
    return record


def _outlet(name):
    if not name:
        return None
    existing = Outlet.objects.filter(name__iexact=name).first()
    return existing or Outlet.objects.create(name=name)


_PERSON_NAME = re.compile(r"^(?:[^\W\d_][\w'’.-]*\s+){1,3}[^\W\d_][\w'’.-]*$")


def _actor(participant, known):
    """The archive's actor for an extracted participant; a named stranger becomes a new actor to review."""
    if participant.get("slug"):
        return known.get(participant["slug"])
    name = participant.get("name") or ""
    if not _PERSON_NAME.match(name) or participant.get("side") not in {"CN", "US"}:
        return None
    actor = Actor.objects.filter(name=name).first()
    return actor or Actor.objects.create(name=name, name_en=participant.get("name_en") or name, side=participant["side"])


@transaction.atomic(savepoint=False)  # callers already hold a transaction; a savepoint costs two round trips
def apply_record(article, record):
    """Write an extraction onto an article and its inlines; fields in `edited_fields` are kept."""
    data = record.to_dict()
    keep = set(article.edited_fields or [])
    values = {
        "title": data["title"][:500],
        "outlet": _outlet(data["outlet"]),
        "lead": data["lead"] or "",
        "body": record.body,
        "captions": data["captions"],
        "event_date": record.event_date,
        "date_certainty": data["event"]["certainty"],
        "date_reason": (data["event"]["reason"] or "")[:500],
        "kind": data["event"]["kind"],
    }
    if "event_date" in keep or "date_certainty" in keep:
        keep |= {"event_date", "date_certainty", "date_reason"}
    for field, value in values.items():
        if field not in keep:
            setattr(article, field, value)
    is_new = article.pk is None
    article.search_pending = True  # refreshed once below, after the statements are written
    article.save()

    issues = {i.slug: i for i in Issue.objects.all()}
    if "issues" not in keep:
        tagged = [issues[s] for s in dict.fromkeys(data["issues"]) if s in issues]
        if is_new:
            Article.issues.through.objects.bulk_create(
                [Article.issues.through(article_id=article.pk, issue_id=issue.pk) for issue in tagged]
            )
        else:
            article.issues.set(tagged)

    # Inlines go in with one bulk insert per table: an import writes a dozen rows per article, and
    # bulk inserts send no signals, hence the explicit pagecache.bump() below.
    slugs = {p["slug"] for p in data["participants"] if p.get("slug")}
    slugs |= {p["speaker_slug"] for p in data["positions"] if p["speaker_slug"]}
    known = {a.slug: a for a in Actor.objects.filter(slug__in=slugs)} if slugs else {}
    if "participants" not in keep:
        if not is_new:
            article.participations.all().delete()
        seen, rows = set(), []
        for order, p in enumerate(data["participants"]):
            actor = _actor(p, known)
            if actor is not None and actor.pk not in seen:
                seen.add(actor.pk)
                side = p["side"] if p["side"] in {"CN", "US"} else "OTHER"
                rows.append(Participation(article=article, actor=actor, side=side, order=order))
        Participation.objects.bulk_create(rows)

    if "positions" not in keep:
        if not is_new:
            article.positions.filter(origin=Origin.EXTRACTED).delete()
        speakers = known
        positions = Position.objects.bulk_create([
            Position(
                article=article, side=p["side"], speaker=speakers.get(p["speaker_slug"]),
                body=(p["body"] or "")[:300] if not p["speaker_slug"] else "", text=p["text"], order=order,
            )
            for order, p in enumerate(data["positions"])
        ])
        Position.issues.through.objects.bulk_create([
            Position.issues.through(position_id=position.pk, issue_id=issues[slug].pk)
            for position, p in zip(positions, data["positions"]) for slug in dict.fromkeys(p["issues"]) if slug in issues
        ])

    if "related" not in keep:
        if not is_new:
            article.related_links.all().delete()
        titles = [r["title"][:500] for r in data["related"]]
        keys = [vietnamese.title_key(title) for title in titles]
        archived = _archived_by_key(keys, exclude=article.pk)
        rows = []
        for order, (r, title, key) in enumerate(zip(data["related"], titles, keys)):
            rows.append(RelatedLink(
                article=article, title=title, title_key=key, lead=r["lead"] or "",
                published_at=r["published_at"], category=(r["category"] or "")[:200], order=order,
                target=archived.get(key),
            ))
        RelatedLink.objects.bulk_create(rows)
    if is_new and article.title_key:
        # Earlier articles may have listed this one among their related news.
        RelatedLink.objects.filter(target__isnull=True, title_key=article.title_key).exclude(article=article).update(
            target=article
        )
    if "positions" in keep:
        article.refresh_search()
    else:  # the statements just written, in order: no need to read them back
        kept = list(article.positions.exclude(origin=Origin.EXTRACTED).values_list("text", flat=True)) if not is_new else []
        article.refresh_search([p["text"] for p in data["positions"]] + kept)
    pagecache.bump()
    return article


def _archived_by_key(keys, exclude=None):
    """{title key: archived article} for related-news items, in one query (the earliest article wins)."""
    keys = [key for key in keys if key]
    if not keys:
        return {}
    found = {}
    for article in Article.objects.exclude(pk=exclude).filter(title_key__in=keys).order_by("-pk").only("pk", "title_key"):
        found[article.title_key] = article
    return found


__all__ = ["ImportResult", "InputError", "apply_record", "current_knowledge", "import_text", "reextract"]
