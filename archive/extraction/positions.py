"""Who said what: statements attributed to China, the United States, or both sides jointly.

Vietnamese reports frame each statement the same way: a speaker, a few adverbs, a reporting verb
("Ông Vương Nghị nhấn mạnh, …", "Phía Mỹ thì cho biết …", "Theo ông, …"), and carry it on through
pronouns and openers ("Ông cũng …", "Về phần mình, …"). A frame must open its clause, or follow
an official body's own reporting verb ("Bộ Ngoại giao Trung Quốc cho biết ông X đã nhận định …"),
so that a name inside a statement is not taken for its speaker.
"""
import re
from dataclasses import dataclass, field, replace

from .mentions import CN, JOINT, LEADING_DETERMINER_RE, US
from .textkit import UPPER, match_key

REPORTING_VERBS = [
    "tái khẳng định", "khẳng định", "nhấn mạnh", "cho rằng", "cho biết", "cho hay", "nêu rõ", "chỉ rõ", "chỉ ra",
    "bày tỏ", "yêu cầu", "hối thúc", "thúc giục", "kêu gọi", "đề nghị", "lên án", "hoan nghênh", "cam kết",
    "tuyên bố", "nhận định", "đánh giá", "nói rằng", "nói", "hy vọng", "hi vọng", "mong muốn", "mong", "đề xuất",
    "phản đối", "bác bỏ", "cảnh báo", "cảnh cáo", "chia sẻ", "nhắc lại", "lưu ý", "thông báo", "xác nhận",
    "nhất trí", "đồng ý", "thống nhất", "chỉ trích", "cáo buộc", "bày tỏ quan ngại", "quan ngại", "lo ngại",
    "tin rằng", "tin tưởng", "kỳ vọng", "thừa nhận", "nêu", "phản bác", "thể hiện", "khuyến nghị", "trấn an",
    "ca ngợi", "đánh giá cao", "khuyên", "bình luận", "phát biểu", "giải thích", "đòi", "kiên quyết phản đối", "ủng hộ",
    "tái cam kết", "nhắc nhở", "đồng tình", "thông tin", "đưa ra", "lưu ý rằng", "hứa",
    "gửi thông điệp", "gửi một thông điệp", "nhận lời", "dẫn lời", "trích lời", "khuyến cáo", "tố cáo", "lập luận",
    # Speakers taking turns: "Ông Tập tiếp lời rằng …", "Tân Chủ tịch đáp lại rằng …".
    # Not "đáp" or "trả lời" alone: "Mỹ đáp ứng …", "bà không trả lời trực tiếp".
    "tiếp lời", "đáp lại", "đáp lời", "đáp rằng", "nói thêm", "mô tả", "gửi lời chúc", "chúc mừng", "ghi nhận",
    "trình bày",
]
# Verbs that need their medium or audience before the statement: "viết trên mạng xã hội X rằng",
# "nói với báo giới rằng", "phát biểu trước Quốc hội rằng".
FRAMED_VERBS = [
    r"(?:viết|đăng|đăng tải|nói|phát biểu|chia sẻ|tuyên bố|khẳng định|cho biết)\s+(?:trên|lên|với|trước|trong|tại)\s+"
    r"[^,.;:!?“”\"]{1,60}?\s+rằng",
    r"viết\s*:",
    r"viết(?:\s+thêm)?\s+rằng",
    # "Bắc Kinh gọi phát ngôn này là …"
    r"gọi\s+[^,.;:“”\"]{1,60}?\s+là",
    # "Tổng thống Trump viết trên Twitter ngay sau cuộc gọi: …"
    r"(?:viết|đăng|đăng tải|nói|phát biểu|chia sẻ|tuyên bố)\s+(?:trên|lên|với|trước|trong|tại)\s+[^.;:!?“”\"]{1,60}?\s*:",
]
# Words that may stand between a speaker and the verb: "ông X cũng đã một lần nữa khẳng định".
_FILLER = (
    r"(?:\s+(?:đã|cũng|vẫn|thì|còn|lại|tiếp tục|một lần nữa|đồng thời|đều|sẽ|mới|vừa|hôm nay|hôm qua|cùng ngày|"
    r"trước đó|sau đó|hiện|từng|luôn|nhiều lần|công khai|trực tiếp|chính thức|mạnh mẽ|rõ ràng|không|chưa|"
    r"cũng đã|đã từng|ngay|cùng|thẳng thắn|dứt khoát|liên tục|này|khi đó|lúc đó|như thường lệ|như mọi khi|"
    # "Bộ Thương mại Trung Quốc ra tuyên bố cho biết …"
    r"ra tuyên bố|ra thông cáo|ra thông báo|phát đi thông cáo|ra một tuyên bố|lên tiếng|lâu nay|từ lâu|phải|chỉ|ngày\s+\d{1,2}/\d{1,2}(?:/\d{4})?|"
    r"hôm\s+\d{1,2}/\d{1,2}|\(\d{1,2}/\d{1,2}\)|sáng|chiều|tối|trưa|đêm|cũng\s+đã))*"
)
_FILLER_RE = re.compile(_FILLER + r"\s*[“\"]?\s*")
_APPOSITION_RE = re.compile(r"\s*(?:[-–(]|,)[^.;:!?“”\"]{0,160}?[,)]" + _FILLER + r"\s*")
VERB_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(FRAMED_VERBS + sorted(map(re.escape, REPORTING_VERBS), key=len, reverse=True)) + r")(?!\w)",
    re.I,
)
# Where a body said it: "Nhà Trắng cho biết trong một tuyên bố rằng …" — the statement starts after "rằng".
_VERB_TAIL_RE = re.compile(
    r"\s+(?:trong|qua|tại)\s+(?:một\s+|các\s+)?(?:tuyên bố|thông cáo|thông báo|bài đăng|bài phát biểu|cuộc họp báo|"
    r"họp báo)[^,.;:“”\"]{0,60}?\s+rằng(?!\w)|\s+rằng(?!\w)",
    re.I,
)


