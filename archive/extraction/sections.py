"""Split a news page copied as text into its parts: title, outlet, lead, body, captions, related news.

Pages arrive as a reader copies them: the article, then photo captions in the middle, a
"Tin liên quan" list (often repeated), comment boxes, "Tin mới" lists and stray tokens. Only the
title, lead and body may feed the analysis; everything else is kept apart or dropped.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from .outlets import OutletRegistry, key_of
from .textkit import UPPER, match_key

VIETNAM_TZ = timezone(timedelta(hours=7))


def _line_re(*phrases):
    return re.compile(r"^\s*(?:" + "|".join(phrases) + r")\s*:?\s*$", re.IGNORECASE)


# Everything from one of these lines on is the site's furniture, not the article.
STOP_RE = _line_re(
    r"tin mới(?:\s+[^\s:]+){0,2}", r"tin đọc nhiều", r"đọc nhiều(?: nhất)?", r"xem nhiều(?: nhất)?",
    r"có thể bạn quan tâm", r"bình luận", r"ý kiến(?: bạn đọc| của bạn)?", r"gửi bình luận", r"viết bình luận",
    r"tin nổi bật", r"tin tiêu điểm", r"bài viết cùng chủ đề", r"user image", r"gửi ý kiến.*",
    r"cơ quan chủ quản\b.*", r"©.*", r"bản quyền\b.*", r"tổng biên tập\s*:.*", r"giấy phép(?: hoạt động| số)?\b.*",
    r"ý kiến bạn đọc.*",
)
RELATED_RE = _line_re(
    r"tin liên quan", r"tin bài liên quan", r"bài liên quan", r"bài viết liên quan", r"tin cùng chuyên mục",
    r"tin cùng chủ đề", r"các tin khác", r"tin khác", r"xem thêm", r"đọc thêm", r"cùng chuyên mục",
)
JUNK_RE = re.compile(
    r"^\s*(?:\||quảng cáo|advertisement|chia sẻ|share|facebook|twitter|zalo|in bài|print|email|lưu|"
    r"nghe bài viết|nghe|theo dõi|trang chủ|google news|\d{1,2}:\d{2}|copy link|link bài gốc|"
    r"mời (?:quý vị|(?:quý |các )?(?:bạn )?(?:độc giả|đọc giả|khán giả|bạn đọc))\b.*|xem tiếp\b.*|>>.*|"
    # Menus, tickers, widgets and account links around the article.
    r"(?:dòng sự kiện|tiêu điểm|sự kiện|nóng|hot|xu hướng|chuyên đề|breaking)\s*:.*|hotline\b.*|đường dây nóng\b.*|"
    r"đăng nhập\b.*|đăng ký\b.*|đăng xuất|tài khoản|tìm kiếm|menu|video|podcast|e-?magazine|infographics?|"
    # Rating widgets and tag lines, which stand before the related lists: furniture, not the page's end.
    r"bài viết hay\?.*|chủ đề\s*:.*|tags?\s*:.*|từ khóa\s*:.*|[★☆\s]+|"
    # Comment counters ("Bình luận (0)") stand above the related lists; times without a year ("18-09 22:10").
    r"\d+\s+bình luận|bình luận\s*\(\d+\)|ý kiến\s*\(\d+\)|bình luận bài đăng|"
    r"\d{1,2}\s*[-/.]\s*\d{1,2}\s+\d{1,2}:\d{2}|\d{1,2}:\d{2}\s+\d{1,2}\s*[-/.]\s*\d{1,2}|"
    r"(?:thời sự|thế giới|quốc tế|kinh tế|chính trị|xã hội|quân sự|pháp luật|văn hóa|thể thao|giải trí|công nghệ|"
    r"sức khỏe|giáo dục|đời sống|bạn đọc|góc nhìn|ý kiến|phân tích|bình luận quốc tế|hồ sơ|tư liệu|diễn đàn|"
    r"thế giới đó đây|quan hệ quốc tế|vấn đề - sự kiện|châu mỹ|châu á|châu á - thái bình dương|ngoại giao)|"
    r"\d+\s+(?:lượt xem|views?)|(?:lượt xem|lượt thích)\s*:?\s*\d*|"
    r"theo dõi (?:chúng tôi|báo|.{0,30} trên).*|tải ứng dụng.*|xem thêm video.*|.+\s+-\s+ảnh\s+\d+\.?)\s*$",
    re.IGNORECASE,
)
# Breadcrumbs ("Thế giới > Quan hệ quốc tế"), menus joined by bars ("Thời sự | Thế giới | Đăng nhập") and
# weather widgets ("Hà Nội 24°C Mây rải rác"); tried only on lines holding their marks.
CRUMB_RE = re.compile(
    r"^\s*(?:[^\s>»›|/]+(?:\s+[^\s>»›|/]+){0,3}\s*(?:[>»›|]|\s/)\s*)+[^\s>»›|/]+(?:\s+[^\s>»›|/]+){0,4}\s*$"
    r"|^\s*(?:[^|]{1,40}\|){2,}[^|]{0,40}$"
)
WEATHER_RE = re.compile(r"\d{1,2}\s*°\s*[CF]?")
LONG_JUNK_RE = re.compile(
    r"^\s*(?:(?:mời (?:quý vị|(?:quý |các )?(?:bạn )?(?:độc giả|đọc giả|khán giả|bạn đọc))|xem tiếp|>>|theo dõi|tải ứng dụng|"
    r"xem thêm video|dòng sự kiện\s*:|tiêu điểm\s*:|sự kiện\s*:|nóng\s*:|xu hướng\s*:|chuyên đề\s*:|hotline|"
    r"đường dây nóng|đăng nhập|đăng ký)(?!\w).*|.+\s+-\s+ảnh\s+\d+\.?)\s*$",
    re.IGNORECASE,
)
INLINE_RELATED_RE = re.compile(r"^\s*(?:xem thêm|đọc thêm|tin liên quan|xem tiếp)\s*[:>»]\s*(?P<title>\S.{5,200})$", re.I)
# "Dòng sự kiện:" heads a numbered list of other stories: the list goes with it.
EVENT_LIST_RE = re.compile(r"^\s*(?:dòng sự kiện|sự kiện|chuyên đề|tiêu điểm)\s*:?\s*$", re.I)
NUMBERED_RE = re.compile(r"^\s*\d{1,2}\s*[.)]\s")
# Tokens such as "bawns cas h5" left by page scripts: short, lower-case ASCII, no sentence.
STRAY_RE = re.compile(r"^[a-z0-9_ .#-]{1,30}$")
# "07:59 | 16/09/2024 Xe - Công nghệ", "16/09/2024 07:59", "(16/09/2024)"
TIME_LINE_RE = re.compile(
    r"^\s*\(?(?:(?P<h1>\d{1,2}):(?P<m1>\d{2})\s*(?:\|\s*|,\s*|-\s*)?)?"
    r"(?P<d>\d{1,2})/(?P<mo>\d{1,2})/(?P<y>(?:19|20)\d{2})"
    r"(?:\s*(?:\|\s*|,\s*|-\s*)?(?P<h2>\d{1,2}):(?P<m2>\d{2}))?\)?\s*(?:\|\s*)?(?P<rest>.*?)\s*$"
)
CREDIT_RE = re.compile(
    r"(?:^|(?<=[\s.,;:)–-]))\(?\s*(?:Ảnh|Nguồn|Ảnh minh (?:họa|hoạ)|Nguồn ảnh|Ảnh tư liệu|Ảnh chụp màn hình|Photo)"
    r"\s*:\s*(?P<credit>[^()\n]{1,80}?)\s*\)?\s*\.?\s*$",
)
CREDIT_ONLY_RE = re.compile(r"^\s*[-–(]?\s*(?:Ảnh|Nguồn|Photo)\s*:\s*(?P<credit>[^()\n]{1,80}?)\s*\)?\s*$")
ILLUSTRATION_RE = re.compile(r"\(?\s*Ảnh minh (?:họa|hoạ)\s*\)?\s*\.?\s*$")
SENTENCE_END_RE = re.compile(r"[.!?…][”\"’»)]*\s*$")
END_MARK_RE = re.compile(r"\s*\.?/\.\s*$")  # "./." closes an article in much of the Vietnamese press

# The article's closing source line: "Theo TTXVN", "(TTXVN/Vietnam+)", "Nguồn: VOV".
SOURCE_LINE_RE = re.compile(r"^\s*(?:\((?P<paren>[^()]{2,40})\)|(?:Theo|Nguồn\s*:)\s+(?P<theo>[^()]{2,40}?))\s*\.?\s*$", re.I)
# A site's own section names betray the site when nothing else names it.
SECTION_OUTLETS = {"hải quan thế giới": "Hải quan Online"}
# "VTV.vn-Trong …": a mark glued to the lead's first word.
GLUED_OUTLET_RE = re.compile(r"^\s*(?P<glued>[\w.+&]{2,24}?)\s?[-–—](?=[A-ZĐÀ-Ỹ][a-zà-ỹđ])")
# "(TNO) Tổng thống …": a mark in parentheses with no dash after it.
PAREN_OUTLET_RE = re.compile(r"^\s*\((?P<mark>[^()\n]{2,40})\)\s+(?=[A-ZĐÀ-Ỹ])")
OUTLET_PREFIX_RE = re.compile(
    r"^\s*(?:(?P<place>[^()\n,]{1,30}?)\s*)?\((?P<paren>[^()\n]{2,40})\)\s*[-–—:]\s*(?=\S)"
    r"|^\s*(?P<bare>[^\s()\-–—][^()\n\-–—]{0,38}?)\s+[-–—]\s+(?=\S)"
    # "Baoquocte.vn. Ngày 17/7, …", "TGVN. Ngày 5/5, …": a mark closed by a full stop.
    r"|^\s*(?P<dotted>[^\s(),:;]{2,20}?)\.\s+(?=[A-ZĐÀ-Ỹ\d])"
)


_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|t[2-7]|cn)"
_CLOCK = r"\d{1,2}\s*[:h]\s*\d{2}(?:\s*(?:am|pm|sa|ch))?"
_ZONE = r"\(?\s*(?:gmt|utc)\s*[+]\s*7(?::00)?\s*\)?"
# "Thứ Sáu, 12/04/2019 , 14:05 (GMT+7)", "08:42 | 23/06/2021", "Cập nhật: 17/09/2024 08:20", "Minh Anh | 12/4/2019".
DATELINE_RE = re.compile(
    r"^\s*(?:[^|\d:]{1,40}\|\s*)?"
    r"(?:(?:cập nhật|đăng|ngày đăng|xuất bản|thời gian|ngày|published|updated|posted)(?:\s+(?:lúc|ngày))?\s*:?\s*)?"
    rf"(?:{_WEEKDAY}\s*[,|-]?\s*)?(?:ngày\s+)?(?:{_CLOCK}\s*(?:[|,-]|ngày)?\s*(?:{_WEEKDAY}\s*[,|-]?\s*)?)?"
    r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<mo>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})"
    rf"\s*(?:[|,-]|lúc)?\s*(?:{_CLOCK})?\s*(?:{_ZONE})?\s*(?:\|\s*[^|\d]{{1,40}})?\s*$",
    re.I,
)
ISO_DATELINE_RE = re.compile(
    r"^\s*(?:date|ngày|published|updated)?\s*:?\s*(?P<y>(?:19|20)\d{2})-(?P<mo>[01]\d)(?:-(?P<d>[0-3]\d))?"
    r"(?:[T\s]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*$",
    re.I,
)
AUTHOR_LINE_RE = re.compile(r"^\s*(?:tác giả|phóng viên|pv|bài và ảnh|bài, ảnh|nhóm pv)\s*:\s*.{1,60}$", re.I)
FOOTER_RE = re.compile(r"©|bản quyền|cơ quan chủ quản|giấy phép|tổng biên tập|copyright|\.(?:vn|com|net)\b", re.I)
DOMAIN_RE = re.compile(r"(?<![\w.])(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)(?![\w.])", re.I)


_DIGIT_RE = re.compile(r"\d")


@dataclass
class Caption:
    text: str
    credit: str | None = None


@dataclass
class Related:
    title: str
    lead: str = ""
    published_at: str | None = None
    category: str = ""


@dataclass
class Sections:
    title: str | None
    title_is_generated: bool
    outlet: str | None
    lead: str
    paragraphs: list  # body paragraphs after the lead, in order
    captions: list = field(default_factory=list)
    related: list = field(default_factory=list)
    leading_caption: Caption | None = None  # a caption standing where the title should be
    published: date | None = None  # the day the page's dateline gives (publication, not the exchange)
    published_precision: str | None = None  # "day", or "month" for "date 2018-09"

    @property
    def text_paragraphs(self):
        """Lead and body: the only text the analysis reads."""
        return ([self.lead] if self.lead else []) + self.paragraphs


def _clean(line):
    return " ".join(line.replace("\u00a0", " ").split())


_NO_OUTLETS = OutletRegistry(())


def _looks_like_outlet(name, in_parens, registry=_NO_OUTLETS):
    name = name.strip()
    if registry.is_known(name):
        return True
    if registry.is_agency(name):
        return False
    if not name or not name[0].isupper() or re.search(r"\d+/\d+", name) or len(name.split()) > 4:
        return False
    if re.search(r"\.(?:vn|com|net|org)\b", name, re.I) or re.search(r"(?:News|Online|Plus|\+)$", name):
        return True
    letters = [c for c in name if c.isalpha()]
    uppers = sum(1 for c in letters if c.isupper())
    return bool(letters) and uppers >= 2 and uppers >= len(letters) * (0.5 if in_parens else 0.8)


_MARK_END_RE = re.compile(r"[-–—:).]")
# A footer line, wherever the words stand in it: "Báo Tiền Phong - Cơ quan Trung ương của Đoàn …",
# "Chuyên trang Infonet - Báo VietNamNet | Cơ quan chủ quản: …", "© Bản quyền thuộc về …".
FOOTER_STOP_RE = re.compile(r"©|cơ quan chủ quản|cơ quan trung ương của|cơ quan của (?:Đảng|Quốc hội|Bộ|Ủy ban|Hội)|"
                            r"bản quyền thuộc về|giấy phép (?:hoạt động|số)", re.I)
BULLET_RE = re.compile(r"^\s*[-–•*·]\s+")


def _is_domain(name):
    return bool(re.fullmatch(r"[\w-]+\.(?:vn|com|net|org)(?:\.vn)?", key_of(name)))


def split_outlet(paragraph, registry=_NO_OUTLETS):
    """('VOV.VN', 'rest of the lead') when the paragraph opens with an outlet's mark, else (None, paragraph)."""
    if not _MARK_END_RE.search(paragraph[:48]):
        return None, paragraph  # every mark ends in a dash, a colon, a bracket or a full stop near the start
    # Only a mark the registry knows, or a domain, may stand glued to the text or in bare parentheses.
    glued = GLUED_OUTLET_RE.match(paragraph)
    if glued and (registry.is_known(glued.group("glued")) or _is_domain(glued.group("glued"))):
        return glued.group("glued"), paragraph[glued.end():].strip()
    bare = PAREN_OUTLET_RE.match(paragraph)
    if bare and registry.is_known(bare.group("mark")):
        return bare.group("mark").strip(), paragraph[bare.end():].strip()
    m = OUTLET_PREFIX_RE.match(paragraph)
    if not m:
        return None, paragraph
    if m.group("paren"):
        name, ok = m.group("paren").strip(), _looks_like_outlet(m.group("paren"), True, registry)
        place = m.group("place")
        if place and not place[0].isupper():
            ok = False
    elif m.group("dotted"):
        # A full stop ends many sentences' first word too: only a known outlet or a domain counts.
        name = m.group("dotted").strip()
        ok = registry.is_known(name) or _is_domain(name)
    else:
        name, ok = m.group("bare").strip(), _looks_like_outlet(m.group("bare"), False, registry)
    if not ok:
        return None, paragraph
    return name, paragraph[m.end():].strip()


