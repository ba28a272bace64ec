"""When the exchange took place, and how sure we are of the year.

Reports print the day and month ("hôm nay (6/2)", "Tối 4/2") and rarely the year. The year comes
from evidence in the text itself: dates that print a year, relative phrases ("năm ngoái"), the
dated roles of the people named, and well-known events the text refers to. Crawl dates of
related news never count: they are not part of the text handed in.
"""
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .evidence import render, sentence
from .textkit import match_key

_D = r"(?P<d>[0-3]?\d)"
_M = r"(?P<m>[01]?\d)"
_Y = r"(?P<y>(?:19|20)\d{2})"
# Each form is its own pattern: Python's re allows a group name once per pattern.
DMY_RES = [
    re.compile(rf"(?<![\d/]){_D}\s*[/.-]\s*{_M}\s*[/.-]\s*{_Y}(?!\d)"),
    re.compile(rf"(?<!\w)ngày\s+{_D}\s+tháng\s+{_M}\s*(?:năm|,)\s*{_Y}", re.I),
]
DM_RES = [
    # A span of days ("hai ngày 26-27/1", "đàm phán 10-11/5") begins on its first day.
    re.compile(rf"(?<![\d/.,-]){_D}\s*[-–]\s*[0-3]?\d\s*/\s*{_M}(?![\d/])(?!\s*[/.-]\s*\d)"),
    re.compile(
        r"(?:(?<!\w)(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|rạng sáng|khuya|vào|từ|đến|tới|và|qua|nay)\s+"
        # "hôm thứ Bảy 8/10", "ngày Chủ nhật (5/5)"
        r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)\s*,?\s*)?(?:ngày\s+)?\(?|\()"
        rf"\s*{_D}\s*[/-]\s*{_M}(?![\d/])(?!\s*[/.-]\s*\d)",
        re.I,
    ),
    # "hôm 19.1", "ngày 21.2": a dot between day and month, after a word that dates something.
    re.compile(
        r"(?<!\w)(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|rạng sáng)\s+\(?"
        rf"{_D}\.{_M}(?![\d.])",
        re.I,
    ),
    re.compile(rf"(?<!\w)ngày\s+{_D}\s+tháng\s+{_M}(?!\d)(?!\s*(?:năm|,)\s*\d)", re.I),
]


def _finditer(patterns, text):
    for pattern in patterns:
        yield from pattern.finditer(text)


_DIGIT_RE = re.compile(r"\d")
MY_RE = re.compile(rf"tháng\s+{_M}\s*(?:/|năm)\s*{_Y}", re.I)
YEAR_RE = re.compile(rf"(?<!\w)năm\s+{_Y}(?!\d)", re.I)
LAST_YEAR_RE = re.compile(r"năm\s+(?:ngoái|trước)(?!\s+nữa)", re.I)
THIS_YEAR_RE = re.compile(r"năm\s+nay", re.I)
# "chuẩn bị cho COP28", "trước thềm APEC", "hội nghị ở Copenhagen vào tháng tới": the event is still ahead.
UPCOMING_RE = re.compile(
    r"(?<!\w)(?:chuẩn bị cho|trước thềm|sắp tới|sắp diễn ra|sắp tổ chức|tới đây|vào tháng tới|tháng tới|"
    r"vào tuần tới|tuần tới|cuối năm nay|(?:vào\s+)?tháng\s+\d{1,2}\s+tới|"
    # "chỉ ít ngày trước Hội nghị thượng đỉnh vì dân chủ": a few days before it.
    r"(?:ít|vài|mấy)\s+(?:ngày|tuần)\s+trước)(?!\w)",
    re.I,
)
FUTURE_RE = re.compile(r"(?<!\w)(?:sẽ|sắp|dự kiến|kế hoạch|đến năm|tới năm|trước năm|vào năm tới|mục tiêu)(?!\w)", re.I)

EXCHANGE_RE = re.compile(
    r"(?<!\w)(?:điện đàm|cuộc gọi|gọi điện|điện thoại|hội đàm|hội kiến|gặp gỡ|gặp|cuộc gặp|thượng đỉnh|cuộc trao đổi|"
    r"(?<!trực )tiếp(?!\s+(?:tục|theo|cận|nhận|diễn|sau|đó|tế|nối|thu|giáp|quản|viện|sức|đãi|xúc|thị|tay))|"
    r"làm việc với|đối thoại|trao đổi qua|hội nghị trực tuyến|họp trực tuyến|đàm phán|tham vấn|triệu tập|triệu khẩn|"
    r"triệu (?:Đại sứ|đại sứ))(?!\w)",
    re.I,
)


