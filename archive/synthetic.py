"""A realistic synthetic archive for benchmarks and load tests (`manage.py seed_synthetic`).

Exchanges between gazetteer actors on dates inside their roles, issues with a skewed distribution
(Taiwan and trade common, fentanyl rare), 3–8 statements split between the sides, 0–10 related
links, and Vietnamese text recombined from the sample corpus so that search has something real to
find. Everything is written with bulk inserts, a batch of articles at a time.

Synthetic articles are recognised by their source URL under SYNTHETIC_URL (a reserved `.invalid`
domain), so that the seeder can refuse a database that holds real articles.
"""
import datetime
import hashlib
import json
import queue
import random
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from . import bulk, facets, pagecache, search, vietnamese
from .extraction import Knowledge, decode, extract
from .models import (
    Actor, Article, Certainty, Exchange, Issue, Kind, Outlet, Participation, Position, PositionSide, RelatedLink, Side, Status,
)
from .reference import GAZETTEER_FILE, ISSUES_FILE

SYNTHETIC_URL = "https://synthetic.invalid/"
FIRST_DAY, LAST_DAY = datetime.date(2009, 1, 20), datetime.date(2026, 10, 31)

# How often each issue is raised, relative to the others: the press talks of Taiwan and trade far
# more than of fentanyl.
ISSUE_WEIGHTS = {
    "taiwan": 30, "trade-economy": 30, "korea": 12, "technology": 11, "south-china-sea": 10, "human-rights": 8,
    "international-order": 8, "climate": 7, "military-channels": 6, "middle-east": 6, "russia-ukraine": 6,
    "hong-kong": 5, "xinjiang": 5, "arms-control": 4, "tibet": 3, "myanmar": 2, "fentanyl": 1,
}
ISSUES_PER_ARTICLE = [5, 22, 30, 22, 12, 6, 3]  # weights of 0, 1, … 6 issues
KIND_WEIGHTS = {Kind.CALL: 40, Kind.MEETING: 40, Kind.SUMMIT: 6, Kind.STATEMENT: 10, Kind.OTHER: 4}
OUTLETS = ["VOV.VN", "VOH", "TTXVN", "VTC News", "Hải quan Online", "VnExpress", "Tuổi Trẻ", "Báo Quốc tế"]
BODIES = {
    PositionSide.CN: ["Bộ Ngoại giao Trung Quốc", "Phía Trung Quốc", "Bắc Kinh"],
    PositionSide.US: ["Bộ Ngoại giao Mỹ", "Nhà Trắng", "Phía Mỹ"],
    PositionSide.JOINT: ["Hai bên", "Hai nước"],
}
KIND_WORDS = {
    Kind.CALL: "Điện đàm", Kind.MEETING: "Hội đàm", Kind.SUMMIT: "Thượng đỉnh",
    Kind.STATEMENT: "Tuyên bố", Kind.OTHER: "Trao đổi",
}
_SENTENCE = re.compile(r"(?<=[.!?…”])\s+(?=[A-ZĐÀ-Ỹ“])")


@dataclass
class Pools:
    """Sentences of the sample corpus to recombine, with people's names as {CN}/{US} slots.

    Issues and people are named only where an article is about them, so that searching for
    "Đài Loan" or "Blinken" finds a realistic share of the archive, not every article a recombined
    sample sentence happens to name them in: a sentence that names an issue is used only in
    articles tagged with it, and names are filled in with the article's own participants.
    """

    sentences: list  # [(text, issue slugs it names)]
    statements: dict  # side -> [(text, issue slugs)]
    leads: list

    def pick(self, rng, pool, issues, count):
        allowed = [text for text, named in pool if named <= issues]
        return rng.sample(allowed, min(count, len(allowed)))


