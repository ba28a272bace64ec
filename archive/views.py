"""The public pages. Each view builds a queryset from Article.objects.published() and hands it to a template.

List pages run a fixed number of queries whatever the page size: what a row shows is fetched with
select_related/prefetch_related here, never per row in a template.
"""

from django.db import Error, connection
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import citations, codebook, eventcodes, exports, facets, releases
from .charts import issue_year_heatmap
from .filters import (
    OLDEST, ExchangeFilter, PositionFilter, active_filters, exchange_facets, exchange_keys, exchanges_of,
    facet_counts, statement_facets,
)
from .lists import KeysFirst, exchange_cards, paginate, permalink, positions_for_list
from .localize import in_language, page_language
from .models import Actor, Article, Exchange, Facet, Issue, Participation, Position, PositionSide, RelatedLink, Side
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
        request, reports, "archive/timeline.html",
        lambda listed: KeysFirst(exchange_keys(reports), rows=exchange_cards(Exchange.objects.all())),
        EXCHANGES_PER_PAGE, exports.exchanges, listed=exchanges_of(reports), counts=exchange_facets,
    )


def positions(request):
    facets.refresh()
    statements = PositionFilter(request.GET, queryset=Position.objects.all())  # filtered() keeps the public ones
    return filtered_list(
        request, statements, "archive/positions.html",
        lambda listed: KeysFirst(listed, rows=positions_for_list(Position.objects.all())), STATEMENTS_PER_PAGE, exports.positions, counts=statement_facets,
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
    return render(request, "archive/article.html", {
        "article": article, "report_count": reports, "formats": list(citations.FORMATS),
        "cite_record": citations.apa(citation_of(request, article)),
        # The original is cited beside its link, which only a web address gets (an imported javascript:
        # or data: URL stays inert text).
        "cite_original": citations.apa(citation_of(request, article, original=True))
        if web_address(article.source_url) else "",
    })


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
    # The archive's kept counts (archive/facets.py): exchanges per issue, statements per issue and side,
    # exchanges per issue and year.
    facets.refresh()
    exchanges = facets.counts(Facet.ISSUE)
    said = facets.counts(Facet.SAID)
    issues = list(Issue.objects.all())
    for issue in issues:
        issue.exchanges = exchanges.get(issue.pk, (0, 0))[0]
        issue.said_cn = said.get(facets.said(issue.pk, PositionSide.CN), (0, 0))[1]
        issue.said_us = said.get(facets.said(issue.pk, PositionSide.US), (0, 0))[1]
    issues.sort(key=lambda issue: (-issue.exchanges, issue.slug))
    charted = [issue for issue in issues if issue.exchanges]
    row_of = {issue.pk: index for index, issue in enumerate(charted)}
    counts = {}
    for value, (n, _) in facets.counts(Facet.ISSUE_YEAR).items():
        issue, year = divmod(value, 10000)
        if issue in row_of:
            counts[(row_of[issue], year)] = n
    chart = issue_year_heatmap([(in_language(issue), issue.get_absolute_url(), issue.slug) for issue in charted], counts)
    return render(request, "archive/issue_list.html", {"issues": issues, "chart": chart})


def issue_detail(request, slug):
    facets.refresh()
    issue = get_object_or_404(Issue, slug=slug)
    oldest = request.GET.get("order") == OLDEST
    date = F("event_date")  # the exchange's, kept on each public statement (archive/facets.py)
    statements = Position.objects.filter(public=True, issues=issue).order_by(
        date.asc(nulls_last=True) if oldest else date.desc(nulls_last=True),
        "article_id" if oldest else "-article_id",
        "order",
        "id",
    )
    # The exchanges tagged with the issue, as on /issues/ and the timeline's facet, including those
    # where neither side's statements were tagged with it; its statements by side.
    said = facets.counts(Facet.SAID, [facets.said(issue.pk, side) for side in PositionSide.values])
    by_side = {side: said.get(facets.said(issue.pk, side), (0, 0))[1] for side in PositionSide.values}
    counts = {
        "statements": sum(by_side.values()),
        "said_cn": by_side[PositionSide.CN],
        "said_us": by_side[PositionSide.US],
        "exchanges": facets.counts(Facet.ISSUE, [issue.pk]).get(issue.pk, (0, 0))[0],
    }
    page = paginate(request, KeysFirst(positions_for_list(statements)), STATEMENTS_PER_PAGE, count=counts["statements"])
    return render(request, "archive/issue_detail.html", {
        "issue": issue, "page": page, "counts": counts, "oldest": oldest,
    })


def actor_list(request):
    # The archive's kept counts (archive/facets.py): exchanges each took part in, statements each made.
    facets.refresh()
    took_part, spoke = facets.counts(Facet.ACTOR), facets.counts(Facet.SPEAKER)
    sides = {value: [] for value in Side.values}
    for actor in Actor.objects.prefetch_related("roles"):
        actor.exchanges = took_part.get(actor.pk, (0, 0))[0]
        actor.statements = spoke.get(actor.pk, (0, 0))[1]
        sides[actor.side].append(actor)
    for actors in sides.values():
        actors.sort(key=lambda actor: (-actor.exchanges, actor.name))
    groups = [(label, sides[value]) for value, label in Side.choices if sides[value]]
    return render(request, "archive/actor_list.html", {"groups": groups})


def actor_detail(request, slug):
    facets.refresh()
    actor = get_object_or_404(Actor.objects.prefetch_related("roles"), slug=slug)
    took_part = Facet.objects.filter(dimension=Facet.ACTOR, value=actor.pk).values("exchange_id")
    exchanges = Exchange.objects.filter(public=True, pk__in=took_part).order_by(
        F("event_date").desc(nulls_last=True), "-id")
    statements = Position.objects.filter(public=True, speaker=actor).order_by(
        F("event_date").desc(nulls_last=True), "-article_id", "order", "id"
    )
    took_part_in = facets.counts(Facet.ACTOR, [actor.pk]).get(actor.pk, (0, 0))[0]
    return render(request, "archive/actor_detail.html", {
        "actor": actor,
        "page": paginate(request, exchange_cards(exchanges), EXCHANGES_PER_PAGE, count=took_part_in),
        "statements": positions_for_list(statements)[:ACTOR_STATEMENTS],
        "statement_count": facets.counts(Facet.SPEAKER, [actor.pk]).get(actor.pk, (0, 0))[1],
    })


def data(request):
    """/data/: the codebook of the exports, the event codes, the taxonomy and the dataset's releases."""
    language = page_language()
    english = language == "en"
    codes = []
    for kind, where in (("call", ("", "—", "—")), ("meeting", ("Beijing, China", "Ở Trung Quốc", "In China")),
                        ("meeting", ("Washington, United States", "Ở Hoa Kỳ", "In the United States")),
                        ("meeting", ("Bali, Indonesia", "Ở nước thứ ba", "In a third country")),
                        ("meeting", ("", "Không rõ", "Not known")), ("summit", ("", "Như cuộc gặp", "As a meeting")),
                        ("statement", ("", "—", "—")), ("other", ("", "—", "—"))):
        found = eventcodes.codes(kind, where[0])
        codes.append({"kind": kind, "where": where[2] if english else where[1], "codes": found,
                      "cn_label": eventcodes.CAMEO_LABELS.get(found.cameo_cn, ""),
                      "us_label": eventcodes.CAMEO_LABELS.get(found.cameo_us, "")})
    issues = [{"slug": issue.slug, "label": in_language(issue), "cues": issue.cues.split("\n") if issue.cues else []}
              for issue in Issue.objects.order_by("slug")]
    return render(request, "archive/data.html", {
        **codebook.localized(language), "codes": codes, "issues": issues, "releases": releases.listed(),
    })


def by_identifier(request, public_id):
    """/id/<identifier>/: the page of the exchange or statement with that stable identifier, wherever its
    slug has moved: the address that never changes."""
    if public_id.startswith("ex-"):
        return redirect(get_object_or_404(Exchange.objects.published(), public_id=public_id))
    statement = get_object_or_404(
        Position.objects.filter(article__in=Article.objects.published()).select_related("article"),
        public_id=public_id)
    return redirect(statement.get_absolute_url())


def datapackage(request):
    """/data/datapackage.json: the two files of every export and release, described for machines."""
    # Its files are the exports of the whole archive, at their addresses (a release's lies beside its files).
    paths = {"exchanges": request.build_absolute_uri(reverse("archive:timeline") + "?format=csv"),
             "statements": request.build_absolute_uri(reverse("archive:positions") + "?format=csv")}
    return JsonResponse(codebook.datapackage(paths=paths), json_dumps_params={"ensure_ascii": False, "indent": 2})


def release_file(request, version, name):
    """A file of a dataset release, by the name its manifest gives it."""
    path = releases.file_of(version, name)
    if path is None:
        raise Http404("No such release file.")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=name)