BYLINE_RE = re.compile(
    rf"^[{UPPER}][\w.]*(?:\s+[{UPPER}][\w.]*){{0,4}}(?:\s*\((?:theo|t/h|tổng hợp|lược dịch|dịch)[^()]{{0,60}}\))?$"
    r"|^\(?(?:theo|tổng hợp|t/h)\b[^()]{0,60}\)?$",
    re.I,
)


def _signature(line):
    """Whether a closing line signs the article (byline, source) rather than saying anything."""
    if len(line.split()) > 10 or re.search(r"\d", line):
        return False
    return bool(SOURCE_LINE_RE.match(line) or BYLINE_RE.match(line) and not re.search(r"[!?:;.]\s*$", line))


def _outlet_in_signature(line, registry=_NO_OUTLETS):
    """'Vietnam+' from '(TTXVN/Vietnam+)', 'TTXVN' from 'Theo TTXVN'; None for agencies ('Theo AFP, Reuters')."""
    m = SOURCE_LINE_RE.match(line)
    if not m:
        return None
    names = [n.strip() for n in re.split(r"[/,;]| và ", m.group("paren") or m.group("theo") or "") if n.strip()]
    # The last of "TTXVN/Vietnam+" is the page that published the wire's story.
    for name in reversed(names):
        if not registry.is_agency(name) and (registry.is_known(name) or _looks_like_outlet(name, True) and len(name) > 3):
            return name
    return None


