"""Find who or what a stretch of text refers to: people, offices, official bodies, both sides, pronouns.

A reference ("Ngoại trưởng Mỹ Antony Blinken", "ông", "Bộ Ngoại giao Trung Quốc", "hai bên") is the
unit the rest of the extractor reasons with: who took part, who said what, which side.
"""
import re
from dataclasses import dataclass, field

from functools import lru_cache

from .textkit import UPPER, PhraseIndex, match_key, tokenize

CN, US, JOINT = "CN", "US", "JOINT"

COUNTRY_SIDES = {"Trung Quốc": CN, "Mỹ": US, "Hoa Kỳ": US, "Trung Hoa": CN}
_COUNTRY = r"(?:Trung Quốc|Mỹ|Hoa Kỳ)"
_CAP_WORD = rf"[{UPPER}][\w'’.-]*"
_NAME_AFTER = re.compile(rf"\s+({_CAP_WORD}(?:\s+{_CAP_WORD}){{0,3}})")

# A person's post named generically: "Thứ trưởng Ngoại giao Mỹ", "Người phát ngôn Bộ Ngoại giao Trung Quốc".
TITLE_WORDS = (
    # "vị khách Mỹ", "ông chủ Lầu Năm Góc"; a determiner before ("một quan chức …") joins in _scan().
    r"(?:Phó\s+)?(?:Tổng thống|Chủ tịch|Thủ tướng|Bộ trưởng|Ngoại trưởng|Thứ trưởng|Đại sứ|Cố vấn|Đặc phái viên|"
    r"Đặc sứ|Người phát ngôn|Phát ngôn viên|Đại diện Thương mại|Chủ nhiệm|Ủy viên|Trợ lý|Thượng nghị sĩ|Hạ nghị sĩ|"
    r"Giám đốc|Tư lệnh|Tham tán|Trưởng đoàn|Trưởng phái đoàn|Trưởng đại diện|Quan chức|Nhà ngoại giao|Tổng Tham mưu trưởng|"
    r"Chủ tịch Hạ viện|Lãnh đạo|Nhà lãnh đạo|Người đứng đầu|Thư ký báo chí|Thư ký|Vị tướng|Thượng tướng|Đại tướng|"
    r"Trung tướng|Điều phối viên|vị khách|ông chủ|chủ nhân)"
)
# Words between a title and its country never include the verb that follows the speaker:
# "Người phát ngôn cũng kêu gọi Mỹ …" is a spokesperson speaking about the US, not an American spokesperson.
_TITLE_WORD = (
    r"(?:\s+(?!(?:cũng|đã|vừa|sẽ|thì|còn|kêu|cho|nói|nhấn|khẳng|yêu|tuyên|bày|rằng|hối|cảnh|phản|đề|hôm|ngày|đồng thời)"
    r"(?!\w))[^\s,.;:!?“”\"()]+)"
)
# "Cố vấn Kinh tế Nhà Trắng Larry Kudlow": a seat of government stands for its country too.
GENERIC_TITLE_RE = re.compile(rf"(?<!\w){TITLE_WORDS}{_TITLE_WORD}{{0,7}}?\s+(?:{_COUNTRY}|Nhà Trắng|Lầu Năm Góc)(?!\w)", re.I)
_DETERMINERS = r"(?:một|các|những|nhiều|tân|vị|nữ|ngài)"
_DETERMINER_RE = re.compile(rf"(?<!\w){_DETERMINERS}\s+$", re.I)
# "Nữ Bộ trưởng", "Vị đại sứ": the title without its determiner, to find who was written with it before.
LEADING_DETERMINER_RE = re.compile(rf"^(?:{_DETERMINERS}\s+)+", re.I)
TITLE_ONLY_RE = re.compile(rf"(?<!\w){TITLE_WORDS}(?!\w)", re.I)
HONORIFIC_RE = re.compile(r"(?<!\w)(?:[Ôô]ng|[Bb]à|Ngài)(?:\s+(?:ấy|ta|này))?(?!\w)")
# "Nhà ngoại giao này", "vị quan chức này": the last speaker again (looked for only where "này" stands).
ANAPHOR_RE = re.compile(
    r"(?<!\w)(?:[Nn]hà ngoại giao|[Qq]uan chức|[Vv]ị quan chức|[Nn]gười phát ngôn|[Vv]ị đại sứ|[Nn]hà lãnh đạo|[Vv]ị tướng|"
    r"[Vv]ị bộ trưởng|[Vv]ị ngoại trưởng|[Nn]gười đứng đầu)\s+này(?!\w)"
)
JOINT_RE = re.compile(
    r"(?<!\w)(?:[Hh]ai\s+(?:bên|nước|phía|nhà lãnh đạo|lãnh đạo|bộ trưởng|ngoại trưởng|ông|quan chức|phái đoàn|đoàn|"
    r"Tổng thống|nguyên thủ|Bộ trưởng|Ngoại trưởng|nhà ngoại giao|quan chức cấp cao|chủ tịch|đại diện)"
    # "Hai nhà lãnh đạo Mỹ - Trung", "hai nước Trung - Mỹ"
    r"(?:\s+(?:Mỹ\s*[-–]\s*Trung(?:\s+Quốc)?|Trung(?:\s+Quốc)?\s*[-–]\s*Mỹ))?|"
    r"[Cc]ả\s+hai(?:\s+(?:bên|nước|phía|nhà lãnh đạo))?|"
    rf"{_COUNTRY}\s+và\s+{_COUNTRY}|Bắc Kinh\s+và\s+Washington|Washington\s+và\s+Bắc Kinh)(?!\w)"
)
# China's state agency and broadcaster carry its official readouts: "Theo Tân Hoa xã, hai bên đã trao đổi …".
_STATE_MEDIA = r"Tân Hoa [Xx]ã|Xinhua|Đài Truyền hình Trung ương Trung Quốc|CCTV"
# Official bodies and the countries themselves, as speakers.
BODY_RE = re.compile(
    r"(?<!\w)(?:(?:Bộ|Cơ quan|Văn phòng|Đại sứ quán|Chính phủ|[Cc]hính quyền|Ủy ban|Quốc hội|Hội đồng|[Pp]hía|"
    r"[Nn]gười phát ngôn|[Pp]hát ngôn viên|[Nn]hà chức trách|[Gg]iới chức|[Qq]uân đội|Hải quân|Không quân)"
    rf"{_TITLE_WORD}{{0,6}}?\s+{_COUNTRY}|Nhà Trắng|Lầu Năm Góc|Trung Nam Hải|{_STATE_MEDIA})(?!\w)"
)
_SPOKESPERSON_RE = re.compile(r"(?:[Nn]gười phát ngôn|[Pp]hát ngôn viên)(?!\w)")
COUNTRY_RE = re.compile(r"(?<!\w)(?:Trung Quốc|Mỹ|Hoa Kỳ|Bắc Kinh|Washington)(?!\w)")
PLACE_SIDES = {"Bắc Kinh": CN, "Washington": US, "Nhà Trắng": US, "Lầu Năm Góc": US, "Trung Nam Hải": CN,
               "Tân Hoa xã": CN, "Tân Hoa Xã": CN, "Xinhua": CN, "CCTV": CN}

