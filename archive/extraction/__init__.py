"""Turn a Vietnamese news report of a US–China exchange into a structured record.

Plain Python, no Django: the gazetteer and the taxonomy come in as data (`Knowledge`), so the same
code runs from the command line, the admin and the tests.

    knowledge = Knowledge.from_reference(gazetteer_json, issues_json)
    record = extract(text, knowledge)          # raises InputError for text that is not an article
    record.to_dict()                           # the JSON shape printed by `manage.py extract`
"""
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import dates, issues as issue_tagging, sections as sectioning, spans
from .evidence import render as render_evidence
from .data import Knowledge
from .decoding import InputError, decode, html_to_text, looks_like_html
from .mentions import CN, US, Scanner
from .outlets import OutletRegistry
from .textkit import clear_tokens
from .positions import Attributor, is_spokesperson, relays, sentences

__all__ = ["Extraction", "InputError", "Knowledge", "decode", "extract"]

KIND_CUES = [
    ("summit", r"thượng đỉnh"),
    ("call", r"điện đàm|cuộc gọi|gọi điện|điện thoại|hội đàm trực tuyến|hội nghị trực tuyến|trực tuyến|"
             r"(?:hội đàm|gặp|trao đổi|họp)\s+(?:qua|bằng)\s+(?:video|điện thoại|cầu truyền hình)|qua video"),
    ("meeting", r"hội đàm|hội kiến|gặp gỡ|cuộc gặp|gặp|triệu tập|triệu khẩn|triệu (?:Đại sứ|đại sứ)|(?<!trực )tiếp(?!\s+(?:tục|theo|cận|nhận|diễn|sau|đó|tế|nối|xúc))|"
                r"làm việc với|đối thoại|đàm phán|thăm"),
    ("statement", r"tuyên bố|thông cáo|phát biểu|họp báo|bình luận|lên tiếng"),
]
KIND_TITLES = {"call": "Điện đàm", "meeting": "Cuộc gặp", "summit": "Hội nghị thượng đỉnh", "statement": "Tuyên bố",
               "other": "Trao đổi"}
# Offices whose holders are each other's counterparts ("người đồng cấp Mỹ").
COUNTERPARTS = {
    "cn-president": "us-president", "cn-vice-president": "us-vice-president",
    "cn-foreign-minister": "us-secretary-of-state", "cn-defense-minister": "us-secretary-of-defense",
    "cn-commerce-minister": "us-commerce-secretary", "cn-vice-premier": "us-treasury-secretary",
    "cn-climate-envoy": "us-climate-envoy", "cn-cfac-office-director": "us-national-security-adviser",
}
COUNTERPARTS.update({v: k for k, v in list(COUNTERPARTS.items())})
MIN_BODY_WORDS = 20
# A paragraph opened so recalls what happened before the statement; its speakers are not the statement's people.
BACKGROUND_OPENER_RE = re.compile(
    r"^(?:Trước đó|Trước đây|Hồi (?:tháng|năm|đầu|cuối)|Năm ngoái|Tháng trước|Tuần trước|Cuối năm ngoái|Đầu năm nay)(?!\w)"
)


def _version():
    """The extractor's version: its release, and a digest of its code and reference data, so that two
    runs with the same version made the same decisions (the review report groups by it)."""
    import hashlib
    from pathlib import Path

    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*here.glob("*.py"), *(here.parent / "reference").glob("*.json")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{RELEASE}+{digest.hexdigest()[:8]}"


RELEASE = "2026.12"
VERSION = _version()


@dataclass
class Participant:
    side: str
    person: object = None
    name: str | None = None
    office: object = None  # a post named without its holder, resolved once the date is known
    titled: frozenset = frozenset()  # offices the exchange sentence gives the person

    @property
    def label(self):
        return self.person.name if self.person else self.name

    def to_dict(self):
        return {
            "name": self.label,
            "name_en": self.person.name_en if self.person else None,
            "side": self.side,
            "slug": self.person.slug if self.person else None,
        }