@dataclass(frozen=True)
class Anchor:
    """A well-known event the press refers to without its year."""
    name: str
    day: date
    pattern: re.Pattern
    around: tuple | None = None  # (days before, days after) a report of it falls in, whatever its tense


def _a(name, iso, pattern, around=None):
    return Anchor(name, date.fromisoformat(iso), re.compile(pattern, re.I), around)


# Dated world events: a report that speaks of one was written after it began.
WORLD_EVENTS = [
    _a("the Covid-19 pandemic", "2020-01-01", r"Covid|nCoV|SARS-CoV-2|virus corona|đại dịch corona"),
    _a("the war in Ukraine", "2022-02-24",
       r"(?:xung đột|chiến sự|cuộc chiến|chiến tranh)\s+(?:Nga\s*[-–]\s*Ukraine|(?:ở|tại)\s+Ukraine|Ukraine)|"
       r"chiến dịch quân sự đặc biệt|Nga tấn công Ukraine"),
    _a("the Gaza war", "2023-10-07",
       r"(?:xung đột|chiến sự|cuộc chiến|chiến tranh)\s+(?:Israel\s*[-–]\s*Hamas|Hamas\s*[-–]\s*Israel|(?:ở|tại)\s+(?:Dải\s+)?Gaza)|"
       r"(?:xung đột|chiến sự|cuộc chiến)\s+(?:giữa\s+)?Hamas\s+và\s+Israel"),
    _a("the military coup in Myanmar", "2021-02-01", r"đảo chính(?: quân sự)? ở Myanmar|Myanmar[^.]{0,40}đảo chính"),
]
# Words one of them must contain, looked for first, as for the anchors below.
_WORLD_EVENT_HINTS = ("covid", "ncov", "sars-cov", "corona", "ukraine", "gaza", "hamas", "đảo chính", "chiến dịch quân sự")

# Summits by host city: an exchange "bên lề Hội nghị thượng đỉnh G20 ở Bali" took place during that summit.
# Cities that hosted twice (Bali: APEC 2013, G20 2022; Lima: APEC 2016 and 2024) need the forum to tell.
SUMMITS = [(forum, city, date.fromisoformat(start), date.fromisoformat(end)) for forum, city, start, end in [
    ("G20", r"London|Luân Đôn", "2009-04-02", "2009-04-02"), ("G20", r"Pittsburgh", "2009-09-24", "2009-09-25"),
    ("G20", r"Toronto", "2010-06-26", "2010-06-27"), ("G20", r"Seoul|Xơ-un", "2010-11-11", "2010-11-12"),
    ("G20", r"Cannes", "2011-11-03", "2011-11-04"), ("G20", r"Los Cabos", "2012-06-18", "2012-06-19"),
    ("G20", r"St\.? Petersburg|Saint Petersburg|Xanh Pê-téc-bua", "2013-09-05", "2013-09-06"),
    ("G20", r"Brisbane", "2014-11-15", "2014-11-16"), ("G20", r"Antalya", "2015-11-15", "2015-11-16"),
    ("G20", r"Hàng Châu|Hangzhou", "2016-09-04", "2016-09-05"), ("G20", r"Hamburg", "2017-07-07", "2017-07-08"),
    ("G20", r"Buenos Aires", "2018-11-30", "2018-12-01"), ("G20", r"Osaka", "2019-06-28", "2019-06-29"),
    ("G20", r"Rome|Roma", "2021-10-30", "2021-10-31"), ("G20", r"Bali", "2022-11-14", "2022-11-16"),
    ("G20", r"New Delhi|Niu Đê-li", "2023-09-09", "2023-09-10"), ("G20", r"Rio de Janeiro|Rio", "2024-11-18", "2024-11-19"),
    ("G20", r"Johannesburg", "2025-11-22", "2025-11-23"),
    ("APEC", r"Singapore", "2009-11-14", "2009-11-15"), ("APEC", r"Yokohama", "2010-11-13", "2010-11-14"),
    ("APEC", r"Honolulu|Hawaii", "2011-11-12", "2011-11-13"), ("APEC", r"Vladivostok", "2012-09-08", "2012-09-09"),
    ("APEC", r"Bali", "2013-10-07", "2013-10-08"), ("APEC", r"Bắc Kinh|Beijing", "2014-11-10", "2014-11-11"),
    ("APEC", r"Manila", "2015-11-18", "2015-11-19"), ("APEC", r"Lima", "2016-11-19", "2016-11-20"),
    ("APEC", r"Đà Nẵng", "2017-11-10", "2017-11-11"), ("APEC", r"Port Moresby", "2018-11-17", "2018-11-18"),
    ("APEC", r"Bangkok", "2022-11-18", "2022-11-19"), ("APEC", r"San Francisco|Woodside|Filoli", "2023-11-15", "2023-11-17"),
    ("APEC", r"Lima", "2024-11-15", "2024-11-16"), ("APEC", r"Gyeongju|Busan", "2025-10-30", "2025-11-01"),
    ("APEC", r"Thâm Quyến|Shenzhen", "2026-11-01", "2026-11-30"),
]]
_FORUM_RE = {"G20": re.compile(r"G20|G-20|Nhóm các nền kinh tế (?:phát triển và mới nổi )?hàng đầu"),
             "APEC": re.compile(r"APEC|Diễn đàn Hợp tác Kinh tế châu Á\s*[-–]\s*Thái Bình Dương")}
