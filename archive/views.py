"""The public pages. Each view builds a queryset from Article.objects.published() and hands it to a template.

List pages run a fixed number of queries whatever the page size: what a row shows is fetched with
select_related/prefetch_related here, never per row in a template.
"""
from django.db import Error, connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import ExtractYear
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from . import exports, facets
from .charts import issue_year_heatmap
from .filters import (
    OLDEST, ExchangeFilter, PositionFilter, active_filters, exchange_facets, exchanges_of, facet_counts,
)
from .lists import exchange_cards, paginate, positions_for_list
from .localize import in_language
from .models import Actor, Article, Exchange, Issue, Participation, Position, PositionSide, RelatedLink, Side, Status
from .statements import merged_statements

EXCHANGES_PER_PAGE = 20
STATEMENTS_PER_PAGE = 50
ACTOR_STATEMENTS = 10  # the latest ones on an actor's page; the rest are a link to /positions/?speaker=


def _counted_facets(filterset):
    return facet_counts(filterset), None  # the paginator counts the rows


def filtered_list(request, filterset, template, rows_for_list, per_page, export, context=None, listed=None,
                  counts=_counted_facets):
    """A filtered list page, or its export when ?format=csv or ?format=json asks for one.

    `listed` is what is listed, when it is not filterset.qs itself (the timeline lists exchanges);
    `counts(filterset)` gives the facets and, when it knows it, the number of rows listed.
    """
    listed = filterset.qs if listed is None else listed
    if request.GET.get("format") in exports.FORMATS:
        return export(request, listed, request.GET["format"])
    facet_lists, total = counts(filterset)
    return render(request, template, {
        "filter": filterset,
        "page": paginate(request, rows_for_list(listed), per_page, count=total),
        "facets": facet_lists,
        "active_filters": active_filters(filterset),
        **(context or {}),
    })


def timeline(request):
    facets.refresh()
    reports = ExchangeFilter(request.GET, queryset=Article.objects.published())
    return filtered_list(
        request, reports, "archive/timeline.html", exchange_cards, EXCHANGES_PER_PAGE, exports.exchanges,
        listed=exchanges_of(reports), counts=exchange_facets,
    )


def positions(request):
    public = Position.objects.filter(article__in=Article.objects.published())
    statements = PositionFilter(request.GET, queryset=public)
    return filtered_list(
        request, statements, "archive/positions.html", positions_for_list, STATEMENTS_PER_PAGE, exports.positions,
    )


def article(request, slug):
    related = RelatedLink.objects.annotate(
        # The archived article a related item points to, when the public may see it.
        target_slug=Subquery(Article.objects.published().filter(pk=OuterRef("target_id")).values("slug"))
    )
    statements = Position.objects.select_related("speaker").prefetch_related("issues")
    article = get_object_or_404(
        Article.objects.published()
        .select_related("outlet", "exchange")
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("actor")),
            "issues",
            Prefetch("positions", queryset=statements),
            Prefetch("related_links", queryset=related),
        ),
        slug=slug,
    )
    # The exchange it reports, and how many published reports it has (this one included).
    reports = Article.objects.published().filter(exchange_id=article.exchange_id).count()
    return render(request, "archive/article.html", {"article": article, "report_count": reports})


def exchange(request, slug):
    exchange = get_object_or_404(exchange_cards(Exchange.objects.published()), slug=slug)
    reports = exchange.reports_shown
    statements = (
        Position.objects.filter(article__in=[r.pk for r in reports]).select_related("speaker", "article__outlet")
        .defer(*(f"article__{c}" for c in ("body", "raw_text", "captions", "search_text", "search_vector")))
        .prefetch_related("issues").order_by("article_id", "order", "id")
    )
    return render(request, "archive/exchange.html", {
        "exchange": exchange, "reports": reports, "statements": merged_statements(list(statements), reports),
    })


