"""Exchanges and their reports in the database: a new report joins the exchange it reports or starts one,
an exchange takes its date and kind from its reports, editors merge exchanges and split reports out.

What counts as the same exchange is decided in archive/matching.py; this module reads the summaries
it needs and writes what it decides, in a fixed number of queries per batch of reports.
"""
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete

from . import bulk, matching, pagecache
from .models import Article, Certainty, Exchange, Kind, Participation

_CERTAINTY_RANK = {Certainty.EXACT: 0, Certainty.INFERRED: 1, Certainty.UNKNOWN: 2}


def _open_day(article):
    """(day, month) and the allowed years of a report whose year is open, from its date evidence."""
    day_month, years = None, ()
    for item in article.date_evidence or ():
        if "day" in item and "month" in item and day_month is None:
            day_month = (item["day"], item["month"])
        if item.get("code") == "open":
            listed = item.get("years") or []
            years = () if "…" in listed else tuple(y for y in listed if isinstance(y, int))
    return day_month, years


def report_summary(article, parts):
    """matching.Summary of an article, given its participants as (side, actor_id) pairs in order."""
    cn, us = matching.principals(parts)
    day_month, years = _open_day(article) if article.event_date is None else (None, ())
    return matching.Summary(
        key=article.pk, day=article.event_date, kind=article.kind, cn=cn, us=us, day_month=day_month, years=years,
        people=frozenset(actor for _, actor in parts),
    )


def exchange_summaries(exchanges):
    """matching.Summary of each exchange: its principals are the first its reports name (two queries)."""
    exchanges = list(exchanges)
    parts = {}
    rows = (Participation.objects.filter(article__exchange__in=[e.pk for e in exchanges])
            .order_by("article_id", "order", "pk").values_list("article__exchange_id", "side", "actor_id"))
    for exchange_id, side, actor in rows:
        parts.setdefault(exchange_id, []).append((side, actor))
    summaries = []
    for e in exchanges:
        cn, us = matching.principals(parts.get(e.pk, []))
        summaries.append(matching.Summary(key=e.pk, day=e.event_date, kind=e.kind, cn=cn, us=us,
                                          people=frozenset(a for _, a in parts.get(e.pk, []))))
    return summaries


def _near(reports):
    """Exchanges whose day could be the day of one of `reports` (one query)."""
    days, open_days = set(), set()
    for r in reports:
        if r.day is not None:
            days |= {r.day + timedelta(days=k) for k in (-1, 0, 1)}
        elif r.day_month is not None:
            open_days.add(r.day_month)
    condition = Q(event_date__in=days) if days else Q(pk__in=[])
    for day, month in open_days:
        condition |= Q(event_date__month=month, event_date__day__in=[day - 1, day, day + 1])
    if not days and not open_days:
        return []
    return list(Exchange.objects.filter(condition))


def assign(articles, participations):
    """Give each new (unsaved) article its exchange: the one it reports, or a new one, made here in bulk.

    `participations` holds each article's Participation rows (unsaved), in order. Returns the
    existing exchanges that gained a report, for refresh().
    """
    # Keyed by their place in the list: unsaved articles have no primary key yet.
    reports = [
        replace(report_summary(article, [(p.side, p.actor_id) for p in parts]), key=index)
        for index, (article, parts) in enumerate(zip(articles, participations))
    ]
    pool = exchange_summaries(_near(reports))
    new, joined = [], set()

    def start(report):
        exchange = Exchange.for_report(articles[report.key])
        new.append(exchange)
        return exchange

    for report, (found, exchange) in zip(reports, matching.assign(reports, pool, start)):
        article = articles[report.key]
        article.match_score = found.score or None
        article.match_reasons = found.reasons
        if isinstance(exchange, Exchange):  # one it started, or one an earlier report in this batch started
            article.exchange = exchange
            if found.candidate is not None and not isinstance(found.candidate, Exchange):
                article.match_candidate_id = found.candidate
        else:
            article.exchange_id = exchange
            joined.add(exchange)
    _insert(new)
    for article in articles:
        if article.exchange is not None and article.exchange_id is None:
            article.exchange_id = article.exchange.pk
    return joined