# Where the exchange took place: "bên lề Hội nghị thượng đỉnh G20 tại Bali", "trong khuôn khổ APEC ở Lima".
_SUMMIT_WORD_RE = re.compile(r"thượng đỉnh|cấp cao|hội nghị các nhà lãnh đạo", re.I)
_AT_SUMMIT_RE = re.compile(r"(?<!\w)(?:bên lề|nhân dịp|trong khuôn khổ|tại|ở|khi dự|dịp)(?!\w)", re.I)
# "cuộc điện đàm đầu tiên … kể từ khi Tổng thống Biden nhậm chức": within the first months of that term.
JUST_BEFORE_RE = re.compile(r"^(?:Trước đó|Trước đó một (?:ngày|hôm|tuần)|Một ngày trước đó|Hôm trước)(?!\w)", re.I)
FIRST_SINCE_RE = re.compile(
    r"(?:đầu tiên|lần đầu)[^.;]{0,120}?(?:kể từ khi|từ khi|sau khi)(?P<who>[^.;]{0,80}?)(?:nhậm chức|lên nắm quyền|"
    r"tuyên thệ|trở lại Nhà Trắng|trở lại nắm quyền|được bổ nhiệm|đắc cử|tái đắc cử)",
    re.I,
)


ANCHORS = [
    # Sunnylands hosted the climate envoys too (November 2023): only the leaders' summit is the 2013 anchor.
    _a("the Sunnylands summit", "2013-06-07", r"(?<!Tuyên bố )Sunnylands(?![^.]{0,120}(?:khí hậu|Kerry|Giải Chấn Hoa))"),
    _a("the Sunnylands statement on climate", "2023-11-15", r"Tuyên bố Sunnylands"),
    _a("the G20 summit in Hangzhou", "2016-09-04", r"Hàng Châu"),
    _a("the Mar-a-Lago summit", "2017-04-06", r"Mar-a-Lago"),
    _a("the G20 summit in Buenos Aires", "2018-12-01", r"Buenos Aires"),
    _a("the G20 summit in Osaka", "2019-06-29", r"Osaka"),
    _a("the phase-one trade deal", "2020-01-15", r"[Tt]hỏa thuận (?:thương mại )?giai đoạn (?:một|1)"),
    _a("Biden's inauguration", "2021-01-20", r"Biden nhậm chức|Biden lên nắm quyền|Biden tuyên thệ"),
    _a("the Anchorage talks", "2021-03-18", r"Anchorage|Alaska"),
    _a("the virtual summit", "2021-11-15", r"[Tt]hượng đỉnh trực tuyến"),
    _a("the G20 summit in Bali", "2022-11-14", r"Bali"),
    _a("the APEC summit in San Francisco", "2023-11-15", r"San Francisco|Woodside|Filoli"),
    _a("the APEC summit in Lima", "2024-11-16", r"Lima"),
    _a("Trump's second inauguration", "2025-01-20", r"Trump nhậm chức nhiệm kỳ|Trump trở lại Nhà Trắng"),
    _a("the Geneva trade talks", "2025-05-10", r"Geneva|Genève"),
    _a("the Busan meeting", "2025-10-30", r"Busan"),
    # Reports speak of the Games before, during and just after them: a window, not "on or after".
    _a("the Beijing Winter Olympics", "2022-02-04", r"Thế vận hội mùa đông|Olympic mùa đông|Thế vận hội Bắc Kinh",
       around=(365, 45)),
    # UN climate conferences, named by number or host city.
    _a("COP15 in Copenhagen", "2009-12-07", r"COP\s?15\b|Copenhagen|Copenhaghen"),
    _a("COP21 in Paris", "2015-11-30", r"COP\s?21\b"),
    _a("COP26 in Glasgow", "2021-10-31", r"COP\s?26\b|Glasgow"),
    _a("COP27 in Sharm el-Sheikh", "2022-11-06", r"COP\s?27\b|Sharm el-Sheikh"),
    _a("COP28 in Dubai", "2023-11-30", r"COP\s?28\b"),
    _a("COP29 in Baku", "2024-11-11", r"COP\s?29\b"),
    _a("COP30 in Belém", "2025-11-10", r"COP\s?30\b|Belém"),
]
# A quick first look: words one of the anchors' names must contain. A substring test costs far less than the
# patterns, which are tried only on the sentences holding one of their own words.
_ANCHOR_HINTS = (
    "sunnylands", "hàng châu", "mar-a-lago", "buenos aires", "osaka", "giai đoạn", "biden", "anchorage", "alaska",
    "trực tuyến", "bali", "san francisco", "woodside", "filoli", "lima", "trump", "geneva", "genève", "busan",
    "thế vận hội", "olympic", "cop", "copenha", "glasgow", "sharm", "belém",
)