@dataclass
class Extraction:
    title: str
    title_is_generated: bool
    outlet: str | None
    lead: str
    paragraphs: list
    event_date: object
    certainty: str
    kind: str
    participants: list
    issues: list
    positions: list
    related: list
    captions: list
    text_for_search: str = ""
    extra: dict = field(default_factory=dict)
    evidence: list = field(default_factory=list)  # how the date was found, structured (evidence.py)
    year_candidates: tuple = ()  # the years the text allows, when it leaves the year open
    published: object = None  # the page's dateline
    outlet_slug: str | None = None  # the registry's outlet for the mark, when it knows it
    outlet_name: str | None = None

    @property
    def reason(self):
        """The date's evidence in English (evidence.render(…, "vi") words it in Vietnamese)."""
        return render_evidence(self.evidence)

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)

    def to_dict(self):
        return {
            "title": self.title,
            "outlet": self.outlet,
            "lead": self.lead,
            "event": {
                "date": self.event_date.isoformat() if self.event_date else None,
                "certainty": self.certainty,
                "reason": self.reason,
                "evidence": self.evidence,
                "year_candidates": list(self.year_candidates),
                "kind": self.kind,
            },
            "outlet_slug": self.outlet_slug,
            "outlet_name": self.outlet_name,
            "published": self.published.isoformat() if self.published else None,
            "participants": [p.to_dict() for p in self.participants],
            "issues": self.issues,
            "positions": [
                {
                    "side": s.side,
                    "speaker": s.speaker.name if s.speaker else None,
                    "speaker_slug": s.speaker.slug if s.speaker else None,
                    "body": s.body,
                    "text": s.text,
                    "issues": s.issues,
                    "span": list(s.span) if s.span else None,
                    "doubt": s.doubt,
                }
                for s in self.positions
            ],
            "related": [
                {"title": r.title, "lead": r.lead or None, "published_at": r.published_at, "category": r.category or None}
                for r in self.related
            ],
            "captions": [{"text": c.text, "credit": c.credit} for c in self.captions],
        }


def _scanner(knowledge):
    # Compiling the gazetteer's patterns costs more than extracting an article: do it once.
    if getattr(knowledge, "_scanner", None) is None:
        knowledge._scanner = Scanner(knowledge)
        knowledge._tagger = issue_tagging.Tagger(knowledge.issues)
        knowledge._registry = OutletRegistry(knowledge.outlets)
    return knowledge._scanner, knowledge._tagger, knowledge._registry


def _known_exchange(knowledge, scanner, participants, kind):
    """A function of candidate dates: the one among them on which the chronology has an exchange of
    these people (a post named without its holder counts as whoever held it that day), else None."""
    def sides_on(day):
        found = {CN: set(), US: set()}
        for p in participants:
            person = p.person or (scanner.holder(p.office.slug, day) if p.office is not None else None)
            if person is not None and p.side in found:
                found[p.side].add(person.slug)
        return found

    def known(candidates):
        # Only a report of an exchange is dated by the chronology: a statement is not one of its entries.
        if kind not in {"call", "meeting", "summit"}:
            return None
        matches = {}
        for day in candidates:
            sides = sides_on(day)
            if not (sides[CN] and sides[US]):
                continue
            for entry in knowledge.chronology:
                if abs((entry.day - day).days) <= 1 and entry.cn & sides[CN] and entry.us & sides[US]:
                    matches.setdefault(day, entry)
        if len(matches) != 1:
            return None
        day, entry = next(iter(matches.items()))
        return day, entry.label or entry.day.isoformat()

    return known


def _holder_on_all(scanner, office_slug, days):
    """Whoever held the post on every one of `days`, when it is one person."""
    holders = {scanner.holder(office_slug, day) for day in days}
    return holders.pop() if len(holders) == 1 else None