_CAPTION_HINTS = ("Ảnh", "Nguồn", "Photo", "ảnh")


def caption_of(line):
    """A Caption when the line is a photo caption (it ends with a photo credit), else None."""
    if not any(hint in line for hint in _CAPTION_HINTS):
        return None
    m = CREDIT_RE.search(line)
    if m and len(m.group("credit").split()) <= 8:
        text = line[: m.start()].rstrip(" -–|(")
        return Caption(text=text.strip(), credit=m.group("credit").strip(" ."))
    m = ILLUSTRATION_RE.search(line)
    if m and m.start() > 0 and len(line.split()) < 60:
        return Caption(text=line[: m.start()].rstrip(" -–|(").strip(), credit=None)
    return None


SECTION_WORDS_RE = re.compile(
    r"(?<!\w)(?:trang chủ|thời sự|chính trị|xã hội|pháp luật|thế giới|quốc tế|kinh tế|kinh doanh|văn hóa|giải trí|"
    r"thể thao|giáo dục|sức khỏe|đời sống|du lịch|công nghệ|khoa học|số hóa|xe|bất động sản|multimedia|video|"
    r"podcast|ảnh|góc nhìn|ý kiến|bạn đọc|tâm sự|thư giãn|quân sự|an ninh|ngoại giao|doanh nghiệp|tài chính|"
    r"chứng khoán|nhịp sống|giới trẻ|tiêu dùng|sự kiện|tin tức|emagazine|infographic)(?!\w)",
    re.I,
)