def _mentions_any(text, hints):
    low = text.lower()
    return any(hint in low for hint in hints)


# Each anchor's own words among the hints: a sentence is tried only against the anchors it could name.
_HINTS_OF = {anchor.name: tuple(h for h in _ANCHOR_HINTS if h in anchor.pattern.pattern.lower()) for anchor in ANCHORS}
_ANCHORS_OF_HINT = {h: [a for a in ANCHORS if h in _HINTS_OF[a.name]] for h in _ANCHOR_HINTS}
_HINT_RE = re.compile("|".join(map(re.escape, sorted(_ANCHOR_HINTS, key=len, reverse=True))))


def _anchors_named_in(low):
    """The anchors whose hints the (lower-cased) sentence holds, in the order of ANCHORS."""
    hinted = {a.name for h in set(_HINT_RE.findall(low)) for a in _ANCHORS_OF_HINT[h]}
    return [a for a in ANCHORS if a.name in hinted] if hinted else []

# Anniversaries that fix the year outright: "Mỹ kỷ niệm 250 năm lập quốc" is 2026.
ANNIVERSARIES = [
    (re.compile(r"kỷ niệm\s+(\d{2,3})\s+năm\s+(?:ngày\s+)?(?:lập quốc|độc lập)(?:[^.]{0,20}Mỹ)?", re.I), 1776),
    (re.compile(r"kỷ niệm\s+(\d{1,2})\s+năm\s+(?:ngày\s+)?thiết lập quan hệ ngoại giao\s+(?:Mỹ|Trung|Trung Quốc)", re.I), 1979),
]


@dataclass
class DayMonth:
    day: int
    month: int
    year: int | None
    start: int
    paragraph: int
    end: int = 0


@dataclass
class EventDate:
    date: date | None
    certainty: str  # exact | inferred | unknown
    evidence: list  # structured, see evidence.py
    candidates: tuple = ()  # the years the text allows, when it leaves the year open

    @property
    def reason(self):
        return render(self.evidence, "en")


def _valid(y, m, d):
    try:
        return date(y, m, d)
    except ValueError:
        return None