_POSTPOSED_VERB_RE = re.compile(r"(?:viết|đáp|hỏi lại|trả lời)(?!\w)", re.I)
_SAME_SPEAKER_ON_RE = re.compile(r"\s*,?\s*(?:rồi|đồng thời|và|sau đó)\s+(?:cũng\s+|còn\s+)?" + VERB_RE.pattern[len(r"(?<!\w)"):],
                                 re.I)


def _after_theo(clause, ref):
    """Whether `ref` follows a clause-opening "Theo": "Theo ông, …", "…, theo Bộ Ngoại giao Mỹ, …"."""
    before = clause[:ref.start].rstrip()
    document = _THEO_DOCUMENT_RE.search(before)
    if document:
        before = before[:document.start() + 4]  # "Theo thông báo đăng trên trang web của Bộ …, …": the body's
    if not before.endswith(("Theo", "theo")):
        return False
    rest = before[:-4].rstrip()
    return not rest or rest[-1] in ",:;"


_DOCUMENT = r"(?:thông cáo|thông báo|tuyên bố|bản tin|văn bản|thông tin|bản ghi nhớ)"
_THEO_DOCUMENT_RE = re.compile(rf"(?<!\w)[Tt]heo\s+{_DOCUMENT}(?:\s+[^,.;:“”\"]{{0,60}}?)?\s+của$")


