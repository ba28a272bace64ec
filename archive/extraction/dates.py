"""When the exchange took place, and how sure we are of the year.

Reports print the day and month ("hôm nay (6/2)", "Tối 4/2") and rarely the year. The year comes
from evidence in the text itself: dates that print a year, relative phrases ("năm ngoái"), the
dated roles of the people named, and well-known events the text refers to. Crawl dates of
related news never count: they are not part of the text handed in.
"""
import re
from dataclasses import dataclass
from datetime import date, timedelta

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
        r"(?:(?<!\w)(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|rạng sáng|khuya|vào|từ|đến|tới|và|qua|nay)\s+(?:ngày\s+)?\(?|\()"
        rf"\s*{_D}\s*[/-]\s*{_M}(?![\d/])(?!\s*[/.-]\s*\d)",
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
    r"vào tuần tới|tuần tới|cuối năm nay)(?!\w)",
    re.I,
)
FUTURE_RE = re.compile(r"(?<!\w)(?:sẽ|sắp|dự kiến|kế hoạch|đến năm|tới năm|trước năm|vào năm tới|mục tiêu)(?!\w)", re.I)

EXCHANGE_RE = re.compile(
    r"(?<!\w)(?:điện đàm|cuộc gọi|gọi điện|điện thoại|hội đàm|hội kiến|gặp gỡ|gặp|cuộc gặp|thượng đỉnh|"
    r"(?<!trực )tiếp(?!\s+(?:tục|theo|cận|nhận|diễn|sau|đó|tế|nối|thu|giáp|quản|viện|sức|đãi|xúc|thị|tay))|"
    r"làm việc với|đối thoại|trao đổi qua|hội nghị trực tuyến|họp trực tuyến|đàm phán|tham vấn)(?!\w)",
    re.I,
)


@dataclass(frozen=True)
class Anchor:
    """A well-known event the press refers to without its year."""
    name: str
    day: date
    pattern: re.Pattern


def _a(name, iso, pattern):
    return Anchor(name, date.fromisoformat(iso), re.compile(pattern, re.I))


ANCHORS = [
    _a("the Sunnylands summit", "2013-06-07", r"Sunnylands"),
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
    # UN climate conferences, named by number or host city.
    _a("COP15 in Copenhagen", "2009-12-07", r"COP\s?15\b|Copenhagen|Copenhaghen"),
    _a("COP21 in Paris", "2015-11-30", r"COP\s?21\b"),
    _a("COP26 in Glasgow", "2021-10-31", r"COP\s?26\b|Glasgow"),
    _a("COP27 in Sharm el-Sheikh", "2022-11-06", r"COP\s?27\b|Sharm el-Sheikh"),
    _a("COP28 in Dubai", "2023-11-30", r"COP\s?28\b"),
    _a("COP29 in Baku", "2024-11-11", r"COP\s?29\b"),
    _a("COP30 in Belém", "2025-11-10", r"COP\s?30\b|Belém"),
]
# A quick first look, case-sensitive (five times faster): the anchors are names, or spell out their capital.
_ANY_ANCHOR_RE = re.compile("|".join(f"(?:{a.pattern.pattern})" for a in ANCHORS))

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
    reason: str


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


def find_event_day(sentences_by_paragraph, caption_text=None):
    """(DayMonth, why) for the exchange: the day named beside the exchange, else the report's first day."""
    first_any = None
    for p_index, sentences in enumerate(sentences_by_paragraph):
        for sentence in sentences:
            mentions = day_months(sentence, p_index)
            if not mentions:
                continue
            first_any = first_any or mentions[0]
            if EXCHANGE_RE.search(sentence) and not LAST_YEAR_RE.search(sentence):
                return mentions[0], "the day given with the exchange"
    if caption_text and EXCHANGE_RE.search(caption_text):
        # A picture standing in for the headline often dates the exchange itself; trust it only when
        # the report's own first day follows it closely (a report comes a day or two after).
        mentions = day_months(caption_text, -1)
        if mentions and first_any and (first_any.month, first_any.day) >= (mentions[0].month, mentions[0].day) and (
            (first_any.month - mentions[0].month) * 31 + first_any.day - mentions[0].day <= 3
        ):
            return mentions[0], "the day given with the exchange in the lead photo's caption"
    if first_any:
        return first_any, "the first day the report gives"
    return None, None


@dataclass
class Constraint:
    why: str
    allows: object  # callable(date) -> bool
    exact_year: int | None = None