def day_months(text, paragraph=0):
    """Every day/month mention in `text`, with its year when printed."""
    if not _DIGIT_RE.search(text):
        return []  # most sentences carry no number: skip the patterns
    found = []
    for m in _finditer(DMY_RES, text):
        if _valid(int(m.group("y")), int(m.group("m")), int(m.group("d"))):
            found.append(DayMonth(int(m.group("d")), int(m.group("m")), int(m.group("y")), m.start(), paragraph, m.end()))
    for m in _finditer(DM_RES, text):
        d, mo = int(m.group("d")), int(m.group("m"))
        if 1 <= d <= 31 and 1 <= mo <= 12 and not any(f.start <= m.start("d") < f.end for f in found):
            found.append(DayMonth(d, mo, None, m.start(), paragraph, m.end()))
    return sorted(found, key=lambda f: f.start)


RELATIVE_DAY_RE = re.compile(
    r"(?<!\w)(?:(?P<today>hôm nay|sáng nay|trưa nay|chiều nay|tối nay|đêm nay|rạng sáng nay)|"
    r"(?P<yesterday>hôm qua|sáng qua|trưa qua|chiều qua|tối qua|đêm qua|rạng sáng qua))(?!\w)(?!\s*\(?\s*\d)",
    re.I,
)


def _relative_day(sentence, published, p_index):
    """"hôm nay", "tối qua" in a sentence, read against the page's dateline."""
    m = RELATIVE_DAY_RE.search(sentence) if published else None
    if not m:
        return None
    day = published if m.group("today") else published - timedelta(days=1)
    return DayMonth(day.day, day.month, day.year, m.start(), p_index, m.end())


PRESS_RE = re.compile(r"(?<!\w)(?:cuộc họp báo|họp báo thường kỳ|buổi họp báo)(?!\w)", re.I)
# A day given to date an occurrence: "diễn ra vào chiều 17/1", "tối 4/2", "hôm 19.1".
_TIMED_RE = re.compile(r"(?:sáng|trưa|chiều|tối|đêm|hôm)\s*(?:nay\s*)?\(?\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*\)?$", re.I)
_OCCURRED_RE = re.compile(r"diễn ra|tiến hành|được tổ chức", re.I)
_REPORTED_AFTER_RE = re.compile(
    r"[\s,)]*(?:(?:giờ|theo giờ)\s+\w+\s*,?\s*)?[^,.;]{0,30}?(?<!\w)(?:xác nhận|công bố|thông báo|cho biết|đăng tải|dẫn lời)(?!\w)",
    re.I,
)
_OTHER_ACT_BEFORE_RE = re.compile(r"(?:bổ nhiệm|nhậm chức|tuyên thệ|đắc cử|công bố|xác nhận)[^,.;]{0,25}$", re.I)


def _best_mention(sentence, mentions):
    """Of the days a sentence gives, the one it dates an occurrence with, else its first: in "… ba ngày trước
    lễ nhậm chức ngày 20/1, cuộc điện đàm diễn ra vào chiều 17/1" the call is on 17/1."""
    def context(m):
        return sentence[max(0, m.start - 30):m.end].rstrip(" )")

    def other_act(m):
        # "Ngày 10/9, Lầu Năm Góc xác nhận … đã có cuộc trao đổi", "được bổ nhiệm hôm 30/12": that act's day.
        after = sentence[m.end:m.end + 50]
        return bool(_REPORTED_AFTER_RE.match(after) or _OTHER_ACT_BEFORE_RE.search(sentence[max(0, m.start - 40):m.start]))

    timed = [m for m in mentions if _TIMED_RE.search(context(m))]
    strong = [m for m in timed if _OCCURRED_RE.search(context(m))]
    if strong or timed:
        return (strong or timed)[0]
    plain = [m for m in mentions if not other_act(m)]
    return plain[0] if plain else None