# A title's words run until punctuation or a word that starts the predicate ("cho biết", "nói", "đã").
_SEGMENT_RE = re.compile(r"[^,.;:!?“”\"()]{1,160}")
_VERBISH = frozenset(
    "cũng đã vừa sẽ thì còn kêu cho nói nhấn khẳng yêu tuyên bày rằng hối cảnh phản đề nêu chỉ lên hoan "
    "cam nhận đánh hy hi mong gọi viết bác tin thừa giải trấn chia lưu xác nhất ca tố đáp tiếp mô ghi khuyến lập nhắc "
    "trả gặp tiếp hội điện có là".split()
)
# Places and bodies that end a title and stand before the name: "… tại Liên Hợp Quốc Linda Thomas-Greenfield".
_PLACE_WORDS = [p.split() for p in (
    "Liên Hợp Quốc", "LHQ", "Trung Quốc", "Mỹ", "Hoa Kỳ", "Nhà Trắng", "Washington", "Bắc Kinh", "Lầu Năm Góc", "ASEAN",
    "WTO", "Việt Nam", "Geneva", "New York")]

_SECOND_TITLE_RE = re.compile(rf",\s+({TITLE_WORDS})(?!\w)")


# "Ủy viên Thường vụ Bộ Chính trị Thái Kỳ", "Ủy viên Quốc vụ": a capitalised syllable that goes on the title.
_TITLE_SYLLABLES = frozenset("Thường Quốc Ngoại Tài Thương Tư Nội Chính Quân Kinh An Tham Hành".split())
_WORD_AFTER_RE = re.compile(r"\s+(\S+)")


