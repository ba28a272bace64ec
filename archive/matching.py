"""Which exchange a report belongs to: the evidence two reports of one call or meeting share.

Plain Python, no Django: archive/exchanges.py gives it summaries of a new report and of the
exchanges around its day, and stores what it decides.

A report joins an exchange when they agree on the day (±1 for time zones: Washington's evening is
Beijing's morning), on the kind (a call is not a meeting; a summit is a meeting of the heads of
state; a statement joins only a statement), and on the principals, the first person each side
names. A report that leaves its year open can still join by day and month, within the years its
text allows. A match that only half fits (one side's principal shared, the other's missing) is not
made: it is kept as a candidate for an editor. Each decision keeps its reasons as evidence codes,
rendered in either language by `render()`.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from .extraction.evidence import sentence

JOIN = 0.75  # at or above: the report joins the exchange
DOUBT = 0.5  # at or above, below JOIN: the exchange is kept as a candidate for an editor



@dataclass(frozen=True)
class Summary:
    """What matching reads of a report or an exchange."""

    key: object
    day: date | None = None
    kind: str = "other"
    cn: object = None  # the Chinese principal's key (an actor), or None when the text names none
    us: object = None
    day_month: tuple | None = None  # (day, month) of a report whose year is open
    years: tuple = ()  # the years such a report's text allows; empty when unknown
    people: frozenset = field(default_factory=frozenset)  # everyone taking part, for statements


@dataclass
class Match:
    exchange: object | None  # the key of the exchange joined, or None for a new one
    score: float = 0.0
    reasons: list = field(default_factory=list)
    candidate: object | None = None  # a doubtful exchange left for an editor


def principals(parts):
    """(Chinese principal, American principal): the first actor each side names, from (side, actor) pairs in order."""
    cn = next((actor for side, actor in parts if side == "CN"), None)
    us = next((actor for side, actor in parts if side == "US"), None)
    return cn, us


def _day_score(report, exchange):
    if exchange.day is None:
        return 0.0, None
    if report.day is not None:
        gap = abs((report.day - exchange.day).days)
        if gap == 0:
            return 1.0, {"code": "same_day", "date": exchange.day.isoformat()}
        if gap == 1:
            return 0.85, {"code": "next_day", "date": exchange.day.isoformat(), "other": report.day.isoformat()}
        return 0.0, None
    if report.day_month is None:
        return 0.0, None
    day, month = report.day_month
    for offset, weight in ((0, 1.0), (1, 0.85), (-1, 0.85)):
        near = exchange.day + timedelta(days=offset)
        if (near.day, near.month) == (day, month):
            if report.years and exchange.day.year not in report.years:
                return 0.0, None
            score = (0.9 if report.years else 0.8) * weight
            return score, {"code": "same_day_month", "date": exchange.day.isoformat(), "day": day, "month": month}
    return 0.0, None


def _kind_score(report, exchange):
    kinds = {report.kind, exchange.kind}
    if len(kinds) == 1:
        return 1.0
    if "other" in kinds:
        return 0.85
    if kinds == {"meeting", "summit"}:
        return 0.95  # a meeting of the two heads of state one outlet does not call a summit
    if kinds == {"call", "summit"}:
        return 0.9  # a summit held by video, which another outlet calls a call
    if "statement" in kinds:
        return 0.8  # joins only with both principals the same (_people_score): a report misread as a statement
    return 0.0


def _people_score(report, exchange):
    if "statement" in (report.kind, exchange.kind) and report.kind != exchange.kind:
        # A spokesperson's statement about a call names one side: it never joins the call itself.
        both = all(getattr(report, s) is not None and getattr(report, s) == getattr(exchange, s) for s in ("cn", "us"))
        return (1.0, {"code": "same_principals"}) if both else (0.0, None)
    if report.kind == "statement":
        shared = report.people & exchange.people
        return (1.0, {"code": "same_speaker", "people": sorted(map(str, shared))}) if shared else (0.0, None)
    same, missing = [], 0
    for side in ("cn", "us"):
        mine, theirs = getattr(report, side), getattr(exchange, side)
        if mine is None or theirs is None:
            missing += 1
        elif mine == theirs:
            same.append(side)
        else:
            return 0.0, None  # another principal on one side: another exchange
    if len(same) == 2:
        return 1.0, {"code": "same_principals"}
    if len(same) == 1 and missing == 1:
        return 0.65, {"code": "one_principal", "side": same[0].upper()}
    return 0.0, None


def score(report, exchange):
    """(score, reasons) for `report` joining `exchange`."""
    kind = _kind_score(report, exchange)
    if not kind:
        return 0.0, []
    day, day_reason = _day_score(report, exchange)
    if not day:
        return 0.0, []
    people, people_reason = _people_score(report, exchange)
    if not people:
        return 0.0, []
    reasons = [day_reason, people_reason]
    if report.kind != exchange.kind:
        reasons.append({"code": "kinds", "kind": report.kind, "other": exchange.kind})
    return round(day * people * kind, 3), reasons


def match(report, exchanges):
    """The Match of `report` among candidate exchange summaries."""
    scored = sorted(((*score(report, e), e) for e in exchanges), key=lambda t: -t[0])
    scored = [t for t in scored if t[0] >= DOUBT]
    if not scored:
        return Match(None)
    best_score, reasons, best = scored[0]
    rival = next((t for t in scored[1:] if t[0] >= best_score - 0.05), None)
    if best_score >= JOIN and rival is None:
        return Match(best.key, best_score, reasons)
    if rival is not None:
        reasons = [*reasons, {"code": "rival", "date": rival[2].day.isoformat() if rival[2].day else None}]
    return Match(None, best_score, reasons, candidate=best.key)


def assign(reports, pool, new_exchange):
    """Match each report in turn against `pool` (summaries of known exchanges) and the exchanges the
    earlier reports started: yields (Match, key of its exchange). `new_exchange(report)` gives the key of
    an exchange a report starts; the pool list grows with them."""
    for report in reports:
        found = match(report, pool)
        if found.exchange is not None:
            yield found, found.exchange
            continue
        key = new_exchange(report)
        pool.append(Summary(key=key, day=report.day, kind=report.kind, cn=report.cn, us=report.us,
                            people=report.people))
        yield found, key


TEMPLATES = {
    "same_day": ("the same day, {date}", "cùng ngày {date}"),
    "next_day": ("a day apart ({other} and {date}), as time zones give", "lệch một ngày ({other} và {date}) do múi giờ"),
    "same_day_month": ("the same day and month ({day}/{month}) as {date}; the report leaves its year open",
                       "cùng ngày, tháng ({day}/{month}) với {date}; bài báo không nêu năm"),
    "same_principals": ("the same principal on each side", "cùng nhân vật chính ở mỗi bên"),
    "one_principal": ("only one side's principal ({side}) named in both", "chỉ nhân vật chính của một bên ({side}) có ở cả hai"),
    "same_speaker": ("the same speaker", "cùng người phát biểu"),
    "kinds": ("reported as {kind} and as {other}", "được đưa tin là {kind} và là {other}"),
    "rival": ("another exchange fits as well ({date})", "một cuộc trao đổi khác cũng phù hợp ({date})"),
    "merged": ("joined by an editor", "do biên tập viên gộp"),
    "split": ("taken out of its former exchange by an editor", "do biên tập viên tách khỏi cuộc trao đổi cũ"),
}


def render(reasons, lang="en"):
    """The reasons in English or Vietnamese, joined (worded as the date's evidence is)."""
    return "; ".join(sentence(r, lang, TEMPLATES) for r in reasons or () if r.get("code") in TEMPLATES)