_FOOTER_HINT_RE = re.compile(r"©|cơ quan|bản quyền|giấy phép", re.I)
_SENTENCE_MARK_RE = re.compile(r"[.!?,;:]\s*\S")
_CAP_START_RE = re.compile(rf"(?<!\S)[{UPPER}]")
_CRUMB_MARK_RE = re.compile(r"[>»›|]| / ")


def _footer_line(line):
    return bool(_FOOTER_HINT_RE.search(line)) and bool(FOOTER_STOP_RE.search(line))


def _is_menu(line):
    """A site's menu on one line, its items run together by spaces: "Trang chủ Chính trị Xã hội Pháp luật …"."""
    # Cheap tests first: a menu is several capitalised items and no sentence.
    if len(line) > 250:
        return False
    words = line.count(" ") + 1
    if words < 5 or len(_CAP_START_RE.findall(line)) * 3 < words or _SENTENCE_MARK_RE.search(line):
        return False
    found = SECTION_WORDS_RE.findall(line)
    return len(found) >= 4 and sum(len(f) for f in found) + len(found) >= len(line) * 0.7


def _is_junk(line):
    # Furniture is a short line; a paragraph of running text never is.
    if len(line) > 400 or TIME_LINE_RE.match(line):
        return False
    line = BULLET_RE.sub("", line)
    if LONG_JUNK_RE.match(line) if len(line) > 80 else JUNK_RE.match(line) or STRAY_RE.match(line):
        return True  # (only some kinds of furniture run long)
    if _CRUMB_MARK_RE.search(line) and CRUMB_RE.match(line):
        return True
    if _is_menu(line):
        return True
    return "°" in line and len(line) <= 170 and bool(WEATHER_RE.search(line))