def _person_starts(scanner):
    """For "kể từ khi Tổng thống Biden nhậm chức": the person named and the days their posts began."""
    def starts_of(words):
        for ref in scanner.scan(words):
            person = ref.person or (scanner.resolve_surname(ref.surname, ()) if ref.surname else None)
            if person is not None:
                roles = [r for r in person.roles if r.start and (not ref.titled_offices or r.office in ref.titled_offices)]
                if roles:
                    return person.name, sorted({r.start for r in roles})
        return None
    return starts_of


CHANNELS_RE = re.compile(r"(?:kênh|cơ chế)\s+(?:đối thoại|liên lạc|trao đổi|đàm phán)[^,.;]*", re.I)


def _kind(*texts, statement_first=False):
    for text in texts:
        if not text:
            continue
        cleaned = issue_tagging.mask_names(text)
        if statement_first and re.search(rf"(?<!\w)(?:{KIND_CUES[-1][1]})(?!\w)", cleaned, re.I):
            return "statement"
        # "ngừng các kênh đối thoại quân sự": channels named, no exchange held.
        cleaned = CHANNELS_RE.sub(" ", cleaned)
        # "bên lề Hội nghị thượng đỉnh G20" names the venue, not the kind of the exchange.
        cleaned = re.sub(r"(?:bên lề|tại|trước thềm|nhân dịp)\s+(?:Hội nghị\s+)?thượng đỉnh[^,.;]*", " ", cleaned, flags=re.I)
        for kind, pattern in KIND_CUES:
            if re.search(rf"(?<!\w)(?:{pattern})(?!\w)", cleaned, re.I):
                return kind
    return None


ON_BEHALF_RE = re.compile(
    r"(?<!\w)(?:đại diện|đặc phái viên|đặc sứ|thông điệp|thư|lời nhắn|thay mặt)(?:\s+đặc biệt)?\s+của\s*$", re.I)


def _persons_in(scanner, sentence, known=()):
    """Participants named in a sentence: people (known or not) with a Chinese or American side."""
    found = []
    for ref in scanner.scan(sentence):
        # Spokespeople relay an exchange; they take no part in it. Nor does one whom another stands for
        # ("đại diện đặc biệt của Chủ tịch Hồ Cẩm Đào") or whose message is read out.
        if ref.former or ref.kind not in {"person", "office", "title"} or relays(ref):
            continue
        if ON_BEHALF_RE.search(sentence[max(0, ref.start - 40):ref.start]):
            continue
        person = ref.person
        if person is None and ref.surname:
            person = scanner.resolve_surname(ref.surname, known)
        if person is not None:
            if person.side in {CN, US} and all(p.person is not person for p in found):
                found.append(Participant(person.side, person, titled=ref.titled_offices))
        elif ref.office is not None and ref.side in {CN, US}:
            found.append(Participant(ref.side, office=ref.office))
        elif ref.name and ref.side in {CN, US}:
            found.append(Participant(ref.side, None, ref.name))
    return found


# "Cuộc đối thoại … dự kiến diễn ra vào ngày 18/3", "ông Tập sẽ gặp ông Biden": an exchange still to come.
PLANNED_RE = re.compile(
    r"(?<!\w)(?:sẽ|dự kiến(?:\s+sẽ)?|sắp|có kế hoạch)\s+(?:[^\s,.;]+\s+){0,4}?"
    r"(?:điện đàm|hội đàm|gặp|hội kiến|tiếp|đối thoại|đàm phán)(?!\w)"
    r"|(?:điện đàm|hội đàm|cuộc gặp|đối thoại|đàm phán)[^.;]{0,160}?(?:dự kiến|sẽ|sắp)\s+(?:diễn ra|được tổ chức|tổ chức)",
    re.I,
)