class _Templater:
    def __init__(self, gazetteer, taxonomy):
        self.issue_of = {}
        for issue in taxonomy:
            for cue in issue.get("cues", []):
                self.issue_of[vietnamese.fold(cue)] = issue["slug"]
        self.side_of = {}
        for actor in gazetteer["actors"]:
            self.side_of[vietnamese.fold(actor["name"])] = actor["side"]
            surname = vietnamese.fold(actor.get("name_en") or "").split()[-1:]
            # An American's surname as the press writes it ("Pompeo"); short ones are also Vietnamese syllables.
            if actor["side"] == "US" and surname and len(surname[0]) >= 5:
                self.side_of[surname[0]] = "US"
        alternatives = sorted({*self.issue_of, *self.side_of}, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")

    def __call__(self, text):
        """(text with names replaced by {CN}/{US}, frozenset of issues it names); fold() keeps NFC offsets."""
        issues, parts, last = set(), [], 0
        for match in self.pattern.finditer(vietnamese.fold(text)):
            key = match.group()
            if key in self.issue_of:
                issues.add(self.issue_of[key])
            elif self.side_of.get(key) in ("CN", "US"):
                parts += [text[last:match.start()], "{%s}" % self.side_of[key]]
                last = match.end()
        return "".join(parts) + text[last:], frozenset(issues)


def sample_pools():
    gazetteer = json.loads(GAZETTEER_FILE.read_text(encoding="utf-8"))
    taxonomy = json.loads(ISSUES_FILE.read_text(encoding="utf-8"))
    knowledge = Knowledge.from_reference(gazetteer, taxonomy)
    template = _Templater(gazetteer, taxonomy)
    statements = {side: [] for side in PositionSide.values}
    sentences, leads = [], []
    for path in sorted((Path(settings.BASE_DIR) / "corpus").glob("*.txt")):
        record = extract(decode(path.read_bytes()), knowledge)
        for position in record.positions:
            statements[position.side].append(template(position.text))
        sentences += [template(s) for p in record.paragraphs for s in _SENTENCE.split(p) if 40 <= len(s) <= 400]
        if record.lead:
            leads.append(template(record.lead))
    # A side the sample never quotes borrows the others' sentences rather than having none.
    everything = [item for items in statements.values() for item in items] or sentences
    for side in statements:
        statements[side] = statements[side] or everything
    return Pools(sentences, statements, [text for text, named in leads if not named] or ["Hai bên đã trao đổi."])


class Cast:
    """Who held which post when: actors are only ever placed on dates inside one of their roles."""

    def __init__(self):
        self.terms = {Side.CN: [], Side.US: []}
        for actor in Actor.objects.prefetch_related("roles"):
            if actor.side not in self.terms:
                continue
            for role in actor.roles.all():
                start = max(role.start or FIRST_DAY, FIRST_DAY)
                end = min(role.end or LAST_DAY, LAST_DAY)
                if start <= end:
                    self.terms[actor.side].append((start, end, actor))
        if not self.terms[Side.CN] or not self.terms[Side.US]:
            raise ValueError("the gazetteer has no dated roles: run `manage.py load_reference` first")

    def on(self, day, side, rng, count):
        serving = list({actor.pk: actor for start, end, actor in self.terms[side] if start <= day <= end}.values())
        if not serving:
            serving = [actor for _, _, actor in self.terms[side]]
        return rng.sample(serving, min(count, len(serving)))


def is_synthetic_only():
    """True when every article in the database is synthetic (or there are none)."""
    return not Article.objects.exclude(source_url__startswith=SYNTHETIC_URL).exists()


class Seeder:
    def __init__(self, seed=0, batch=1000):
        self.rng = random.Random(seed)
        self.batch = batch
        self.pools = sample_pools()
        self.cast = Cast()
        self.issues = {issue.slug: issue for issue in Issue.objects.all()}
        weighted = [(slug, weight) for slug, weight in ISSUE_WEIGHTS.items() if slug in self.issues]
        self.issue_slugs = [slug for slug, _ in weighted]
        self.issue_weights = [weight for _, weight in weighted]
        self.outlets = [Outlet.objects.get_or_create(name=name)[0] for name in OUTLETS]
        self.recent = []  # (id, title) of articles already written, for related links into the archive
        self.serial = Article.objects.filter(source_url__startswith=SYNTHETIC_URL).count()

    def run(self, count, progress=None):
        sizes = [min(self.batch, count - start) for start in range(0, count, self.batch)]
        with _bulk_load():
            if search.is_postgresql():
                self._pipelined(sizes, progress)
            else:
                for size in sizes:
                    with transaction.atomic():
                        self._store(self._prepare(size))
                    if progress:
                        progress(size)
            if search.is_postgresql() and not connection.in_atomic_block:
                with connection.cursor() as cursor:
                    # Statistics for the derivation: without them PostgreSQL counted each exchange's
                    # statements by a nested loop over tables it took for empty (minutes at 100,000
                    # articles, when autovacuum had not come by yet).
                    cursor.execute("ANALYZE")
            facets.rebuild()  # bulk inserts send no signals
        pagecache.bump()
        return count

    def _pipelined(self, sizes, progress):
        """Make the next batch in a second thread while this one is written: Python and PostgreSQL work at once."""
        batches = queue.Queue(maxsize=2)

        def make():
            try:
                for size in sizes:
                    batches.put(self._prepare(size))
            except BaseException as exc:  # handed to the writer, which raises it
                batches.put(exc)
            finally:
                connection.close()  # this thread's own connection, used for primary keys

        maker = threading.Thread(target=make, daemon=True)
        maker.start()
        for size in sizes:
            batch = batches.get()
            if isinstance(batch, BaseException):
                raise batch
            with transaction.atomic():
                # Synthetic rows can be made again: no need to wait for each batch to reach the disk.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
                self._store(batch)
            if progress:
                progress(size)
        maker.join()

    def _issues(self):
        n = self.rng.choices(range(len(ISSUES_PER_ARTICLE)), ISSUES_PER_ARTICLE)[0]
        chosen = []
        while len(chosen) < n:
            slug = self.rng.choices(self.issue_slugs, self.issue_weights)[0]
            if slug not in chosen:
                chosen.append(slug)
        return chosen

    def _article(self):
        rng = self.rng
        self.serial += 1
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        kind = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
        china = self.cast.on(day, Side.CN, rng, rng.choice([1, 1, 1, 2]))
        america = self.cast.on(day, Side.US, rng, rng.choice([1, 1, 1, 2]))
        issues = self._issues()
        topic = f" về {self.issues[issues[0]].name_vi}" if issues else ""
        title = f"{KIND_WORDS[kind]} {china[0].name} – {america[0].name}{topic}"
        names = {"CN": china[0].name, "US": america[0].name}
        lead = f"{day.day}/{day.month}, {china[0].name} và {america[0].name} đã có cuộc {KIND_WORDS[kind].lower()}. " + rng.choice(
            self.pools.leads
        ).format(**names)
        tagged = frozenset(issues)
        cues = [self.issues[slug].name_vi for slug in issues]
        paragraphs = [
            " ".join(self.pools.pick(rng, self.pools.sentences, tagged, 3)).format(**names)
            for _ in range(rng.randint(3, 6))
        ]
        if cues:
            paragraphs[0] += f" Hai bên đã trao đổi về {', '.join(cues)}."
        statements = []
        for order in range(rng.randint(3, 8)):
            side = rng.choices(PositionSide.values, [45, 45, 10])[0]
            people = china if side == PositionSide.CN else america if side == PositionSide.US else []
            speaker = rng.choice(people) if people and rng.random() < 0.8 else None
            body = "" if speaker else rng.choice(BODIES[side])
            tags = rng.sample(issues, min(len(issues), rng.choice([0, 1, 1, 2])))
            (text,) = self.pools.pick(rng, self.pools.statements[side], tagged, 1) or [rng.choice(cues or ["Hai bên đã trao đổi."])]
            statements.append((order, side, speaker, body, text.format(**names), tags))
        body = "\n\n".join(paragraphs)
        raw = f"{title}\n\n{lead}\n\n{body}\n\n[synthetic {self.serial}]"
        article = Article(
            title=title,
            slug=f"{vietnamese.slugify(title, 150)}-{self.serial}",
            title_key=vietnamese.title_key(title),
            outlet=rng.choice(self.outlets),
            source_url=f"{SYNTHETIC_URL}{self.serial}",
            lead=lead,
            body=body,
            raw_text=raw,
            raw_sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
            published_on=day + datetime.timedelta(days=rng.choice([0, 0, 1])),
            event_date=day,
            date_certainty=rng.choices([Certainty.EXACT, Certainty.INFERRED], [3, 1])[0],
            date_reason="synthetic",
            kind=kind,
            status=Status.PUBLISHED,
        )
        article.search_parts = search.document(title, lead, [s[4] for s in statements], body)
        article.search_text = "\n".join(article.search_parts)
        return article, china, america, issues, statements

    def _prepare(self, size):
        """A batch of `size` articles for _store(). On PostgreSQL: their COPY rows, primary keys drawn
        from the sequences. Elsewhere the articles and statements are inserted here (their keys are
        needed for the rows that refer to them) and the other rows are returned as instances."""
        postgresql = search.is_postgresql()
        made = [self._article() for _ in range(size)]
        articles = [m[0] for m in made]
        # Every synthetic article reports an exchange of its own.
        exchanges = [Exchange.for_report(a) for a in articles]
        bulk.stamp(exchanges)
        if postgresql:
            bulk.allocate_ids(Exchange, exchanges)
        else:
            bulk.insert(Exchange, exchanges)
        for article, exchange in zip(articles, exchanges):
            article.exchange = exchange
        if postgresql:
            bulk.allocate_ids(Article, articles)
        else:
            bulk.insert_articles(articles)
        tags, participations, positions, position_tags, related = [], [], [], [], []
        for article, china, america, issues, statements in made:
            tags += [Article.issues.through(article_id=article.pk, issue_id=self.issues[s].pk) for s in issues]
            for order, actor in enumerate([*china, *america]):
                participations.append(Participation(article=article, actor=actor, side=actor.side, order=order))
            for order, side, speaker, body, text, position_issues in statements:
                positions.append(Position(article=article, side=side, speaker=speaker, body=body, text=text, order=order))
                position_tags.append(position_issues)
            for order in range(self.rng.randint(0, 10)):
                target = self.rng.choice(self.recent) if self.recent and self.rng.random() < 0.4 else None
                title = target[1] if target else self.rng.choice(self.pools.sentences)[0].format(CN="Trung Quốc", US="Mỹ")[:200]
                related.append(RelatedLink(
                    article=article,
                    title=title,
                    title_key=vietnamese.title_key(title),
                    url="" if target else f"{SYNTHETIC_URL}news/{self.rng.randrange(10**9)}",
                    target_id=target[0] if target else None,
                    category="Thế giới",
                    order=order,
                ))
        Position.give_ids(positions)
        if postgresql:
            bulk.allocate_ids(Position, positions)
        else:
            bulk.insert(Position, positions)
        position_tags = [
            Position.issues.through(position_id=position.pk, issue_id=self.issues[slug].pk)
            for position, slugs in zip(positions, position_tags) for slug in slugs
        ]
        # A related link may point at an article of an earlier batch, never of a later one.
        self.recent = (self.recent + [(a.pk, a.title) for a in articles])[-5000:]
        rest = [(Article.issues.through, tags), (Participation, participations),
                (Position.issues.through, position_tags), (RelatedLink, related)]
        if not postgresql:
            return None, rest
        # Made into COPY rows here, in the thread that makes batches, so that the writer only sends.
        return bulk.article_rows(articles), [bulk.rows(model, objects) for model, objects in [
            (Exchange, exchanges), (Position, positions), *rest]]

    def _store(self, batch):
        articles, tables = batch
        if articles is None:  # SQLite: the articles and statements are in already
            for model, objects in tables:
                bulk.insert(model, objects)
            return
        exchanges, *tables = tables
        bulk.copy(exchanges)  # before the articles that refer to them
        bulk.copy_articles(articles)
        for rows in tables:
            bulk.copy(rows)


@contextmanager
def _bulk_load():
    """Build the search indexes once at the end, as PostgreSQL advises for bulk loads, instead of row by row."""
    # Inside a caller's transaction (a test, say) deferred foreign-key checks are pending, and
    # PostgreSQL refuses CREATE INDEX until they run: keep the indexes then.
    indexes = [] if connection.in_atomic_block else _search_indexes()
    with connection.cursor() as cursor:
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        yield
    finally:
        if indexes:
            with connection.cursor() as cursor:
                for _, definition in indexes:
                    cursor.execute(definition)
                # Statistics on what was derived, and the visibility map that index-only scans need:
                # what autovacuum gives a settled archive, given at once to one just loaded.
                cursor.execute("VACUUM (ANALYZE)")


def _search_indexes():
    """[(name, definition)] of the GIN indexes on the articles' and the Profile rows' search vectors."""
    if not search.is_postgresql():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('archive_article', 'archive_profile') "
            "AND indexdef LIKE %s",
            ["%USING gin (%"],
        )
        return cursor.fetchall()