def find_event_day(sentences_by_paragraph, caption_text=None, published=None, captions=()):
    """(DayMonth, why) for the exchange: the day named beside the exchange, else the report's first day,
    else the day a photo caption gives the exchange."""
    first_any = None
    for p_index, sentences in enumerate(sentences_by_paragraph):
        for sentence in sentences:
            mentions = day_months(sentence, p_index)
            if not mentions:
                relative = _relative_day(sentence, published, p_index) if EXCHANGE_RE.search(sentence) else None
                if relative and not LAST_YEAR_RE.search(sentence):
                    return relative, "relative_day"
                continue
            first_any = first_any or mentions[0]
            if EXCHANGE_RE.search(sentence) and not LAST_YEAR_RE.search(sentence):
                best = _best_mention(sentence, mentions)
                if best is not None:
                    return best, "day_with_exchange"
                continue  # only the day someone confirmed it, or took office: look on
            if PRESS_RE.search(sentence) and not LAST_YEAR_RE.search(sentence):
                # "Tại cuộc họp báo thường kỳ ngày 7/12, người phát ngôn …": the day of the statement.
                return _best_mention(sentence, mentions), "day_of_statement"
    if caption_text and EXCHANGE_RE.search(caption_text):
        # A picture standing in for the headline often dates the exchange itself; trust it only when
        # the report's own first day follows it closely (a report comes a day or two after).
        mentions = day_months(caption_text, -1)
        if mentions and first_any and (first_any.month, first_any.day) >= (mentions[0].month, mentions[0].day) and (
            (first_any.month - mentions[0].month) * 31 + first_any.day - mentions[0].day <= 3
        ):
            return mentions[0], "day_in_caption"
    if first_any:
        return first_any, "first_day"
    for text in captions:
        mentions = day_months(text, -1) if EXCHANGE_RE.search(text) else []
        if mentions:
            return _best_mention(text, mentions), "day_in_caption"
    return None, None


@dataclass
class Constraint:
    evidence: dict
    allows: object  # callable(date) -> bool
    exact_year: int | None = None
    strong: bool = False  # a dateline or a summit's venue: kept whatever else disagrees
    at: date | None = None  # the day of the known event it names, when that event may be the exchange itself

    @property
    def why(self):
        return sentence(self.evidence)


def _iso(day):
    return day.isoformat()


def _upcoming(sentence, anchor):
    """Whether the sentence speaks of the anchored event as still to come."""
    m = anchor.pattern.search(sentence)
    cue = UPCOMING_RE.search(sentence)
    if not m or not cue:
        return False
    # The cue must sit close to the event's name: "chuẩn bị cho Hội nghị … (COP28)", "ở Copenhagen vào tháng tới".
    return cue.end() <= m.start() and m.start() - cue.end() <= 160 or cue.start() >= m.end() and cue.start() - m.end() <= 40


def publication_constraint(published, precision="day"):
    """A report comes out on the day of the exchange or soon after; an announced one, a few weeks before."""
    if published is None:
        return None
    if precision == "month":
        first = published.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return Constraint({"code": "published_month", "month": first.month, "year": first.year},
                          lambda d, a=first - timedelta(days=300), b=last + timedelta(days=45): a <= d <= b, strong=True)
    return Constraint({"code": "published", "date": _iso(published)},
                      lambda d, a=published - timedelta(days=300), b=published + timedelta(days=45): a <= d <= b,
                      strong=True)


def summit_constraint(text):
    """The summit an exchange took place at, when the text names its forum and host city together."""
    for forum, forum_re in _FORUM_RE.items():
        for m in forum_re.finditer(text):
            window = text[max(0, m.start() - 120):m.end() + 80]
            if not _AT_SUMMIT_RE.search(window) or not _SUMMIT_WORD_RE.search(window):
                continue
            hits = [(f, c, a, b) for f, c, a, b in SUMMITS if f == forum and re.search(rf"(?<!\w)(?:{c})(?!\w)", window)]
            if len({(a, b) for _, _, a, b in hits}) == 1:
                _, city, a, b = hits[0]
                city_name = re.search(rf"(?<!\w)(?:{city})(?!\w)", window).group()
                return Constraint({"code": "at_summit", "forum": forum, "city": city_name, "date": _iso(a)},
                                  lambda d, a=a, b=b: a - timedelta(days=2) <= d <= b + timedelta(days=1), a.year)
    return None


def first_since_constraints(text, starts_of):
    """"đầu tiên … kể từ khi X nhậm chức": within a year of X taking office. `starts_of(words)` gives
    (person label, [start dates]) for the person the words name, or None."""
    found = []
    for m in FIRST_SINCE_RE.finditer(text):
        who = starts_of(m.group("who"))
        if who:
            label, starts = who
            # A person who took office more than once: within a year of any of those starts.
            found.append(Constraint({"code": "first_since", "person": label, "date": _iso(starts[-1])},
                                    lambda d, ss=tuple(starts): any(s <= d <= s + timedelta(days=365) for s in ss)))
    return found