DELEGATION_RE = re.compile(
    r"(?<!\w)(?:với sự tham dự của|(?:cùng )?tham dự(?: cùng [^,.;]{1,40}?)?(?: cuộc| buổi)?(?: hội đàm| cuộc gặp| bữa [^,.;]{1,20}| điện đàm)?"
    r"(?: về)?(?: phía (?:Mỹ|Trung Quốc))? (?:có|gồm)|phía (?:Mỹ|Trung Quốc|Hoa Kỳ) có|thành phần (?:đoàn|phái đoàn)[^.;]{0,30}?gồm)"
    r"(?!\w)",
    re.I,
)
SPOKESPERSON_LEAD_RE = re.compile(r"(?<!\w)(?:người phát ngôn|phát ngôn viên|họp báo)(?!\w)", re.I)
# "… khi được hỏi tại cuộc họp báo về nhận xét sau cuộc gặp …": a spokesperson's answer, not the exchange.
PRESS_QUESTION_RE = re.compile(r"(?<!\w)(?:họp báo|được hỏi|trả lời (?:câu hỏi|phóng viên|báo chí))(?!\w)", re.I)


def _tells_an_exchange(sentence):
    return bool(dates.EXCHANGE_RE.search(sentence)) and not (
        dates.LAST_YEAR_RE.search(sentence) or PLANNED_RE.search(sentence) or PRESS_QUESTION_RE.search(sentence)
    )


def _exchange_sentence(candidates, scanner):
    """The sentence reporting the exchange, and its people: one naming both sides if there is one, else
    one naming a side and its "người đồng cấp" (the counterpart resolved from the date)."""
    counterpart = None
    for sentence in candidates:
        # The delegations ("với sự tham dự của …") are added apart: their sentence is not the exchange's.
        if _tells_an_exchange(sentence) and not DELEGATION_RE.search(sentence):
            people = _persons_in(scanner, sentence)
            sides = {p.side for p in people}
            if {CN, US} <= sides:
                return sentence, people
            if counterpart is None and sides & {CN, US} and "đồng cấp" in sentence:
                counterpart = (sentence, people)
    return counterpart or (None, [])


def _titled_roles(scanner, sentences_of_text, people):
    """Per person, the roles the text gives them ("Ngoại trưởng Mỹ Pompeo"), or all their roles if it names
    none; and whether the text calls them elect ("Tổng thống đắc cử Donald Trump"): not yet in office."""
    offices = {person.slug: set() for person in people}
    elect = set()
    # Sentence by sentence: the attribution scans the same sentences, and the scanner caches them.
    for sentence in sentences_of_text:
        for ref in scanner.scan(sentence):
            if ref.person is not None and ref.person.slug in offices:
                offices[ref.person.slug] |= set(ref.titled_offices)
                if ELECT_RE.search(sentence[max(0, ref.start - 30):ref.start]) or ELECT_IN_RE.search(ref.text):
                    elect.add(ref.person.slug)
    return [
        (person.name, [r for r in person.roles if r.office in offices[person.slug]] or list(person.roles),
         person.slug in elect)
        for person in people
    ]


ELECT_RE = re.compile(r"(?<!\w)(?:đắc cử|tân cử)\s*$", re.I)
ELECT_IN_RE = re.compile(r"(?<!\w)(?:đắc cử|tân cử)\s", re.I)  # inside a long title: "Tổng thống đắc cử Donald Trump"