def _insert(exchanges):
    """Write new exchanges in bulk, with slugs no other exchange holds, and their history."""
    if not exchanges:
        return
    taken = set(Exchange.objects.filter(slug__in=[e.slug for e in exchanges]).values_list("slug", flat=True))
    for e in exchanges:
        base, n = e.slug or "trao-doi", 2
        while e.slug in taken or not e.slug:
            e.slug, n = f"{base}-{n}", n + 1
        taken.add(e.slug)
    bulk.stamp(exchanges)
    bulk.insert(Exchange, exchanges)
    Exchange.history.bulk_history_create(exchanges)


def own_exchanges(articles):
    """A new exchange for every (unsaved) article that has none: it is the only report of its exchange."""
    alone = [a for a in articles if a.exchange_id is None and getattr(a, "exchange", None) is None]
    made = [Exchange.for_report(a) for a in alone]
    _insert(made)
    for article, exchange in zip(alone, made):
        article.exchange = exchange


def derived_values(reports):
    """Date, certainty, evidence and kind of an exchange, from its reports' values (dicts, oldest first)."""
    if not reports:
        return {}
    dated = sorted(reports, key=lambda r: _CERTAINTY_RANK.get(r["date_certainty"], 2))
    best = dated[0]
    kinds = Counter(r["kind"] for r in reports if r["kind"] != Kind.OTHER)
    if Kind.SUMMIT in kinds:
        kind = Kind.SUMMIT  # one outlet's "meeting" of the two heads of state is the others' summit
    else:
        kind = kinds.most_common(1)[0][0] if kinds else Kind.OTHER
    return {"event_date": best["event_date"], "date_certainty": best["date_certainty"],
            "date_evidence": best["date_evidence"] or [], "kind": kind}


def refresh(exchange_ids):
    """Set each exchange's date and kind from its reports, except what an editor fixed; delete those left
    without a report."""
    exchange_ids = {pk for pk in exchange_ids if pk is not None}
    if not exchange_ids:
        return
    by_exchange = {}
    for row in (Article.objects.filter(exchange_id__in=exchange_ids).order_by("pk")
                .values("exchange_id", "event_date", "date_certainty", "date_evidence", "kind")):
        by_exchange.setdefault(row["exchange_id"], []).append(row)
    for exchange in Exchange.objects.filter(pk__in=exchange_ids):
        reports = by_exchange.get(exchange.pk)
        if not reports:
            exchange.delete()
            continue
        values = derived_values(reports)
        keep = set(exchange.edited_fields or [])
        if keep & {"event_date", "date_certainty"}:
            keep |= {"event_date", "date_certainty", "date_evidence"}
        changed = False
        for name, value in values.items():
            if name not in keep and getattr(exchange, name) != value:
                setattr(exchange, name, value)
                changed = True
        if changed:
            exchange.save()


@transaction.atomic
def merge(target, others):
    """Move every report of `others` into `target`; the emptied exchanges are deleted (with history)."""
    others = [e for e in others if e.pk != target.pk]
    with pagecache.one_bump():
        for report in Article.objects.filter(exchange__in=others):
            report.exchange = target
            report.match_candidate = None
            report.match_reasons = [*report.match_reasons, {"code": "merged"}]
            report.save()
        for exchange in others:
            exchange.refresh_from_db()
            exchange.delete()
        refresh([target.pk])
        pagecache.bump()
    return target


@transaction.atomic
def split(report):
    """Take `report` out of its exchange into a new one of its own."""
    with pagecache.one_bump():
        old = report.exchange_id
        exchange = Exchange.for_report(report)
        exchange.slug = Exchange.unique_slug(report.slug)
        exchange.save()
        report.exchange = exchange
        report.match_candidate_id = old
        report.match_score = None
        report.match_reasons = [{"code": "split"}]
        report.save()
        refresh([old])
        pagecache.bump()
    return exchange


def _report_deleted(sender, instance, **kwargs):
    if instance.exchange_id is not None:
        refresh([instance.exchange_id])


def connect():
    """An exchange whose last report is deleted goes with it (called from AppConfig.ready)."""
    post_delete.connect(_report_deleted, sender=Article, dispatch_uid="exchange-report-deleted")