def issue_list(request):
    # Counted per table and joined in Python: one query with three COUNT(DISTINCT …) over the joins
    # multiplies the rows (articles × statements) and takes seconds on a large archive.
    published = Q(article__status=Status.PUBLISHED)
    tagged = Article.issues.through.objects.filter(published)
    # Exchanges, each once however many of its reports are tagged.
    exchanges = dict(tagged.values_list("issue_id").annotate(n=Count("article__exchange_id", distinct=True)).order_by())
    said = Position.issues.through.objects.filter(position__article__status=Status.PUBLISHED)
    by_side = {
        (row["issue_id"], row["position__side"]): row["n"]
        for row in said.values("issue_id", "position__side").annotate(n=Count("pk")).order_by()
    }
    issues = list(Issue.objects.all())
    for issue in issues:
        issue.exchanges = exchanges.get(issue.pk, 0)
        issue.said_cn = by_side.get((issue.pk, Side.CN), 0)
        issue.said_us = by_side.get((issue.pk, Side.US), 0)
    issues.sort(key=lambda issue: (-issue.exchanges, issue.slug))
    per_year = (
        tagged.filter(article__event_date__isnull=False)
        .values("issue_id", year=ExtractYear("article__event_date"))
        .annotate(n=Count("article__exchange_id", distinct=True))
        .order_by()
    )
    charted = [issue for issue in issues if issue.exchanges]
    row_of = {issue.pk: index for index, issue in enumerate(charted)}
    counts = {(row_of[row["issue_id"]], row["year"]): row["n"] for row in per_year if row["issue_id"] in row_of}
    chart = issue_year_heatmap([(in_language(issue), issue.get_absolute_url(), issue.slug) for issue in charted], counts)
    return render(request, "archive/issue_list.html", {"issues": issues, "chart": chart})


def issue_detail(request, slug):
    issue = get_object_or_404(Issue, slug=slug)
    oldest = request.GET.get("order") == OLDEST
    date = F("article__event_date")
    statements = Position.objects.filter(article__in=Article.objects.published(), issues=issue).order_by(
        date.asc(nulls_last=True) if oldest else date.desc(nulls_last=True),
        "article_id" if oldest else "-article_id",
        "order",
        "id",
    )
    counts = statements.order_by().aggregate(
        statements=Count("pk"),
        said_cn=Count("pk", filter=Q(side=PositionSide.CN)),
        said_us=Count("pk", filter=Q(side=PositionSide.US)),
    )
    # The exchanges tagged with the issue, as on /issues/ and the timeline's facet, including those
    # where neither side's statements were tagged with it.
    counts["exchanges"] = (
        Article.objects.published().filter(issues=issue).order_by().values("exchange_id").distinct().count()
    )
    page = paginate(request, positions_for_list(statements), STATEMENTS_PER_PAGE)
    return render(request, "archive/issue_detail.html", {
        "issue": issue, "page": page, "counts": counts, "oldest": oldest,
    })


def actor_list(request):
    # Two grouped counts joined in Python, for the same reason as issue_list().
    took_part = dict(
        Participation.objects.filter(article__status=Status.PUBLISHED)
        .values_list("actor_id").annotate(n=Count("article__exchange_id", distinct=True)).order_by()
    )
    spoke = dict(
        Position.objects.filter(article__status=Status.PUBLISHED, speaker__isnull=False)
        .values_list("speaker_id").annotate(n=Count("pk")).order_by()
    )
    sides = {value: [] for value in Side.values}
    for actor in Actor.objects.prefetch_related("roles"):
        actor.exchanges, actor.statements = took_part.get(actor.pk, 0), spoke.get(actor.pk, 0)
        sides[actor.side].append(actor)
    for actors in sides.values():
        actors.sort(key=lambda actor: (-actor.exchanges, actor.name))
    groups = [(label, sides[value]) for value, label in Side.choices if sides[value]]
    return render(request, "archive/actor_list.html", {"groups": groups})


def actor_detail(request, slug):
    actor = get_object_or_404(Actor.objects.prefetch_related("roles"), slug=slug)
    took_part = Participation.objects.filter(actor=actor, article__status=Status.PUBLISHED).values("article__exchange_id")
    exchanges = Exchange.objects.filter(pk__in=took_part).order_by(F("event_date").desc(nulls_last=True), "-id")
    statements = Position.objects.filter(article__in=Article.objects.published(), speaker=actor).order_by(
        F("article__event_date").desc(nulls_last=True), "-article_id", "order"
    )
    return render(request, "archive/actor_detail.html", {
        "actor": actor,
        "page": paginate(request, exchange_cards(exchanges), EXCHANGES_PER_PAGE),
        "statements": positions_for_list(statements)[:ACTOR_STATEMENTS],
        "statement_count": statements.count(),
    })


@never_cache
def healthz(request):
    """200 "ok" once the database answers a trivial query; 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error:  # OperationalError when the server is down, InterfaceError when a connection broke
        return HttpResponse("database unavailable", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