def extract(text, knowledge, outlet_hint=None, today=None):
    """The structured record of one article. Raises InputError when there is no article in the text."""
    # Offsets into pasted HTML would point into the text made from it, not the stored markup.
    from_html = looks_like_html(text)
    if from_html:
        text = html_to_text(text)
    scanner, tagger, registry = _scanner(knowledge)
    # The same clauses are scanned several times within an article, never across articles.
    scanner.scan.cache_clear()
    tagger.clear()
    clear_tokens()
    parts = sectioning.split(text, registry)
    paragraphs = parts.text_paragraphs
    if sum(len(p.split()) for p in paragraphs) < MIN_BODY_WORDS or not any(len(s.split()) >= 6 for p in paragraphs for s in sentences(p)):
        raise InputError("no recognisable article body (too little running text)")
    sentences_by_paragraph = [sentences(p) for p in paragraphs]
    all_sentences = [s for group in sentences_by_paragraph for s in group]

    title_candidates = [parts.title] if parts.title else []
    # A spokesperson's answer opening the report: its exchanges further down are the background.
    lead_text = paragraphs[0] if paragraphs else ""
    statement_report = bool(SPOKESPERSON_LEAD_RE.search(lead_text)) and not any(
        _tells_an_exchange(s) for s in ([parts.title] if parts.title else []) + sentences_by_paragraph[0])
    headline_people = [r.person for r in scanner.scan(parts.title) if r.person] if parts.title else []
    exchange_sentence, participants = _exchange_sentence(
        title_candidates + (sentences_by_paragraph[0] if statement_report else all_sentences), scanner)
    caption_text = parts.leading_caption.text if parts.leading_caption else None
    if not participants:
        # No sentence names the exchange: its people are those whose statements the report carries.
        speakers = Attributor(scanner, mentioned=headline_people).attribute(paragraphs)
        background = {i for i, p in enumerate(paragraphs) if BACKGROUND_OPENER_RE.match(p)}
        for st in speakers:
            if st.paragraph in background:
                continue
            if st.speaker is not None and st.side in {CN, US} and all(p.person is not st.speaker for p in participants):
                participants.append(Participant(st.side, st.speaker))
        # "Trước chuyến đi, người phát ngôn … cho biết": beside a side's own principals, its spokesperson only relays.
        principal_sides = {p.side for p in participants if not is_spokesperson(p.person)}
        participants = [p for p in participants if not (is_spokesperson(p.person) and p.side in principal_sides)]

    # "Tham dự hội đàm phía Mỹ có Ngoại trưởng …, Bộ trưởng Tài chính …": the delegations take part too.
    for sentence in all_sentences:
        if DELEGATION_RE.search(sentence) and not BACKGROUND_OPENER_RE.match(sentence):
            for member in _persons_in(scanner, sentence):
                if member.person is None or all(p.person is not member.person for p in participants):
                    participants.append(member)
    day_month, why_day = dates.find_event_day(
        sentences_by_paragraph, caption_text, parts.published if parts.published_precision == "day" else None,
        [c.text for c in parts.captions],
    )
    known_people = [p.person for p in participants if p.person]
    body_text = " ".join(paragraphs)
    constraints = dates.year_constraints(body_text, _titled_roles(scanner, all_sentences, known_people))
    constraints += dates.first_since_constraints(body_text, _person_starts(scanner))
    for extra in (dates.publication_constraint(parts.published, parts.published_precision),
                  dates.summit_constraint(" ".join(filter(None, [parts.title, exchange_sentence, caption_text])))):
        if extra is not None:
            constraints.append(extra)
    today = today or date.today()
    # No report is of an exchange more than a few weeks after it was imported.
    constraints.append(dates.Constraint({"code": "before_import", "date": today.isoformat()},
                                        lambda d, t=today + timedelta(days=60): d <= t))
    # A call said anywhere among these is a call, though the headline says "hội đàm" (talks by video are calls).
    exchange_kind = _kind(parts.title, exchange_sentence, caption_text)
    if exchange_kind in {"meeting", "summit"} and "call" in {_kind(t) for t in (parts.title, exchange_sentence, caption_text)}:
        exchange_kind = "call"
    event = dates.infer(day_month, constraints, why_day, known=_known_exchange(knowledge, scanner, participants, exchange_kind))
    # The day itself, or each day the open year allows: whoever held a post on all of them is its holder.
    days = [event.date] if event.date else [
        d for y in event.candidates if (d := dates._valid(y, day_month.month, day_month.day))
    ]

    # Titles without names ("Ngoại trưởng Mỹ", "người đồng cấp Mỹ") resolve to whoever held the post that day.
    for p in participants:
        if p.person is None and p.office is not None:
            p.person = _holder_on_all(scanner, p.office.slug, days)
            if p.person is None:
                p.name = p.office.name
    if exchange_sentence and "đồng cấp" in exchange_sentence and len({p.side for p in participants}) == 1 and days:
        for p in list(participants):
            roles = [r for r in (p.person.roles if p.person else ()) if not p.titled or r.office in p.titled]
            for role in roles:
                other = COUNTERPARTS.get(role.office)
                if other and all(role.covers(day) for day in days):
                    counterpart = _holder_on_all(scanner, other, days)
                    if counterpart and all(q.person is not counterpart for q in participants):
                        participants.append(Participant(counterpart.side, counterpart))
    participants = [p for p in participants if p.label]
    seen = set()
    participants = [p for p in participants if not (p.label in seen or seen.add(p.label))]

    statements = Attributor(scanner, [p.person for p in participants if p.person], event.date,
                            mentioned=headline_people).attribute(paragraphs)
    for st in statements:
        st.issues = tagger.tag(*st.parts)
    if not from_html:
        spans.locate(text, statements)

    # Without a sentence naming the exchange, a report of what one side declared is a statement.
    if exchange_kind is None and {p.side for p in participants} >= {CN, US}:
        # "Cuộc điện đàm diễn ra theo đề nghị của phía Mỹ": the exchange named without its people, who are
        # the two sides' speakers.
        # Only near the top: further down, an exchange is the background of what a spokesperson said.
        opening_sentences = [s for group in sentences_by_paragraph[:3] for s in group]
        exchange_kind = next((k for sentence in opening_sentences if _tells_an_exchange(sentence)
                              and not BACKGROUND_OPENER_RE.match(sentence) and (k := _kind(sentence))), None)
    kind = exchange_kind or _kind(" ".join(paragraphs), statement_first=True) or "other"
    if kind == "other" and statements:
        kind = "statement"
    kind = _summit_or_not(kind, participants, days)
    title = parts.title or _made_title(kind, participants, caption_text)

    outlet = parts.outlet or outlet_hint
    registered = registry.resolve(outlet)
    return Extraction(
        title=title,
        title_is_generated=parts.title is None,
        outlet=outlet,
        outlet_slug=registered.slug if registered else None,
        outlet_name=registered.name if registered else outlet,
        evidence=event.evidence,
        year_candidates=event.candidates,
        published=parts.published,
        lead=parts.lead,
        paragraphs=parts.paragraphs,
        event_date=event.date,
        certainty=event.certainty,
        kind=kind,
        participants=participants,
        issues=tagger.tag(*all_sentences),
        positions=statements,
        related=parts.related,
        captions=parts.captions,
        extra={"known_people": known_people},
    )


HEADS_OF_STATE = {CN: "cn-president", US: "us-president"}


def _summit_or_not(kind, participants, days):
    """A summit is the two heads of state meeting; anyone else's meeting or "summit" is a meeting."""
    def head(p, side):
        return p.side == side and p.person is not None and any(
            r.office == HEADS_OF_STATE[side] and (not days or any(r.covers(d) for d in days)) for r in p.person.roles
        )

    both = all(any(head(p, side) for p in participants) for side in (CN, US))
    if kind == "meeting" and both:
        return "summit"
    if kind == "summit" and not both:
        return "meeting"
    return kind


def _made_title(kind, participants, caption_text):
    names = [p.label for side in (CN, US) for p in participants if p.side == side][:2]
    if names:
        return f"{KIND_TITLES[kind]} {' – '.join(names)}"
    return (caption_text or KIND_TITLES[kind])[:200]