CONNECTOR_RE = re.compile(
    r"(?:^|[,:;“\"(]\s*|\s)(?:và|nhưng|song|còn|đồng thời|trong khi(?: đó)?|trong đó|mặt khác|tuy nhiên|rằng|"
    r"cũng như|đặc biệt là|trong lúc|"
    # "các công tố viên Canada cho biết phía Mỹ cáo buộc …": someone of no side telling what a side said.
    r"[^,.;:“”\"]{0,80}?\s(?:cho biết|cho hay|nói rằng|thông báo|xác nhận)|"
    # "Thông cáo cho biết Tổng thống Mỹ bày tỏ …": a document telling what its side said.
    r"(?:thông cáo|thông báo|tuyên bố|bản tin|văn bản)(?:\s+[^,.;:“”\"]{0,60}?)?\s+(?:cho biết|cho hay|nêu rõ|viết)|"
    # "Thông cáo của Bộ Thương mại Trung Quốc cho biết …": the body speaks through its document.
    r"(?:thông cáo|thông báo|tuyên bố|bản tin|văn bản)(?:\s+(?:chính thức|báo chí|chung))?\s+của)?\s*$",
    re.I,
)
CLAUSE_SPLIT_RE = re.compile(r"(?:,\s*|\s+)(?=(?:trong khi(?: đó)?|trong lúc|còn)\s)|;\s+")
EXCHANGE_NARRATION_RE = re.compile(
    r"(?:đã|vừa)\s+(?:có\s+)?(?:cuộc\s+)?(?:điện đàm|hội đàm|gặp|hội kiến|tiếp)|điện đàm với|có cuộc (?:điện đàm|gặp|hội đàm)",
    re.I,
)
SPEECH_LIKE_RE = re.compile(
    r"(?<!\w)(?:cần|phải|nên|sẵn sàng|mong muốn|hy vọng|không thể|không được|kiên quyết|hãy|đề nghị|chúng tôi|"
    r"chúng ta|chủ trương|nhất quán)(?!\w)|^[“\"«]",
    re.I,
)
NARRATIVE_OPENER_RE = re.compile(
    r"^(?:Trước đó|Sau đó|Đây là|Đây cũng là|Theo kế hoạch|Trong bối cảnh|Tháng\s+\d|Ngày\s+\d|Năm\s+\d|Giữa tháng|"
    r"Cuối tháng|Đầu tháng|Hồi tháng|Hiện nay|Dự kiến)",
)
_LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
# Pages often lose the space after a full stop ("…song phương.Ông Lý cho biết"): a lower-case word, a stop, then a
# capitalised word starts a sentence too; "VOV.VN", "TP.HCM" and "baoquocte.vn" do not.
_SENTENCE_BOUNDARY = re.compile(
    r"(?<=[.!?…])[”\"’»)]*\s+(?=[“\"«(]?[A-ZĐÀ-Ỹ0-9])"
    rf"|(?<=[{_LOWER}”\"’»)][.!?])(?=[{UPPER}][{_LOWER}])"
)
_ABBREVIATION_END = re.compile(r"(?:\b(?:TP|Tp|Mr|Mrs|Ms|Dr|St|TS|ThS|GS|PGS|U\.S|v\.v|Th|Q)\.|\b[A-Z]\.)$")