def cite(request, slug, fmt):
    """A citation of an article, of one of its statements (?statement=<its identifier>) or of the original
    article (?of=original), in BibTeX, RIS or CSL-JSON."""
    if fmt not in citations.FORMATS:
        raise Http404("No such citation format.")
    article = get_object_or_404(Article.objects.published().select_related("outlet"), slug=slug)
    work = citation_of(request, article, request.GET.get("statement"), request.GET.get("of") == "original")
    extension, content_type = citations.FORMATS[fmt]
    response = HttpResponse(citations.WRITERS[fmt](work), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{work.key}.{extension}"'
    return response


def web_address(url):
    """`url` when it is an http or https address, else "": nothing else is given to readers to follow."""
    return url if (url or "").lower().startswith(("https://", "http://")) else ""


def citation_of(request, article, statement_id=None, original=False):
    """The citations.Work of an article, one of its statements, or the original article."""
    if original:
        return citations.Work(
            kind="original", key=f"original-{article.slug}"[:120], title=article.title,
            url=web_address(article.source_url),
            container=article.outlet.name if article.outlet else "", issued=article.published_on,
        )
    source = ", ".join(part for part in (
        article.outlet.name if article.outlet else "", article.published_on.isoformat() if article.published_on else "",
    ) if part)
    work = {"kind": "record", "key": article.slug[:120], "title": article.title, "url": permalink(request, article),
            "container": citations.ARCHIVE, "issued": article.event_date, "accessed": timezone.localdate(),
            "note": source}
    if statement_id:
        statement = get_object_or_404(article.positions.select_related("speaker"), public_id=statement_id)
        who = statement.speaker.name if statement.speaker else (statement.body or statement.get_side_display())
        words = statement.text if len(statement.text) <= 160 else statement.text[:157].rstrip() + "…"
        work.update(key=statement.public_id, title=f"{who}: “{words}”",
                    url=f"{work['url']}#{statement.public_id}", note=f"{article.title}. {source}".strip(". "))
    return citations.Work(**work)


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