def _title_syllable(name_match, text):
    """Whether a one-word "name" after a title is the title's next syllable, followed by its lower-case rest."""
    words = name_match.group(1).split()
    after = _WORD_AFTER_RE.match(text, name_match.end())
    return (len(words) == 1 and words[0] in _TITLE_SYLLABLES and after is not None and after.group(1)[0].islower()
            and after.group(1) not in _VERBISH)


def _word_end(text, start, words):
    """Where the last of `words` (text.split() of text[start:]) ends in `text`."""
    pos = start
    for word in words:
        pos = text.index(word, pos) + len(word)
    return pos


# Lower number wins when two candidates cover the same stretch.
PRIORITY = {"person": 0, "office": 1, "joint": 2, "body": 3, "title": 4, "place": 5, "pronoun": 6}


@dataclass
class Ref:
    start: int
    end: int
    kind: str  # person | office | joint | body | title | place | pronoun
    text: str
    side: str | None = None
    person: object = None
    office: object = None
    name: str | None = None  # a person's name as written when the gazetteer does not know them
    surname: str | None = None  # "Burns" in "Đại sứ Burns": resolved against the people in the article
    titled_offices: frozenset = field(default_factory=frozenset)
    former: bool = False

    @property
    def is_person(self):
        return self.kind in {"person", "office", "title", "pronoun"}

    @property
    def label(self):
        if self.person is not None:
            return self.person.name
        return self.name or self.text


def _side_in(text):
    """The side named first in a title or body ("Đại sứ Mỹ tại Trung Quốc" is American)."""
    m = re.search(rf"{_COUNTRY}|Nhà Trắng|Lầu Năm Góc", text)
    return (COUNTRY_SIDES.get(m.group()) or PLACE_SIDES.get(m.group())) if m else None


def _short_cue(cue):
    """'Đại sứ Mỹ tại Trung Quốc' -> 'Đại sứ': the title as written when the country goes unsaid."""
    short = re.sub(rf"\s*(?:(?:của|tại|ở)\s+)?{_COUNTRY}", "", cue)
    return " ".join(short.split())