def _upcoming(sentence, anchor):
    """Whether the sentence speaks of the anchored event as still to come."""
    m = anchor.pattern.search(sentence)
    cue = UPCOMING_RE.search(sentence)
    if not m or not cue:
        return False
    # The cue must sit close to the event's name: "chuẩn bị cho Hội nghị … (COP28)", "ở Copenhagen vào tháng tới".
    return cue.end() <= m.start() and m.start() - cue.end() <= 160 or cue.start() >= m.end() and cue.start() - m.end() <= 40


def year_constraints(text, participants_roles):
    """Constraints on the exchange's date from the text and from the participants' roles."""
    constraints = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        future = bool(FUTURE_RE.search(sentence))
        last_year = bool(LAST_YEAR_RE.search(sentence))
        this_year = bool(THIS_YEAR_RE.search(sentence))
        for anchor in ANCHORS if _ANY_ANCHOR_RE.search(sentence) else ():
            if not anchor.pattern.search(sentence):
                continue
            if _upcoming(sentence, anchor):
                # Preparations run up to a year ahead of the event.
                constraints.append(Constraint(f"before {anchor.name} ({anchor.day:%d/%m/%Y}), still ahead",
                                              lambda d, a=anchor.day: a - timedelta(days=366) < d <= a))
            elif last_year:
                constraints.append(Constraint(f"{anchor.name} ({anchor.day:%m/%Y}) was 'năm ngoái'",
                                              lambda d, y=anchor.day.year + 1: d.year == y, anchor.day.year + 1))
            elif this_year:
                constraints.append(Constraint(f"{anchor.name} ({anchor.day:%m/%Y}) was 'năm nay'",
                                              lambda d, y=anchor.day.year: d.year == y, anchor.day.year))
            elif not future:
                # On or after: a report of the event itself names its place too.
                constraints.append(Constraint(f"on or after {anchor.name} ({anchor.day:%d/%m/%Y})",
                                              lambda d, a=anchor.day: d >= a))
        for pattern, base in ANNIVERSARIES if "kỷ niệm" in sentence else ():
            m = pattern.search(sentence)
            if m:
                year = base + int(m.group(1))
                constraints.append(Constraint(f"'{m.group(0)}' falls in {year}", lambda d, y=year: d.year == y, year))
        if future or not _DIGIT_RE.search(sentence):
            continue
        for m in MY_RE.finditer(sentence):
            month_start = _valid(int(m.group("y")), int(m.group("m")), 1)
            if month_start:
                constraints.append(Constraint(f"after '{m.group(0)}' mentioned as past",
                                              lambda d, s=month_start: d >= s))
        for m in _finditer(DMY_RES, sentence):
            day = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if day:
                constraints.append(Constraint(f"after {day:%d/%m/%Y} mentioned as past", lambda d, s=day: d >= s))
    for label, roles in participants_roles:
        if roles:
            spans = ", ".join(f"{r.start or '…'}–{r.end or 'now'}" for r in roles)
            constraints.append(Constraint(f"{label} in office ({spans})",
                                          lambda d, rs=tuple(roles): any(r.covers(d) for r in rs)))
    return constraints


def infer(day_month, constraints, why_day, first_year=1990, last_year=2035):
    """The earliest date consistent with every constraint; constraints are dropped, weakest first, if none fits."""
    if day_month is None:
        return EventDate(None, "unknown", "no day or month of the exchange in the text")
    if day_month.year:
        d = _valid(day_month.year, day_month.month, day_month.day)
        return EventDate(d, "exact", f"{why_day}, with its year printed")
    # Text phrases first, then roles; dropping from the end keeps the strongest evidence.
    unique = list({c.why: c for c in constraints}.values())
    ordered = [c for c in unique if c.exact_year] + [c for c in unique if not c.exact_year]
    while ordered:
        fits = [
            d for y in range(first_year, last_year + 1)
            if (d := _valid(y, day_month.month, day_month.day)) and all(c.allows(d) for c in ordered)
        ]
        if fits:
            chosen = fits[0]
            alternatives = "" if len(fits) == 1 else f"; also possible: {', '.join(str(f.year) for f in fits[1:4])}"
            reasons = "; ".join(c.why for c in ordered[:6])
            return EventDate(chosen, "inferred", f"{why_day} {day_month.day}/{day_month.month}; year from: {reasons}{alternatives}")
        ordered = ordered[:-1]
    return EventDate(None, "unknown", f"{why_day} {day_month.day}/{day_month.month}, but nothing in the text gives the year")


def fold_key(text):
    return match_key(text).casefold()