_MONTH_NEAR_RE = re.compile(r"(?<!\w)tháng\s+(\d{1,2})(?!\d)", re.I)


def _other_month(sentence, named, month):
    """Whether the sentence dates what it names in another month than the anchored event's ("… Sunnylands hồi
    tháng 11 năm ngoái" is not the June 2013 summit)."""
    window = sentence[max(0, named.start() - 60):named.end() + 60]
    months = {int(m.group(1)) for m in _MONTH_NEAR_RE.finditer(window)}
    return bool(months) and month not in months


def year_constraints(text, participants_roles):
    """Constraints on the exchange's date from the text and from the participants' roles."""
    constraints = []
    # Most reports name no anchor or world event: look once in the whole text before looking per sentence.
    any_anchor = _mentions_any(text, _ANCHOR_HINTS)
    any_world_event = _mentions_any(text, _WORLD_EVENT_HINTS)
    for sentence_text in re.split(r"(?<=[.!?])\s+", text):
        anchors = _anchors_named_in(sentence_text.lower()) if any_anchor else ()
        names_anchor = bool(anchors)
        names_event = any_world_event and _mentions_any(sentence_text, _WORLD_EVENT_HINTS)
        if not (names_anchor or names_event or "kỷ niệm" in sentence_text or _DIGIT_RE.search(sentence_text)):
            continue  # nothing here can date anything
        future = bool(FUTURE_RE.search(sentence_text))
        last_year = bool(LAST_YEAR_RE.search(sentence_text))
        this_year = bool(THIS_YEAR_RE.search(sentence_text))
        for anchor in anchors:
            named = anchor.pattern.search(sentence_text)
            if not named or _other_month(sentence_text, named, anchor.day.month):
                continue
            values = {"event": anchor.name, "date": _iso(anchor.day)}
            if anchor.around:
                before, after = anchor.around
                constraints.append(Constraint({"code": "around_event", **values},
                                              lambda d, a=anchor.day, b=before, f=after:
                                              a - timedelta(days=b) <= d <= a + timedelta(days=f)))
            elif _upcoming(sentence_text, anchor):
                # Preparations run up to a year ahead of the event.
                constraints.append(Constraint({"code": "upcoming", **values},
                                              lambda d, a=anchor.day: a - timedelta(days=366) < d <= a))
            elif last_year:
                constraints.append(Constraint({"code": "last_year", **values},
                                              lambda d, y=anchor.day.year + 1: d.year == y, anchor.day.year + 1))
            elif this_year:
                constraints.append(Constraint({"code": "this_year", **values},
                                              lambda d, y=anchor.day.year: d.year == y, anchor.day.year))
            elif not future:
                # On or after: a report of the event itself names its place too.
                constraints.append(Constraint({"code": "after_event", **values}, lambda d, a=anchor.day: d >= a,
                                              at=anchor.day))
        for event in WORLD_EVENTS if names_event else ():
            if event.pattern.search(sentence_text):
                constraints.append(Constraint({"code": "after_event", "event": event.name, "date": _iso(event.day)},
                                              lambda d, a=event.day: d >= a))
        for pattern, base in ANNIVERSARIES if "kỷ niệm" in sentence_text else ():
            m = pattern.search(sentence_text)
            if m:
                year = base + int(m.group(1))
                constraints.append(Constraint({"code": "anniversary", "phrase": m.group(0), "year": year},
                                              lambda d, y=year: d.year == y, year))
        if future or not _DIGIT_RE.search(sentence_text):
            continue
        if JUST_BEFORE_RE.match(sentence_text):
            # "Trước đó, hôm 2/12/2024, …": what the report tells happened just before it, weeks at most.
            for m in _finditer(DMY_RES, sentence_text):
                day = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                if day:
                    constraints.append(Constraint({"code": "just_after", "date": _iso(day)},
                                                  lambda d, s=day: s <= d <= s + timedelta(days=60)))
        for m in MY_RE.finditer(sentence_text):
            month_start = _valid(int(m.group("y")), int(m.group("m")), 1)
            if month_start:
                constraints.append(Constraint({"code": "after_month", "phrase": m.group(0)},
                                              lambda d, s=month_start: d >= s))
        for m in _finditer(DMY_RES, sentence_text):
            day = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if day:
                constraints.append(Constraint({"code": "after_date", "date": _iso(day)}, lambda d, s=day: d >= s))
    for label, roles, elect in participants_roles:
        if elect and any(r.start for r in roles):
            # Between an election and the oath: the weeks before a term begins.
            starts = tuple(sorted({r.start for r in roles if r.start}))
            constraints.append(Constraint({"code": "elect", "person": label, "dates": [_iso(x) for x in starts]},
                                          lambda d, ss=starts: any(s - timedelta(days=80) <= d < s for s in ss)))
        elif roles:
            spans = ", ".join(f"{r.start or '…'}–{r.end or 'now'}" for r in roles)
            constraints.append(Constraint({"code": "in_office", "person": label, "spans": spans},
                                          lambda d, rs=tuple(roles): any(r.covers(d) for r in rs)))
    return constraints