class Scanner:
    def __init__(self, knowledge):
        self.people = knowledge.people
        self.offices = {o.slug: o for o in knowledge.offices}
        self._person_by_key = {}
        for person in self.people:
            for name in (person.name, person.name_en, *person.aliases):
                if name:
                    self._person_by_key.setdefault(match_key(name).casefold(), person)
        self.person_index = PhraseIndex(self._person_by_key)
        self._office_by_key = {}
        for office in knowledge.offices:
            for cue in (office.name, *office.cues):
                self._office_by_key.setdefault(match_key(cue).casefold(), office)
        self.office_index = PhraseIndex(self._office_by_key)
        self.scan = lru_cache(maxsize=4096)(self._scan)
        # Titles without their country, per office, to recognise "Bộ trưởng Ngoại giao Vương Nghị".
        self._short_cues = {}
        for office in knowledge.offices:
            shorts = {_short_cue(c) for c in (office.name, *office.cues)}
            self._short_cues[office.slug] = {match_key(s).casefold() for s in shorts if len(s.split()) >= 1}

    # -- scanning ---------------------------------------------------------------------------
    def _scan(self, text):
        """All references in `text`, left to right, without overlaps (cached: texts recur)."""
        key = match_key(text)
        candidates = []
        tokens = tokenize(key, keyed=True)
        for index, kind in ((self.person_index, "person"), (self.office_index, "office")):
            for start, end, value in index.finditer(key, tokens):
                candidates.append((start, start - end, PRIORITY[kind], kind, end, value))
        regexes = [(JOINT_RE, "joint"), (BODY_RE, "body"), (COUNTRY_RE, "place"), (HONORIFIC_RE, "pronoun")]
        if " này" in key:
            regexes.append((ANAPHOR_RE, "pronoun"))
        for regex, kind in regexes:
            for m in regex.finditer(key):
                candidates.append((m.start(), m.start() - m.end(), PRIORITY[kind], kind, m.end(), None))
        for m in TITLE_ONLY_RE.finditer(key):
            # The longer form "title … country" can only start where a title word does.
            longer = GENERIC_TITLE_RE.match(key, m.start())
            # "một quan chức Nhà Trắng", "Tân Chủ tịch Trung Quốc": the determiner belongs to the reference.
            det = _DETERMINER_RE.search(key[max(0, m.start() - 8):m.start()])
            start = m.start() - (len(det.group()) if det else 0)
            for found in (m, longer) if longer else (m,):
                candidates.append((start, start - found.end(), PRIORITY["title"], "title", found.end(), None))
        # A generic title or body must not swallow a name it runs into ("Tổng thống Biden khẳng định Mỹ").
        person_starts = [c[0] for c in candidates if c[3] == "person"]
        candidates = [
            c for c in candidates
            if c[3] not in {"title", "body"} or not any(c[0] < p < c[4] for p in person_starts)
        ]
        candidates.sort(key=lambda c: c[:3])
        chosen, taken_until = [], -1
        for start, _, _, kind, end, value in candidates:
            if start < taken_until:
                continue
            chosen.append(self._make(kind, start, end, text, value))
            taken_until = end
        return tuple(self._merge(chosen, text))

    def _make(self, kind, start, end, text, value):
        ref = Ref(start, end, kind, text[start:end])
        ref.former = text[max(0, start - 8):start].rstrip().lower().endswith(("cựu", "nguyên"))
        if kind == "person":
            ref.person = value
            ref.side = value.side
        elif kind == "office":
            ref.office = value
            ref.side = value.side
        elif kind in {"title", "body"}:
            ref.side = PLACE_SIDES.get(ref.text) or _side_in(ref.text)
        elif kind == "joint":
            ref.side = JOINT
        elif kind == "place":
            ref.side = PLACE_SIDES.get(ref.text) or COUNTRY_SIDES.get(ref.text)
        return ref

    def _merge(self, refs, text):
        """Join a title or "ông" to the name that follows it: one reference to one person."""
        merged = []
        for ref in refs:
            prev = merged[-1] if merged else None
            gap = text[prev.end:ref.start] if prev else None
            if (
                prev is not None and ref.kind == "person" and gap is not None and re.fullmatch(r"\s*", gap)
                and (prev.kind in {"office", "title", "pronoun"} or (prev.kind == "body" and _SPOKESPERSON_RE.match(prev.text)))
            ):
                offices = {prev.office.slug} if prev.office is not None else set()
                ref = Ref(prev.start, ref.end, "person", text[prev.start:ref.end], side=ref.side, person=ref.person,
                          titled_offices=frozenset(offices), former=prev.former)
                merged[-1] = ref
                continue
            merged.append(ref)
        merged = self._long_titles(merged, text)
        for ref in merged:
            if ref.kind == "person" and ref.person is not None and not ref.titled_offices:
                ref.titled_offices = self._title_before(ref.person, text, ref.start)
            spokesperson_body = ref.kind == "body" and _SPOKESPERSON_RE.match(ref.text)
            if ref.kind in {"office", "title", "pronoun"} or spokesperson_body:
                m = _NAME_AFTER.match(text, ref.end)
                if m and not COUNTRY_RE.fullmatch(m.group(1).split()[0]) and not _title_syllable(m, text):
                    name = m.group(1).rstrip(".")  # "… Larry Kudlow." ends the sentence, not the name
                    if ref.kind == "pronoun" or len(name.split()) == 1:
                        ref.surname = name.split()[0]
                    else:
                        ref.name = name
                    ref.end = m.end()
                    ref.text = text[ref.start:ref.end]
                    ref.kind = "title" if ref.kind in {"pronoun", "body"} else ref.kind
                    if ref.office is not None:
                        ref.titled_offices = frozenset({ref.office.slug})
        return merged

    def _long_titles(self, refs, text):
        """A title written out before the name: "Ủy viên Quốc vụ Đới Bỉnh Quốc", "Đại sứ Mỹ tại Liên Hợp Quốc
        Linda Thomas-Greenfield", "Điều phối viên … của Hội đồng An ninh Quốc gia Mỹ John Kirby" — one reference.

        The title runs to the first punctuation or verb-like word; its last capitalised words are the name.
        """
        out, i = [], 0
        while i < len(refs):
            ref = refs[i]
            found = None
            if ref.kind in {"title", "office"} and not ref.name:
                found = self._long_title(ref, refs[i + 1:], text)
            if found is None:
                out.append(ref)
                i += 1
                continue
            new, swallowed = found
            out.append(new)
            i += 1 + swallowed
        return out

    def _long_title(self, ref, following, text):
        begin = ref.end
        second = _SECOND_TITLE_RE.match(text, begin)
        if second:
            begin = second.start(1)  # "Đại sứ, Trưởng phái đoàn thường trực Trung Quốc … Trương Quân"
        segment = _SEGMENT_RE.match(text, begin)
        words = segment.group().split() if segment else []
        cut = next((k for k, w in enumerate(words) if w in _VERBISH), len(words))  # "Hội đồng" is a name
        if cut == len(words):
            return None  # no predicate after it: not a speaker's frame
        words = words[:cut]
        if not 2 <= len(words) <= 14:
            return None
        run = 0
        while run < len(words) and words[len(words) - 1 - run][0].isupper():
            run += 1
        if run == len(words) or run < 2:
            return None  # the name right after the title is read by the usual rule
        end = _word_end(text, segment.start(), words)
        inside = [r for r in following if r.start >= ref.end and r.end <= end]
        person = next((r for r in inside if r.kind == "person" and r.person is not None and r.end == end), None)
        if person is not None:
            offices = {ref.office.slug} if ref.office else self._title_before(person.person, text, person.start)
            return Ref(ref.start, end, "person", text[ref.start:end], side=person.side, person=person.person,
                       titled_offices=frozenset(offices), former=ref.former), len(inside)
        name = words[len(words) - run:]
        stripped = False
        while name and any(name[:len(p)] == p for p in _PLACE_WORDS):
            name = name[len(next(p for p in _PLACE_WORDS if name[:len(p)] == p)):]
            stripped = True
        if words[len(words) - run - 1] in {"tại", "ở", "đến", "từ"} and not stripped:
            return None  # "… quan chức ngoại giao Trung Quốc tại Thiên Tân": a place, not a name
        side = ref.side or next((r.side for r in inside if r.side in {CN, US}), None)
        if not 2 <= len(name) <= 4 or side is None or any(r.kind == "person" for r in inside):
            return None
        return Ref(ref.start, end, "title", text[ref.start:end], side=side, office=ref.office, name=" ".join(name),
                   titled_offices=frozenset({ref.office.slug} if ref.office else ()), former=ref.former), len(inside)

    def _title_before(self, person, text, start):
        before = match_key(text[max(0, start - 80):start]).casefold().rstrip()
        found = set()
        for role in person.roles:
            for short in self._short_cues.get(role.office, ()):
                if short and before.endswith(short):
                    found.add(role.office)
        return frozenset(found)

    # -- resolution -------------------------------------------------------------------------
    def resolve_surname(self, surname, known):
        """The person a short name ("Burns", "Tập") points to: someone already in the article first."""
        for person in known:
            if surname in person.surname_keys:
                return person
        matches = [p for p in self.people if surname in p.surname_keys]
        return matches[0] if len(matches) == 1 else None

    def holder(self, office_slug, day):
        holders = [p for p in self.people if any(r.office == office_slug and day and r.covers(day) for r in p.roles)]
        return holders[0] if len(holders) == 1 else None