def _time_of(match):
    hour = match.group("h1") or match.group("h2")
    minute = match.group("m1") or match.group("m2")
    try:
        moment = datetime(
            int(match.group("y")), int(match.group("mo")), int(match.group("d")),
            int(hour) if hour else 0, int(minute) if minute else 0, tzinfo=VIETNAM_TZ,
        )
    except ValueError:
        return None
    return moment.isoformat() if hour else moment.date().isoformat()


def parse_related(lines, registry=_NO_OUTLETS):
    """Related-news items from the lines of a related list; each distinct title once."""
    lines = [BULLET_RE.sub("", line) for line in lines if not _is_junk(line)]
    items, by_key = [], {}
    current = None
    for i, line in enumerate(lines):
        t = TIME_LINE_RE.match(line)
        if t and current is not None:
            current.published_at = current.published_at or _time_of(t)
            current.category = current.category or t.group("rest").strip()
            continue
        key = match_key(line).casefold()
        if current is not None and key == match_key(current.title).casefold():
            continue
        followed_by_time = i + 1 < len(lines) and TIME_LINE_RE.match(lines[i + 1])
        outlet, rest = split_outlet(line, registry)
        is_lead = not followed_by_time and (
            outlet is not None or (len(line.split()) > 25 and SENTENCE_END_RE.search(line))
        )
        if is_lead and current is not None:
            current.lead = current.lead or rest
            continue
        if key in by_key:
            current = by_key[key]
            continue
        current = Related(title=line)
        by_key[key] = current
        items.append(current)
    # A "title" that never got a time, lead or repeat among items that all have one is page noise.
    timed = [i for i in items if i.published_at or i.lead]
    # A lone dated item among two or three proves nothing about the others.
    if len(timed) >= 2 and len(timed) >= len(items) / 2:
        items = timed
    return items