def _fits(day_month, constraints, first_year, last_year):
    return [
        d for y in range(first_year, last_year + 1)
        if (d := _valid(y, day_month.month, day_month.day)) and all(c.allows(d) for c in constraints)
    ]


EXCHANGE_DAYS = {"day_with_exchange", "relative_day", "day_in_caption"}


def infer(day_month, constraints, why_day, first_year=1990, last_year=2035, known=None):
    """The exchange's date when the evidence allows exactly one year; otherwise the year stays open.

    Constraints are dropped, weakest first, only when together they allow no year at all (a role
    the gazetteer dates too narrowly, say). `known(candidates)` returns the chronology's single
    matching exchange among candidate dates, or None.
    """
    if day_month is None:
        return EventDate(None, "unknown", [{"code": "no_day"}])
    day_item = {"code": why_day, "day": day_month.day, "month": day_month.month}
    if day_month.year:
        d = _valid(day_month.year, day_month.month, day_month.day)
        if why_day == "relative_day":
            return EventDate(d, "inferred", [day_item])
        return EventDate(d, "exact", [day_item, {"code": "year_printed"}])
    # Text phrases first, then roles; dropping from the end keeps the strongest evidence.
    unique = list({c.why: c for c in constraints}.values())
    ordered = ([c for c in unique if c.strong] + [c for c in unique if c.exact_year and not c.strong]
               + [c for c in unique if not c.exact_year and not c.strong])
    kept = list(ordered)
    fits = _fits(day_month, kept, first_year, last_year)
    while not fits and kept and not kept[-1].strong:
        kept = kept[:-1]
        fits = _fits(day_month, kept, first_year, last_year)
    evidence = [day_item] + [c.evidence for c in kept[:6]]
    if len(fits) > 1:
        # The known event a report names on the very day it gives is the exchange itself ("tại Busan", 30/10).
        itself = [f for f in fits if any(c.at and abs((c.at - f).days) <= 2 for c in kept)]
        if len(itself) == 1:
            event = next(c for c in kept if c.at and abs((c.at - itself[0]).days) <= 2)
            return EventDate(itself[0], "inferred", [day_item, {"code": "the_event", **{k: v for k, v in event.evidence.items()
                                                                                          if k != "code"}}]
                             + [c.evidence for c in kept[:6] if c is not event])
    if len(fits) == 1:
        return EventDate(fits[0], "inferred", evidence)
    # The chronology dates the exchange a sentence reports, not a statement's day or the report's first day.
    match = known(fits) if known and fits and why_day in EXCHANGE_DAYS else None
    if match is not None:
        day, label = match
        return EventDate(day, "inferred", evidence + [{"code": "chronology", "date": _iso(day), "label": label}])
    if not fits:
        return EventDate(None, "unknown", evidence + [{"code": "conflict" if kept else "no_year"}])
    if not kept:
        return EventDate(None, "unknown", [day_item, {"code": "no_year"}])
    years = [f.year for f in fits]
    shown = years if len(years) <= 6 else years[:5] + ["…"]
    return EventDate(None, "unknown", evidence + [{"code": "open", "years": shown}], tuple(years))


def fold_key(text):
    return match_key(text).casefold()
