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

from . import exports
from .charts import issue_year_heatmap
from .filters import OLDEST, ExchangeFilter, PositionFilter, active_filters, facet_counts
from .lists import exchanges_for_list, paginate, positions_for_list
from .localize import in_language
from .models import Actor, Article, Issue, Participation, Position, PositionSide, RelatedLink, Side, Status

EXCHANGES_PER_PAGE = 20
STATEMENTS_PER_PAGE = 50
ACTOR_STATEMENTS = 10  # the latest ones on an actor's page; the rest are a link to /positions/?speaker=


def filtered_list(request, filterset, template, rows_for_list, per_page, export, context=None):
    """A filtered list page, or its export when ?format=csv or ?format=json asks for one."""
    if request.GET.get("format") in exports.FORMATS:
        return export(request, filterset.qs, request.GET["format"])
    page = paginate(request, rows_for_list(filterset.qs), per_page)
    return render(request, template, {
        "filter": filterset,
        "page": page,
        "facets": facet_counts(filterset),
        "active_filters": active_filters(filterset),
        **(context or {}),
    })


def timeline(request):
    exchanges = ExchangeFilter(request.GET, queryset=Article.objects.published())
    return filtered_list(
        request, exchanges, "archive/timeline.html", exchanges_for_list, EXCHANGES_PER_PAGE, exports.exchanges
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
        .select_related("outlet")
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("actor")),
            "issues",
            Prefetch("positions", queryset=statements),
            Prefetch("related_links", queryset=related),
        ),
        slug=slug,
    )
    return render(request, "archive/article.html", {"article": article})


def issue_list(request):
    # Counted per table and joined in Python: one query with three COUNT(DISTINCT …) over the joins
    # multiplies the rows (articles × statements) and takes seconds on a large archive.
    published = Q(article__status=Status.PUBLISHED)
    tagged = Article.issues.through.objects.filter(published)
    exchanges = dict(tagged.values_list("issue_id").annotate(n=Count("pk")).order_by())
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
        .annotate(n=Count("pk"))
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
    counts["exchanges"] = Article.objects.published().filter(issues=issue).count()
    page = paginate(request, positions_for_list(statements), STATEMENTS_PER_PAGE)
    return render(request, "archive/issue_detail.html", {
        "issue": issue, "page": page, "counts": counts, "oldest": oldest,
    })


def actor_list(request):
    # Two grouped counts joined in Python, for the same reason as issue_list().
    took_part = dict(
        Participation.objects.filter(article__status=Status.PUBLISHED)
        .values_list("actor_id").annotate(n=Count("article_id", distinct=True)).order_by()
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
    took_part = Participation.objects.filter(actor=actor).values("article_id")
    exchanges = Article.objects.published().filter(pk__in=took_part).order_by(F("event_date").desc(nulls_last=True), "-id")
    statements = Position.objects.filter(article__in=Article.objects.published(), speaker=actor).order_by(
        F("article__event_date").desc(nulls_last=True), "-article_id", "order"
    )
    return render(request, "archive/actor_detail.html", {
        "actor": actor,
        "page": paginate(request, exchanges_for_list(exchanges), EXCHANGES_PER_PAGE),
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