def sentences(paragraph):
    """Split a paragraph into sentences, keeping quotes and abbreviations whole."""
    out, start = [], 0
    for m in _SENTENCE_BOUNDARY.finditer(paragraph):
        piece = paragraph[start:m.start()]
        if _ABBREVIATION_END.search(piece.rstrip("”\"’»)")) or _inside_quote(paragraph[start:m.start()]):
            continue
        out.append(paragraph[start:m.start()].strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def _inside_quote(text):
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


@dataclass
class Statement:
    side: str
    text: str
    speaker: object = None  # a gazetteer Person, when known
    body: str | None = None  # the speaking body or unnamed speaker as written
    paragraph: int = 0
    issues: list = field(default_factory=list)
    parts: list = field(default_factory=list)  # the clauses the text is made of
    # Why an editor should check it: "side" (carried over from an earlier paragraph, or a pronoun whose
    # speaker was named there), "speaker" (a title or name the gazetteer cannot resolve), or None.
    doubt: str | None = None
    span: tuple | None = None  # (start, end) in the text the extractor read

    def __post_init__(self):
        self.parts = self.parts or [self.text]

    def add(self, clause):
        self.text = f"{self.text} {clause}"
        self.parts.append(clause)


UNRESOLVED = ("?", None, None)
_SPOKESPERSON_WORDS_RE = re.compile(r"người phát ngôn|phát ngôn viên")
TOLD_RE = re.compile(r"(?<!\w)(?:cho biết|cho hay|nói rằng|nói|tuyên bố|thông báo|xác nhận)(?!\w)", re.I)
AGREED_RE = re.compile(
    r"[^,.;:]{0,40}?(?<!\w)(?:đã\s+|cũng\s+|đều\s+)*(?:nhất trí|đồng ý|thống nhất|đạt được|cam kết|ghi nhận)(?!\w)", re.I)


@dataclass
class _Frame:
    ref: object
    verb_end: int
    via_theo: bool = False


class Attributor:
    def __init__(self, scanner, participants=(), day=None, mentioned=()):
        self.scanner = scanner
        self.participants = list(participants)
        self.day = day
        self.last_person = None  # (Person or None, label, side) of the last person who spoke
        self.last_person_paragraph = None
        self.paragraph = 0
        self.doubt = None  # what is uncertain about the speaker the last call to speaker_of() found
        self.after_unknown = False  # whether the last speaker was someone no side could be given to
        self.mentioned = list(mentioned)  # gazetteer people named so far (the headline's too), for "ông Hồ"
        self.strangers = {}  # the last word of a titled name the gazetteer lacks -> (side, name as written)
        self.titled = []  # (how a speaker was written, lower case; (Person, label, side)), latest last
        self.known = list(participants)

    # -- resolving a reference to a speaker ---------------------------------------------------
    def speaker_of(self, ref):
        """(side, Person or None, body-as-written or None) for a reference, or None if it names no side."""
        self.doubt = None
        if ref.kind == "joint":
            return JOINT, None, ref.text
        if ref.kind in {"body", "place"}:
            return (ref.side, None, ref.text) if ref.side in {CN, US} else None
        if ref.kind == "pronoun":
            if self.last_person:
                person, label, side = self.last_person
                if self.last_person_paragraph != self.paragraph:
                    self.doubt = "side"  # "Ông nói …" opening a paragraph: whoever spoke last, paragraphs back
                return side, person, None if person else label
            return None
        if ref.kind == "title" and ref.side is None and not (ref.name or ref.surname):
            # A bare title ("Người phát ngôn cũng kêu gọi …") points back to the last speaker written with it.
            word = _SPOKESPERSON_WORDS_RE.sub("phát ngôn", LEADING_DETERMINER_RE.sub("", ref.text.lower()))
            earlier = next((who for text, who in reversed(self.titled)
                            if word in _SPOKESPERSON_WORDS_RE.sub("phát ngôn", text)), None)
            if earlier is None:
                # "Bà Yellen nhấn mạnh … Nữ Bộ trưởng cũng nêu …": the one person named so far whose post it is.
                holders = {p for p in self.known + self.mentioned if self._post_is(p, word)}
                if len(holders) == 1:
                    person = holders.pop()
                    earlier = (person, None, person.side)
            if earlier:
                person, label, side = earlier
                return side, person, None if person else label
            return None
        person = ref.person
        if person is None and ref.surname:
            person = self.scanner.resolve_surname(ref.surname, self.known + self.mentioned)
            if person is None and ref.surname in self.strangers:
                # "ông Kudlow" after "Cố vấn Kinh tế Nhà Trắng Larry Kudlow": someone the gazetteer lacks.
                side, label = self.strangers[ref.surname]
                self.doubt = "speaker"
                return side, None, label
        if person is None and ref.office is not None:
            person = next((p for p in self.known if p.held(ref.office.slug) and p.side == ref.office.side), None)
            person = person or self.scanner.holder(ref.office.slug, self.day)
        if person is None and ref.kind == "title" and not (ref.name or ref.surname) and _leader_title(ref):
            # "Nhà lãnh đạo Trung Quốc", "Đặc phái viên Mỹ": the one participant of that side, if only one.
            sided = [p for p in self.participants if p.side == ref.side]
            person = sided[0] if len(sided) == 1 else None
        if person is not None:
            return person.side, person, None
        if ref.side in {CN, US}:
            if ref.kind in {"person", "office", "title"}:
                self.doubt = "speaker"
            return ref.side, None, ref.label
        if ref.surname and self.last_person:
            return None
        return None

    def _post_is(self, person, word):
        offices = self.scanner.offices
        return any(word in _SPOKESPERSON_WORDS_RE.sub("phát ngôn", offices[r.office].name.lower())
                   for r in person.roles if r.office in offices)

    def _remember(self, side, person, body, ref):
        if ref.kind in {"person", "office", "title", "pronoun"} and side in {CN, US}:
            self.last_person = (person, body, side)
            self.last_person_paragraph = self.paragraph
            self.after_unknown = False
            self.titled.append((ref.text.lower(), self.last_person))
            if person is not None and person not in self.known:
                self.known.append(person)

    # -- frames -------------------------------------------------------------------------------
    def _opens_clause(self, text, ref, boundaries):
        """Whether `ref` stands where a clause's subject stands."""
        before = text[:ref.start]
        cut = max([before.rfind(c) for c in ",:;“\"("] + [b for b in boundaries if b <= ref.start] + [-1])
        lead = before[cut + 1:] if cut >= 0 else before
        return bool(CONNECTOR_RE.fullmatch(" " + lead)) or not lead.strip()

    def _verb_after(self, text, ref):
        m = _FILLER_RE.match(text, ref.end)
        pos = m.end() if m else ref.end
        verb = VERB_RE.match(text, pos)
        if verb:
            tail = _VERB_TAIL_RE.match(text, verb.end())
            return tail.end() if tail else verb.end()
        # An apposition between the speaker and the verb: "ông X - kiêm nhiệm chức vụ …, đã nhận định".
        appo = _APPOSITION_RE.match(text[ref.end:])
        if appo and len(appo.group().split()) <= 25 and not VERB_RE.search(appo.group()):
            verb = VERB_RE.match(text, ref.end + appo.end())
            if verb:
                return verb.end()
        return None

    def frame(self, clause, refs):
        """The speaking reference of a clause, or None."""
        frames, boundaries = [], []
        for ref in refs:
            if _inside_quote(clause[:ref.start]):
                continue  # a name inside a quotation is what the speaker speaks of, not who speaks
            verb_end = self._verb_after(clause, ref)
            if verb_end is not None and not ref.former and self._opens_clause(clause, ref, boundaries):
                frames.append(_Frame(ref, verb_end))
                boundaries.append(verb_end)
        if not frames:
            theo = next((r for r in refs if r.kind != "place" and _after_theo(clause, r) and
                         clause[r.end:].lstrip().startswith(",")), None)
            if theo is None:
                return None
            if theo.kind == "body":
                # "Theo Tân Hoa xã, ông Kerry trình bày …": the body tells what the person after it said.
                after = clause[theo.end:].lstrip()[1:]
                lead = len(clause) - len(after) + (len(after) - len(after.lstrip()))
                inner = next((r for r in refs if r.start == lead and r.is_person and not r.former), None)
                if inner is not None:
                    return _Frame(inner, inner.end, via_theo=True)
            return _Frame(theo, theo.end, via_theo=True)
        first = frames[0]
        joint = next((f for f in frames[1:] if f.ref.kind == "joint" and AGREED_RE.match(clause, f.ref.end)), None)
        if joint is not None and TOLD_RE.search(clause[first.ref.end:joint.ref.start]) and not self._takes_part(first.ref):
            # "Ông Rhodes cho biết hai nhà lãnh đạo nhất trí …": what both agreed, as someone outside the talks
            # tells it; but "Bộ trưởng Ross cho biết hai bên nhất trí …" is one participant's account, his side's,
            # and "ông Hồ kêu gọi hai bên phản đối …" is his call on both.
            return joint
        if first.ref.kind in {"body", "place"} or relays(first.ref):
            # A body or a spokesperson reporting what a person or both sides said: the inner speaker is the one.
            inner = next((f for f in frames[1:] if f.ref.kind in {"person", "office", "title", "pronoun", "joint"}), None)
            if inner:
                return inner
        return first

    def _takes_part(self, ref):
        """Whether the reference is one of the exchange's participants."""
        person = ref.person
        if person is None and ref.kind == "pronoun" and self.last_person:
            person = self.last_person[0]
        if person is None and ref.surname:
            person = self.scanner.resolve_surname(ref.surname, self.known + self.mentioned)
        return person is not None and person in self.participants

    # -- the article --------------------------------------------------------------------------
    def attribute(self, paragraphs):
        statements = []
        last_spoke = False  # whether the previous sentence belonged to a statement
        for p_index, paragraph in enumerate(paragraphs):
            self.paragraph = p_index
            for sentence in sentences(paragraph):
                self._note_subject(sentence)
                sentence_spoke = False
                for clause, refs in self._clauses(sentence):
                    who = self._speaker_of_clause(clause, refs)
                    last = statements[-1] if statements else None
                    if who is UNRESOLVED:
                        sentence_spoke, last_spoke = False, False
                        statements.append(None)  # ends the turn: nothing carries on past it
                    elif who is not None:
                        side, person, body = who
                        if sentence_spoke and (last.side, last.speaker, last.body) == (side, person, body):
                            last.add(clause)
                        else:
                            statements.append(Statement(side, clause, person, body, p_index, doubt=self.doubt))
                        sentence_spoke = True
                    elif last is not None and (sentence_spoke or self._continues(last, p_index, last_spoke, sentence)):
                        if last.paragraph == p_index:
                            last.add(clause)
                        else:
                            # A paragraph that names no speaker, carrying on the last one's words: likely, not sure.
                            statements.append(Statement(last.side, clause, last.speaker, last.body, p_index, doubt="side"))
                        sentence_spoke = True
                last_spoke = sentence_spoke
        return [st for st in statements if st is not None]

    def _speaker_of_clause(self, clause, refs):
        found = self.frame(clause, refs)
        if found is None:
            return self._postposed(clause, refs)
        who = self.speaker_of(found.ref)
        if who is None or who[0] not in {CN, US, JOINT}:
            # Someone speaks whom the text does not place on a side ("ông Hồ" with two Hồ in the gazetteer,
            # an unnamed official): their words are nobody's statement, and the last speaker's turn is over.
            if found.ref.name or found.ref.surname:
                self.last_person, self.after_unknown = None, True  # "Ông nhấn mạnh …" next is them again
                return UNRESOLVED
            if found.ref.kind == "pronoun" and self.last_person is None and self.after_unknown:
                return UNRESOLVED
            return None
        self._remember(*who, found.ref)
        if not found.via_theo and EXCHANGE_NARRATION_RE.search(clause[found.verb_end:][:80]):
            return None  # the report of the exchange itself, not a position; its "ông" still points back here
        return who

    def _postposed(self, clause, refs):
        """The speaker named after a quotation: "“…”, bà Mao Ninh tuyên bố." """
        if not clause.startswith(("“", '"', "«")):
            return None
        close = max(clause.rfind("”"), clause.rfind("»"), clause.rfind('"', 1))
        if close <= 0:
            return None
        for ref in refs:
            if ref.start <= close or ref.kind not in {"person", "office", "title", "pronoun", "body", "place"}:
                continue
            if not re.fullmatch(r"[\s,–-]*", clause[close + 1:ref.start]):
                return None
            verb_end = self._verb_after(clause, ref)
            if verb_end is None:
                # After a quotation "viết" and "đáp" say who wrote or answered: "“…”, ông Trump viết."
                filler = _FILLER_RE.match(clause, ref.end)
                verb = _POSTPOSED_VERB_RE.match(clause, filler.end() if filler else ref.end)
                verb_end = verb.end() if verb else None
            tail = clause[verb_end:] if verb_end is not None else ""
            # "…", ông Kudlow nói với các phóng viên sau bữa tối.: where and to whom may follow the verb;
            # "…", ông Biden đáp, rồi giải thích rằng …: the same speaker goes on.
            if verb_end is not None and (re.fullmatch(r"[\s.!…]*", tail) or _SAME_SPEAKER_ON_RE.match(tail) or (
                    len(tail.split()) <= 10 and not re.search(r"[“”\"«»]", tail) and not VERB_RE.search(tail))):
                who = self.speaker_of(ref)
                if who is not None and who[0] in {CN, US, JOINT}:
                    self._remember(*who, ref)
                    return who
            return None
        return None

    def _note_subject(self, sentence):
        """"Ông Panetta đến Bắc Kinh tối 17/9 … Ông khẳng định …": whoever opens a sentence is who "ông" means next."""
        if sentence.startswith(("“", '"', "«")):
            return  # "“Chủ tịch Tập và tôi …”, ông viết": whom a quotation speaks of is not its speaker
        refs = self.scanner.scan(sentence)
        first = refs[0] if refs else None
        if first is None or first.start > 3 or first.kind not in {"person", "title", "office"}:
            return
        person = first.person or (self.scanner.resolve_surname(first.surname, self.known + self.mentioned)
                                  if first.surname else None)
        if person is not None:
            self.last_person = (person, None, person.side)
            self.last_person_paragraph = self.paragraph
            self.after_unknown = False

    def _note_mentions(self, refs):
        for ref in refs:
            if ref.person is not None and ref.person not in self.mentioned:
                self.mentioned.append(ref.person)
            elif ref.person is None and ref.name and ref.side in {CN, US}:
                self.strangers[ref.name.split()[-1]] = (ref.side, ref.name)

    def _clauses(self, sentence):
        """(clause, its references): the sentence, cut where another speaker's frame opens a clause."""
        refs = self.scanner.scan(sentence)
        self._note_mentions(refs)
        cuts, start = [], 0
        for m in CLAUSE_SPLIT_RE.finditer(sentence):
            piece_refs = _within(refs, m.end(), len(sentence))
            head = self.frame(sentence[m.end():], piece_refs[:3]) if piece_refs else None
            if head is not None and not head.via_theo and head.ref.start < 40:
                cuts.append((start, m.start()))
                start = m.end()
        cuts.append((start, len(sentence)))
        out = []
        for a, b in cuts:
            text = sentence[a:b]
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if text:
                out.append((text, _within(refs, a + lead, a + lead + len(text))))
        return out

    def _continues(self, last, p_index, last_spoke, sentence):
        """A sentence without a frame carries on the previous statement."""
        if not last_spoke or NARRATIVE_OPENER_RE.match(sentence) or EXCHANGE_NARRATION_RE.search(sentence):
            return False
        # "Nhận xét mới của ông Biden khiến các quan chức Mỹ …" after Beijing spoke: the other side is the subject now.
        # Only a person: "Mỹ cần …", "phía Mỹ phải …" are what China's speaker asks of the US.
        refs = self.scanner.scan(sentence)
        opening = next((r for r in refs if r.start < 60 and r.side in {CN, US}
                        and r.kind in {"person", "office", "title"}), None)
        if opening is not None and last.side in {CN, US} and opening.side != last.side:
            return False
        if (refs and refs[0].kind == "joint" and refs[0].start < 3 and last.side in {CN, US}
                and not SPEECH_LIKE_RE.search(sentence)):
            return False  # "Hai bên đã trao đổi …" after one side's account: both sides are the subject now
        return last.paragraph == p_index or bool(SPEECH_LIKE_RE.search(sentence))


_NOT_A_PRINCIPAL_RE = re.compile(r"phát ngôn|quan chức|nghị sĩ|trợ lý|tham tán|giới chức|nhà chức trách", re.I)


def _leader_title(ref):
    """A title that, without a name, stands for the side's principal ("Nhà lãnh đạo Trung Quốc"), not for any official."""
    return ref.side in {CN, US} and not _NOT_A_PRINCIPAL_RE.search(ref.text)


def relays(ref):
    """Whether the reference is a spokesperson, who passes on what others said."""
    if "phát ngôn" in ref.text.lower():
        return True
    return is_spokesperson(ref.person)


def is_spokesperson(person):
    """Whether every post the gazetteer gives the person is a spokesperson's."""
    return person is not None and bool(person.roles) and all((r.office or "").endswith("spokesperson") for r in person.roles)


def _within(refs, start, end):
    """References inside text[start:end], with offsets relative to `start`."""
    if start == 0 and all(r.end <= end for r in refs):
        return list(refs)
    return [replace(r, start=r.start - start, end=r.end - start) for r in refs if r.start >= start and r.end <= end]


def attribute(scanner, paragraphs, participants=(), day=None):
    return Attributor(scanner, participants, day).attribute(paragraphs)


def normalise_space(text):
    return " ".join(match_key(text).split())
