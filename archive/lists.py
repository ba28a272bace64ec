"""What a row of a list shows, fetched in a fixed number of queries: used by the pages, the exports and the feeds."""
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils import translation

from .models import Article, Participation

# Columns a list never shows: the full texts, the search columns, and what the extractor made of the
# text and why the report joined its exchange (JSON that is decoded on every row read, and on a real
# article can outweigh its body).
LONG_COLUMNS = ("body", "raw_text", "captions", "search_text", "search_vector", "extracted", "match_reasons")


def paginate(request, queryset, per_page, count=None):
    """The requested page; a missing, malformed or out-of-range ?page= gives the first or last page.

    `count`, when the caller knows how many rows there are, spares the paginator its COUNT query.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is never computed
    return paginator.get_page(request.GET.get("page"))


class KeysFirst:
    """A queryset whose pages are found by their primary keys first, then read whole.

    A deep page of the timeline skips tens of thousands of rows: skipping them in an index of the
    keys alone costs a fraction of skipping whole rows. The rows of the page are read from `rows`
    (by default the queryset itself) with its prefetches, in the order of the keys: a queryset without
    the filters spares the database from checking them again for the page's keys, which already passed.
    """

    def __init__(self, queryset, rows=None):
        self.queryset = queryset
        self.rows = queryset if rows is None else rows

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        keys = list(self.queryset.values_list("pk", flat=True)[index])
        found = {row.pk: row for row in self.rows.filter(pk__in=keys)}
        return [found[key] for key in keys if key in found]


def exchanges_for_list(articles):
    """A timeline row: the article with its outlet, participants and their actors, issue tags (3 queries)."""
    participations = Participation.objects.select_related("actor")
    return (
        articles.select_related("outlet")
        .defer(*LONG_COLUMNS)
        .prefetch_related(Prefetch("participations", queryset=participations), "issues")
    )


# What an exchange's row and page read of its reports and of the people taking part: building the
# rows of twenty exchanges from these columns alone takes 12 ms instead of 19.
REPORT_COLUMNS = (
    "id", "title", "slug", "lead", "published_on", "event_date", "date_certainty", "kind", "status", "exchange",
    "outlet", "outlet__id", "outlet__name", "outlet__slug",
)
PERSON_COLUMNS = ("id", "article", "actor", "side", "order", "actor__id", "actor__slug", "actor__name",
                  "actor__name_en", "actor__side")


def exchange_cards(exchanges):
    """A timeline row: the exchange with its published reports, their outlets, participants and issues (5 queries)."""
    participations = Participation.objects.select_related("actor").only(*PERSON_COLUMNS)
    reports = (
        Article.objects.published().select_related("outlet").only(*REPORT_COLUMNS).order_by("pk")
        .prefetch_related(Prefetch("participations", queryset=participations), "issues")
    )
    return exchanges.prefetch_related(Prefetch("reports", queryset=reports, to_attr="public_reports"))


def positions_for_list(positions):
    """A statement row: the position with its article, outlet and speaker, its issue tags (2 queries)."""
    return (
        positions.select_related("article__outlet", "speaker")
        .defer(*(f"article__{column}" for column in LONG_COLUMNS))
        .prefetch_related("issues")
    )


def permalink(request, obj):
    """The citable absolute URL of `obj`: its Vietnamese address, which never carries a language prefix."""
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(obj.get_absolute_url())