def published_of(line):
    """The publication day a dateline gives ("Thứ Sáu, 12/04/2019 , 14:05 (GMT+7)", "date 2018-09"), else None.

    Returns (date, precision) with precision "day" or "month".
    """
    if len(line) > 120 or not _DIGIT_RE.search(line):
        return None  # a dateline is short and has digits; the patterns are costly on paragraphs
    m = DATELINE_RE.match(line)
    if m:
        return _valid_day(int(m.group("y")), int(m.group("mo")), int(m.group("d"))), "day"
    m = ISO_DATELINE_RE.match(line)
    if m:
        if m.group("d"):
            return _valid_day(int(m.group("y")), int(m.group("mo")), int(m.group("d"))), "day"
        return _valid_day(int(m.group("y")), int(m.group("mo")), 1), "month"
    return None


def _valid_day(y, m, d):
    try:
        return date(y, m, d)
    except ValueError:
        return None


def split(text, registry=_NO_OUTLETS):
    lines = [_clean(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    # Cut the site's furniture: everything from "Tin mới", "Bình luận" and their kind on. A footer
    # naming the publisher is the last place the page says who published it.
    footer_outlet = None
    seen_text = False
    for i, line in enumerate(lines):
        # A masthead may carry the footer's words ("Báo Quốc tế - Cơ quan của Bộ Ngoại giao"): a footer
        # comes after the article's running text.
        seen_text = seen_text or len(line.split()) >= 25
        if STOP_RE.match(line) or seen_text and _footer_line(line):
            footer_outlet = _outlet_named_in(lines[i:], registry)
            lines = lines[:i]
            break

    body_lines, related_lines, captions = [], [], []
    published = masthead = signed_after_end = None
    in_related = body_closed = in_event_list = title_at_dateline = False
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if in_related and not body_closed and _running_text(line) and _running_text(nxt):
            in_related = False  # a related box set inside the article: two paragraphs in a row are the body again
        dateline = None if in_related else published_of(line)
        if dateline and dateline[0]:
            # A day beats a month ("date 2018-06" may be the archive's stamp, "09:05 | 28/06/2018" is the page's).
            if published is None or published[1] == "month" and dateline[1] == "day":
                published = dateline
                if dateline[1] == "day" and body_lines and len(body_lines) <= 6 and not title_at_dateline:
                    # The headline stands right above its dateline; what came before is the site's menus.
                    title_at_dateline = True
                    body_lines[:] = body_lines[-1:]
                    captions.clear()
        elif publisher := _publisher_line(line, registry):
            # The site's name on a line of its own: its masthead above the article, or its footer below.
            masthead = masthead or publisher
        elif EVENT_LIST_RE.match(line):
            in_event_list = True
        elif in_event_list and (NUMBERED_RE.match(line) or _is_junk(line)):
            pass
        elif RELATED_RE.match(line):
            in_related = True
        elif INLINE_RELATED_RE.match(line):
            related_lines.append(INLINE_RELATED_RE.match(line).group("title"))  # "Xem thêm: <title>"
        elif in_related or (body_closed and TIME_LINE_RE.match(nxt)):
            in_related = True
            related_lines.append(line)
        elif body_closed or _is_junk(line) or _is_byline_near_lead(line, body_lines):
            in_event_list = False
            if body_closed and signed_after_end is None and SOURCE_LINE_RE.match(line):
                signed_after_end = _outlet_in_signature(line, registry)  # "…/." then "Theo TTXVN"
        else:
            in_event_list = False
            cap = caption_of(line)
            next_cap = caption_of(nxt) if nxt else None
            if cap is None and next_cap and nxt.startswith(line.rstrip(". ")):
                pass  # the picture's alt text, repeated in full by the caption that follows
            elif cap is not None:
                captions.append((len(body_lines), cap))
            elif CREDIT_ONLY_RE.match(line) and body_lines and len(body_lines[-1].split()) < 50:
                captions.append((len(body_lines) - 1, Caption(body_lines.pop(), CREDIT_ONLY_RE.match(line).group("credit"))))
            elif body_lines and _repeats(line, body_lines):
                pass  # a title or lead printed twice (the picture's alt text, a share box)
            else:
                if END_MARK_RE.search(line):
                    line, body_closed = END_MARK_RE.sub(".", line).replace("..", "."), True
                body_lines.append(line)
        i += 1

    # Bylines and source lines close the article; a source line may name the outlet.
    signed_by = None
    while len(body_lines) > 2 and _signature(body_lines[-1]):
        signed_by = signed_by or _outlet_in_signature(body_lines.pop(), registry)

    title, leading_caption = None, None
    first_line = next((line for line in lines if not _is_junk(line) and not published_of(line)), "")
    if captions and caption_of(first_line):
        leading_caption = captions[0][1]
    elif body_lines:
        first = body_lines[0]
        long_sentence = SENTENCE_END_RE.search(first) and len(first.split()) > 25
        if not long_sentence and not split_outlet(first, registry)[0]:
            title = body_lines.pop(0)
            # An author's name alone under the title is no part of the lead.
            while body_lines and _is_byline(body_lines[0]) and len(body_lines) > 1:
                body_lines.pop(0)

    outlet, lead, paragraphs = None, "", list(body_lines)
    if paragraphs:
        outlet, lead = split_outlet(paragraphs[0], registry)
        paragraphs = paragraphs[1:]
        if outlet is None and paragraphs and not SENTENCE_END_RE.search(lead) and len(lead.split()) < 40:
            # A sub-heading or standfirst without a mark, then the marked lead: "(NLĐO)- …".
            second, rest = split_outlet(paragraphs[0], registry)
            if second:
                outlet, paragraphs = second, [rest] + paragraphs[1:]
    related = parse_related(related_lines, registry)
    outlet = outlet or signed_by or signed_after_end or footer_outlet or masthead
    if outlet is None:
        for item in related:
            outlet = SECTION_OUTLETS.get(match_key(item.category).casefold()) or outlet
    return Sections(
        title=title, title_is_generated=title is None, outlet=outlet, lead=lead, paragraphs=paragraphs,
        captions=[cap for _, cap in captions], related=related, leading_caption=leading_caption,
        published=published[0] if published else None, published_precision=published[1] if published else None,
    )


def _running_text(line):
    """A paragraph, not a headline or a related item's lead: long, and a sentence."""
    return len(line.split()) >= 25 and bool(SENTENCE_END_RE.search(line)) and split_outlet(line)[0] is None


def _repeats(line, body_lines):
    if SENTENCE_END_RE.search(line):
        return False  # a paragraph said twice is the page's own doing; a headline said twice is its pictures'
    key = match_key(line).casefold().rstrip(" .")
    return len(key) > 20 and any(match_key(b).casefold().rstrip(" .") == key for b in body_lines[-3:])


def _is_byline(line):
    """An author's name alone ("Minh Hằng", "Hải Minh/VOV.VN"): a few words, each capitalised, no sentence."""
    words = re.split(r"[\s/]+", line.strip())
    return 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not re.search(r"[!?:;.,]\s*$|\d", line)


def _is_byline_near_lead(line, body_lines):
    """An author's name alone on a line, or "Tác giả: …", between the title and the end of the lead."""
    if AUTHOR_LINE_RE.match(line):
        return True
    return 1 <= len(body_lines) <= 2 and _is_byline(line) and len(line.split()) <= 4 and not SOURCE_LINE_RE.match(line)


OWNER_RE = re.compile(r"^\s*(?:cơ quan chủ quản|cơ quan chủ sở hữu|đơn vị chủ quản)\b", re.I)
PUBLISHER_PREFIX_RE = re.compile(r"^\s*(?:báo điện tử|tạp chí điện tử|trang thông tin điện tử|báo|tạp chí)\s+", re.I)


def _publisher_line(line, registry):
    """The mark, when the line is nothing but the outlet's name ("Hải quan Online", "Báo điện tử VTC News")."""
    if len(line) > 60 or "(" in line or line.count(" ") > 6 or SOURCE_LINE_RE.match(line):
        return None  # a closing "(TTXVN/Vietnam+)" or "Theo TTXVN" signs the article: see _signature()
    for candidate in (line, PUBLISHER_PREFIX_RE.sub("", line)):
        if registry.is_known(candidate):
            return candidate.strip()
    return None


def _outlet_named_in(lines, registry):
    """The registry's outlet a footer names ("© Bản quyền thuộc về Báo điện tử VOV", "baoquocte.vn")."""
    for line in lines:
        # "Cơ quan chủ quản" names the body that owns the outlet (VOV owns VTC News), not the outlet.
        if not FOOTER_RE.search(line) or OWNER_RE.match(line):
            continue
        for m in DOMAIN_RE.finditer(line):
            if registry.resolve(m.group()):
                return m.group()
        m = registry.names_re.search(line) if registry.names_re else None
        if m:
            return m.group()
    return None
