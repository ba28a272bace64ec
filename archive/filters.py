"""The researchers' filters: one FilterSet for the timeline, its reading for the statements table, the facet
counts and the active-filter list beside them.

Every filter is a GET parameter, so every view of the archive is a URL that can be shared and cited.
A value the form rejects (an unknown slug, a bad date, a year out of range) is left out of the
filtering and shown as an error beside its field; it never reaches the database.
"""
from contextlib import nullcontext

import django_filters as filters
from django import forms
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import facets, search
from .localize import in_language
from .models import Actor, Article, Exchange, Facet, Issue, Kind, Outlet, Participation, Position, PositionSide, Profile

NEWEST, OLDEST = "newest", "oldest"
PROFILE_SAID = {PositionSide.CN: "said_cn", PositionSide.US: "said_us", PositionSide.JOINT: "said_joint"}
# A search matching more published exchanges than this is listed newest first, and the page says so:
# ranking every match of a common word ("Đài Loan" is in 40% of the archive) reads each one's whole
# search vector, seconds on a large archive, for an order no reader pages through.
RANK_LIMIT = 1000
DATE_FILTERS = {"year", "from", "to"}
# The filters that the Profile rows' own columns cannot answer: matched() works out their exchanges once
# per request (a search alone as a condition on the rows' vector, the rest copied).
REMEMBERED = ("q", "actor", "outlet")
ORDER_CHOICES = [(NEWEST, _("Newest first")), (OLDEST, _("Oldest first"))]


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class ExchangeFilter(filters.FilterSet):
    """The timeline's filters over published articles (one article reports one exchange)."""

    issue = filters.ModelMultipleChoiceFilter(
        label=_("Issue"), queryset=Issue.objects.all(), to_field_name="slug", method="applied_together"
    )
    side = filters.ChoiceFilter(
        label=_("Side that stated a position"),
        choices=PositionSide.choices,
        empty_label=_("Either side"),
        method="applied_together",
    )
    actor = filters.ModelChoiceFilter(
        label=_("Taking part"),
        queryset=Actor.objects.all(),
        to_field_name="slug",
        empty_label=_("Anyone"),
        method="filter_actor",
    )
    kind = filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    outlet = filters.ModelChoiceFilter(
        label=_("Outlet"), queryset=Outlet.objects.all(), to_field_name="slug", empty_label=_("Any outlet")
    )
    year = YearFilter(label=_("Year"), field_name="event_date", lookup_expr="year", min_value=1900, max_value=2100)
    q = filters.CharFilter(label=_("Search"), method="filter_search")
    order = filters.ChoiceFilter(
        label=_("Order"),
        choices=ORDER_CHOICES,
        empty_label=_("Newest first (best match when searching)"),
        method="applied_together",
    )

    # Facet counts: which field of the filtered model each faceted filter counts, and what is counted:
    # exchanges, each once however many of its reports match.
    facet_fields = {"issue": "issues", "kind": "kind", "year": "event_date"}
    facet_counted = Count("exchange_id", distinct=True)

    class Meta:
        model = Article
        fields = []

    @classmethod
    def get_filters(cls):
        # "from" is a Python keyword, so the two date bounds cannot be class attributes.
        declared = super().get_filters()
        declared["from"] = filters.DateFilter(label=_("From"), field_name="event_date", lookup_expr="gte")
        declared["to"] = filters.DateFilter(label=_("To"), field_name="event_date", lookup_expr="lte")
        return declared

    def filter_queryset(self, queryset):
        return self.ordered(self.filtered(queryset))

    def filtered(self, queryset, skip=()):
        """Apply every valid filter except those named in `skip` (a facet leaves out its own)."""
        data = {name: value for name, value in self.form.cleaned_data.items() if name not in skip}
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        return self.by_issue_and_side(queryset, data.get("issue"), data.get("side"))

    def applied_together(self, queryset, name, value):
        """`issue` and `side` change each other's meaning and `order` only orders: filtered() and ordered() apply them."""
        return queryset

    def by_issue_and_side(self, articles, issues, side):
        """Exchanges tagged with any of `issues`; with `side`, those where that side stated a position (on one of them)."""
        if side:
            positions = Position.objects.filter(side=side)
            if issues:
                positions = positions.filter(issues__in=issues)
            return articles.filter(pk__in=positions.values("article_id"))
        if issues:
            tagged = Article.issues.through.objects.filter(issue__in=issues)
            return articles.filter(pk__in=tagged.values("article_id"))
        return articles

    def filter_actor(self, articles, name, actor):
        return articles.filter(pk__in=Participation.objects.filter(actor=actor).values("article_id"))

    def filter_search(self, articles, name, query):
        return articles.search(query)

    def cleaned(self):
        """The valid filters' values; a rejected value is left out (and shown as an error beside its field)."""
        self.errors  # validates the form
        return getattr(self.form, "cleaned_data", {})

    def search_terms(self):
        """The search's terms as search.read() reads them, worked out once per request."""
        if not hasattr(self, "_terms"):
            self._terms = search.read(self.cleaned()["q"])
        return self._terms

    def search_match(self):
        """(condition, rank) of the search filter on articles (search.matching())."""
        return search.matching(self.search_terms())

    def ranked(self):
        """Whether the results are ordered by relevance: a search, no order asked for, and few enough matches."""
        cleaned = self.cleaned()
        if not cleaned.get("q") or cleaned.get("order"):
            return False
        if not hasattr(self, "_ranked"):
            # Every filter counts, as the page's note says: a filter added to a common word ranks again.
            alone = set(self.applied()) == {"q"}
            self._ranked = (self.search_count() if alone else self.public_exchanges().count()) <= RANK_LIMIT
        return self._ranked

    def search_hits(self):
        """The Profile rows of the published exchanges that the search matches (matched())."""
        return self.matched({"q": self.cleaned()["q"]})

    # Whether a search alone is copied too (facets.remember()) when it matches at most COPY_LIMIT
    # exchanges: the statements explorer joins them to the statements, which needs the copy's statistics
    # to go row by row for a rare word. Copying costs about 2.4 µs a row, so a common word is read from
    # the Profile rows instead, and the joins that follow are by hash (large_search()).
    copies_search = False
    COPY_LIMIT = 5000

    def search_count(self):
        """How many published exchanges the search alone matches, counted once per request."""
        if not hasattr(self, "_search_count"):
            self._search_count = Profile.objects.filter(search.exchanges(self.search_terms())).count()
        return self._search_count

    def large_search(self):
        """Whether the search is read from the Profile rows themselves although they are joined to others."""
        return bool(self.copies_search and self.applied().get("q") and self.search_count() > self.COPY_LIMIT)

    def matched(self, data):
        """The Profile rows of the published exchanges that the search, the person and the outlet in
        `data` keep, those of them that apply; None when none does.

        A search alone is a condition on the Profile rows themselves (search.exchanges()). The person
        and the outlet are read through the facet rows, which a page would otherwise join once for each
        of its counts and its list: their exchanges' Profile rows are copied once per request into a
        table of their own (facets.remember()), which the rest reads alone.
        """
        key = tuple(name for name in REMEMBERED if data.get(name))
        if not key:
            return None
        found = self.__dict__.setdefault("_matched", {})
        if key not in found:
            rows = Profile.objects.filter(search.exchanges(self.search_terms())) if "q" in key else Profile.objects.all()
            for name, dimension in (("actor", Facet.ACTOR), ("outlet", Facet.OUTLET)):
                if name in key:
                    facet_rows = Facet.objects.filter(dimension=dimension, value=data[name].pk)
                    rows = rows.filter(exchange_id__in=facet_rows.values("exchange_id"))
            # A person or an outlet alone is counted from the kept pairs (single_value()): only the page
            # of the list reads its rows, and copying a common one's cost 90 ms.
            direct = (key == ("q",) and (not self.copies_search or self.search_count() > self.COPY_LIMIT)
                      or set(self.applied()) == set(key) and self.single_value() is not None)
            found[key] = rows if direct else facets.remember(rows)[1]
        return found[key]

    @property
    def newest_first_instead_of_rank(self):
        """A search too common to rank: the page says that its results come newest first."""
        cleaned = self.cleaned()
        return bool(cleaned.get("q") and not cleaned.get("order")) and not self.ranked()

    rank_limit = RANK_LIMIT

    def applied(self, skip=()):
        """The valid filters that filter (not `order`), except those in `skip`."""
        return {name: value for name, value in self.cleaned().items() if name not in skip and name != "order" and value}

    def issues(self):
        """Every issue by id, read once per request: the labels of the issue facet, and whether each has
        a bit in the Profile rows."""
        if not hasattr(self, "_issues"):
            self._issues = Issue.objects.in_bulk()
        return self._issues

    def issue_bits(self):
        """{issue id: its bit in the Profile rows} (facets.issue_bits())."""
        if not hasattr(self, "_bits"):
            self._bits = facets.issue_bits(self.issues())
        return self._bits

    def by_profile(self):
        """Whether the Profile rows can answer: every issue has its bit."""
        return len(self.issue_bits()) == len(self.issues())

    def profile_rows(self, skip=()):
        """The Profile rows of the published exchanges that every valid filter except those in `skip`
        keeps: the same exchanges as public_exchanges(), kept by conditions on one narrow row each."""
        data = self.applied(skip)
        matched = self.matched(data)
        rows = Profile.objects.all() if matched is None else matched
        if data.get("kind"):
            rows = rows.filter(kind=facets.KIND_CODES[data["kind"]])
        if data.get("year"):
            rows = rows.filter(year=data["year"])
        if data.get("from"):
            rows = rows.filter(event_date__gte=data["from"])
        if data.get("to"):
            rows = rows.filter(event_date__lte=data["to"])
        issues, side = data.get("issue"), data.get("side")
        mask = sum(1 << self.issue_bits()[issue.pk] for issue in issues or ())
        if side and issues:
            rows = rows.alias(hit=F(PROFILE_SAID[side]).bitand(mask)).exclude(hit=0)
        elif side:
            rows = rows.alias(hit=F("sides").bitand(1 << facets.SIDE_CODES[side])).exclude(hit=0)
        elif issues:
            rows = rows.alias(hit=F("issues").bitand(mask)).exclude(hit=0)
        return rows

    def single_value(self):
        """(dimension, value) of the one Facet value that every filter in force comes down to: one issue,
        a side, one issue and a side, a person, an outlet, a kind or a year, alone. Its facets are then
        the kept pair counts (facets.paired()). None for anything else."""
        data = self.applied()
        issues, side = data.get("issue") or (), data.get("side")
        if len(issues) > 1:
            return None
        if set(data) == {"issue", "side"}:
            return Facet.SAID, facets.said(issues[0].pk, side)
        if len(data) != 1:
            return None
        name, value = next(iter(data.items()))
        return {
            "issue": lambda: (Facet.ISSUE, issues[0].pk),
            "side": lambda: (Facet.SIDE, facets.SIDE_CODES[side]),
            "kind": lambda: (Facet.KIND, facets.KIND_CODES[value]),
            "year": lambda: (Facet.YEAR, value),
            "actor": lambda: (Facet.ACTOR, value.pk),
            "outlet": lambda: (Facet.OUTLET, value.pk),
        }.get(name, lambda: None)()

    def by_people(self, rows, data):
        """`rows` (with an exchange_id) of the exchanges taking in the person and the outlet in `data`:
        the filters that profiles and facets both read through other rows."""
        for name, kept in (("actor", Facet.ACTOR), ("outlet", Facet.OUTLET)):
            if data.get(name):
                rows = rows.filter(exchange_id__in=Facet.objects.filter(dimension=kept, value=data[name].pk)
                                   .values("exchange_id"))
        return rows

    def public_exchanges(self, skip=()):
        """Rows with an `exchange_id`, one per published exchange that every valid filter except those in
        `skip` keeps: Profile rows, or KIND facet rows when an issue has no bit."""
        return self.profile_rows(skip) if self.by_profile() else self.facet_rows(Facet.KIND, skip)

    def facet_rows(self, dimension, skip=()):
        """The `dimension` facet rows of the published exchanges that every valid filter except those in
        `skip` keeps (archive/facets.py).

        The filters read at the level of the exchange: an exchange is kept when its published reports,
        taken together, are tagged with the issue, name the person, come from the outlet, and when the
        exchange's own kind and date fit. Each filter is one semi-join on the rows counted.
        """
        data = self.applied(skip)
        rows = Facet.objects.filter(dimension=dimension)

        def having(dimension, values):
            return Facet.objects.filter(dimension=dimension, value__in=values).values("exchange_id")

        if data.get("kind"):
            code = facets.KIND_CODES[data["kind"]]
            rows = rows.filter(value=code) if dimension == Facet.KIND else rows.filter(
                exchange_id__in=having(Facet.KIND, [code]))
        issues, side = data.get("issue"), data.get("side")
        if side and issues:
            rows = rows.filter(exchange_id__in=having(Facet.SAID, [facets.said(issue.pk, side) for issue in issues]))
        elif side:
            rows = rows.filter(exchange_id__in=having(Facet.SIDE, [facets.SIDE_CODES[side]]))
        elif issues:
            rows = rows.filter(exchange_id__in=having(Facet.ISSUE, [issue.pk for issue in issues]))
        if data.get("year"):
            rows = rows.filter(exchange_id__in=having(Facet.YEAR, [data["year"]]))
        if data.get("from") or data.get("to"):
            dated = Exchange.objects.filter(public=True)
            if data.get("from"):
                dated = dated.filter(event_date__gte=data["from"])
            if data.get("to"):
                dated = dated.filter(event_date__lte=data["to"])
            rows = rows.filter(exchange_id__in=dated.values("pk"))
        if data.get("q"):
            rows = rows.filter(exchange_id__in=self.search_hits().values("exchange_id"))
        return self.by_people(rows, data)

    def ordered(self, articles):
        order = self.form.cleaned_data.get("order")
        if order == OLDEST:
            return articles.order_by(F("event_date").asc(nulls_last=True), "id")
        if self.form.cleaned_data.get("q") and not order:
            return articles  # search() ranked them
        return articles.order_by(F("event_date").desc(nulls_last=True), "-id")


class PositionFilter(ExchangeFilter):
    """The timeline's filters read for statements: `issue`, `side` and `speaker` apply to the statement
    itself; every other filter keeps the statements of the exchanges it keeps on the timeline."""

    speaker = filters.ModelChoiceFilter(
        label=_("Speaker"),
        queryset=Actor.objects.all(),
        to_field_name="slug",
        empty_label=_("Anyone"),
        method="applied_together",
    )

    # The kind and the dates are the exchange's, as on the timeline: `event_date` is the exchange's date,
    # kept on each statement (archive/facets.py).
    facet_fields = {"issue": "issues", "kind": "article__exchange__kind", "year": "event_date"}
    facet_counted = Count("pk")
    STATEMENT_FILTERS = {"issue", "side", "speaker"}
    # The list and the issue counts join the statements to the search's exchanges. A search's Profile
    # rows carry no statistics on their vector, so PostgreSQL takes any search for a few hundred
    # exchanges: right for a rare word, but for a common one the issue counts went one index lookup per
    # exchange (300 ms). So a rare word is copied, whose statistics the joins then follow, and a common
    # one, too costly to copy, is joined by hash (facets.hashed()).
    copies_search = True

    class Meta:
        model = Position
        fields = []

    def single_value(self):
        """(dimension, value) of the Facet rows that stand for exactly the statements listed: those on one
        issue (by any side), by a side, or on one issue by a side, with no other filter. None otherwise."""
        data = self.applied()
        issues, side = data.get("issue") or (), data.get("side")
        if not data or set(data) - {"issue", "side"} or len(issues) > 1:
            return None
        if issues and side:
            return Facet.SAID, facets.said(issues[0].pk, side)
        return (Facet.SAID_ANY, issues[0].pk) if issues else (Facet.SIDE, facets.SIDE_CODES[side])

    def kept_exchanges(self, skip=()):
        """The ids of the exchanges that the filters other than the statement's own (and `skip`) keep, as
        a subquery; None when no such filter is in force."""
        skip = {*skip, *self.STATEMENT_FILTERS}
        return self.public_exchanges(skip).values("exchange_id") if self.applied(skip) else None

    def filtered(self, positions, skip=()):
        data = self.applied(skip)
        positions = positions.filter(public=True)
        # The dates on the statement itself (the exchange's, kept on each public statement): a range of
        # the explorer's index instead of a semi-join.
        positions = dated(positions, data)
        kept = self.kept_exchanges({*skip, *DATE_FILTERS})
        if kept is not None:
            positions = positions.filter(exchange_id__in=kept)
        if data.get("issue"):
            tagged = Position.issues.through.objects.filter(issue__in=data["issue"])
            positions = positions.filter(pk__in=tagged.values("position_id"))
        if data.get("side"):
            positions = positions.filter(side=data["side"])
        if data.get("speaker"):
            positions = positions.filter(speaker=data["speaker"])
        return positions

    def ordered(self, positions):
        date = F("event_date")
        if self.form.cleaned_data.get("order") == OLDEST:
            return positions.order_by(date.asc(nulls_last=True), "article_id", "order", "id")
        newest = (date.desc(nulls_last=True), "-article_id", "order", "id")
        if self.ranked():
            _, rank = search.matching(self.search_terms(), "article__")
            return positions.annotate(rank=rank).order_by("-rank", *newest)
        return positions.order_by(*newest)


def statement_facets(filterset):
    """The statements explorer's facet counts and the number of statements listed, from the facets'
    weights (archive/facets.py): (facets as facet_counts() gives them, total).

    A SAID row stands for its exchange's statements on an issue by a side, a SIDE row for a side's,
    a KIND or YEAR row for all of them; the filters on the exchange are one semi-join. With no filter
    left, the archive's kept counts serve. Two issues at once, or a speaker (whose statements per
    issue no row holds), are counted statement by statement instead: few rows for a speaker.
    """
    applied = filterset.applied()
    if len(applied.get("issue") or ()) > 1 or applied.get("speaker"):
        return facet_counts(filterset), None
    issues = Issue.objects.in_bulk()

    def counted(by, skip):
        """{value of the `by` dimension (or None, the total): statements} with every filter but `skip`."""
        data = filterset.applied(skip)
        if not data:  # the archive's kept counts; every statement stands in the KIND rows
            kept = {value: statements for value, (_, statements) in facets.counts(by or Facet.KIND).items()}
            return kept if by else {None: sum(kept.values())}
        sides = [data["side"]] if data.get("side") else PositionSide.values
        if by == Facet.SAID:  # the issue facet: every issue's statements by the side asked for
            dimension, values = Facet.SAID, [facets.said(issue, side) for issue in issues for side in sides]
        elif by == Facet.SAID_ANY:  # the same by any side
            dimension, values = Facet.SAID_ANY, None
        elif data.get("issue"):
            dimension, values = Facet.SAID, [facets.said(data["issue"][0].pk, side) for side in sides]
        elif data.get("side"):
            dimension, values = Facet.SIDE, [facets.SIDE_CODES[data["side"]]]
        else:  # KIND and YEAR rows both stand for every statement of the exchange
            dimension, values = (by if by in (Facet.KIND, Facet.YEAR) else Facet.KIND), None
        kept = filterset.kept_exchanges(skip)
        if kept is not None and dimension in (Facet.KIND, Facet.YEAR) and filterset.by_profile():
            # Every statement of each kept exchange: its Profile row (a search's own copy) holds how many.
            rows = filterset.public_exchanges({*skip, *PositionFilter.STATEMENT_FILTERS})
            if by is None:
                return {None: rows.aggregate(n=Sum("statements"))["n"] or 0}
            column = {Facet.KIND: "kind", Facet.YEAR: "year"}[by]
            return dict(rows.values_list(column).annotate(n=Sum("statements")).order_by())
        if kept is None and by in (dimension, None):  # no filter on the exchange: the kept counts serve
            found = {value: statements for value, (_, statements) in facets.counts(dimension, values).items()}
            return found if by else {None: sum(found.values())}
        rows = Facet.objects.filter(dimension=dimension)
        if values is not None:
            rows = rows.filter(value__in=values)
        if kept is not None:
            rows = rows.filter(exchange_id__in=kept)
        if by is None:
            return {None: rows.aggregate(n=Sum("weight"))["n"] or 0}
        if by == dimension:
            return dict(rows.values_list("value").annotate(n=Sum("weight")).order_by())
        # Grouped by another dimension of the same exchange (its kind, its year), as its Profile row says.
        column = {Facet.KIND: "kind", Facet.YEAR: "year"}[by]
        return dict(rows.values_list(f"exchange__profile__{column}").annotate(n=Sum("weight")).order_by())

    by_issue = {}
    side = filterset.applied({"issue"}).get("side")
    with facets.hashed() if filterset.large_search() else nullcontext():
        issue_rows = counted(Facet.SAID if side else Facet.SAID_ANY, {"issue"})
    for value, n in issue_rows.items():
        pk = value // 8 if side else value
        by_issue[pk] = by_issue.get(pk, 0) + n
    issue_counts = {issues[pk].slug: (in_language(issues[pk]), n) for pk, n in by_issue.items() if pk in issues and n}
    exchange_filters = set(applied) - {"kind", "year", *PositionFilter.STATEMENT_FILTERS}
    single = filterset.single_value()
    if single:
        # The statements of one issue, side, or both, with no other filter: the kept counts of their
        # Facet rows paired with the kinds and the years (40-100 ms of joins to the Profile rows before).
        pairs = facets.paired(*single, [Facet.KIND, Facet.YEAR])
        kinds = {code: statements for code, (_, statements) in pairs[Facet.KIND].items()}
        years = {year: statements for year, (_, statements) in pairs[Facet.YEAR].items()}
        total = counted(None, ())[None]
    elif exchange_filters and not applied.get("side") and not applied.get("issue") and filterset.by_profile():
        # Every statement of each kept exchange, which its Profile row counts: the kinds, the years and
        # the total in one pass, as profile_counts() does for exchanges (three passes over a common
        # word's rows cost 50 ms). With an issue or a side the weights are the Facet rows', which one
        # pass would have to join to the exchanges' Profile rows: measured no faster than two.
        kinds, years, total = _statements_by_kind_and_year(filterset)
    else:
        kinds, years = counted(Facet.KIND, {"kind"}), counted(Facet.YEAR, {"year"})
        total = counted(None, ())[None]
    kinds = {facets.KINDS[code]: n for code, n in kinds.items() if n}
    years = {year: n for year, n in years.items() if n}
    return _facet_lists(filterset.cleaned(), issue_counts, kinds, years), total


def _statements_by_kind_and_year(filterset):
    """({kind code: statements}, {year: statements}, total) of the kept exchanges' statements, each facet
    with every filter but its own, from one pass over their Profile rows grouped by kind and year."""
    data = filterset.applied()
    kind = facets.KIND_CODES[data["kind"]] if data.get("kind") else None
    rows = filterset.public_exchanges({"kind", "year", *PositionFilter.STATEMENT_FILTERS})
    groups = rows.values("kind", "year").annotate(n=Sum("statements")).order_by()
    kinds, years, both = _by_kind_and_year(groups, kind, data.get("year"), "n")
    return kinds, years, sum(group["n"] for group in both)


def dated(rows, data):
    """`rows` (with an `event_date`: an exchange's, or the one kept on each public statement) within the
    year and the span of dates in `data`."""
    if data.get("year"):
        rows = rows.filter(event_date__year=data["year"])
    if data.get("from"):
        rows = rows.filter(event_date__gte=data["from"])
    if data.get("to"):
        rows = rows.filter(event_date__lte=data["to"])
    return rows


def exchanges_of(filterset):
    """The published exchanges the filters keep, each once, in the order the filters ask."""
    cleaned = filterset.cleaned()
    # `public` and the dates on the exchange itself: the order is then read from the partial index of
    # public exchanges, and a year or a span of dates is a range of it. The other filters, through the
    # facet rows.
    exchanges = Exchange.objects.filter(public=True)
    dates = DATE_FILTERS
    exchanges = dated(exchanges, cleaned)
    if filterset.applied(skip=dates):
        exchanges = exchanges.filter(pk__in=filterset.public_exchanges(skip=dates).values("exchange_id"))
    if cleaned.get("order") == OLDEST:
        return exchanges.order_by(F("event_date").asc(nulls_last=True), "id")
    if filterset.ranked():
        # Best match first: an exchange ranks as its best-matching published report.
        condition, rank = filterset.search_match()
        best = (Article.objects.published().filter(condition, exchange=OuterRef("pk")).annotate(rank=rank)
                .order_by("-rank").values("rank")[:1])
        return exchanges.annotate(rank=Subquery(best)).order_by(
            F("rank").desc(nulls_last=True), F("event_date").desc(nulls_last=True), "-id")
    return exchanges.order_by(F("event_date").desc(nulls_last=True), "-id")


def exchange_keys(filterset):
    """exchanges_of() for a page of the timeline: a queryset whose primary keys are the listed exchanges'
    ids, in the same order. A search too common to rank is ordered within its own Profile rows
    (search_hits()), where the exchange's date is, instead of walking the timeline's index until
    enough of its entries happen to be among tens of thousands of hits."""
    cleaned = filterset.cleaned()
    if not cleaned.get("q") or filterset.ranked() or not filterset.by_profile():
        return exchanges_of(filterset)
    date = F("event_date").asc(nulls_last=True) if cleaned.get("order") == OLDEST else F("event_date").desc(
        nulls_last=True)
    return filterset.profile_rows().order_by(date, "exchange_id" if cleaned.get("order") == OLDEST else "-exchange_id")


def exchange_facets(filterset):
    """The timeline's facet counts, in exchanges, and the number of exchanges listed: (facets as
    facet_counts() gives them, total).

    With no filter in force, the archive's kept counts; otherwise one query over the Profile rows (one
    narrow row per exchange, its issues as bits: profile_counts()), or one per facet over the Facet rows
    when an issue has no bit.
    """
    cleaned = filterset.cleaned()
    issues = filterset.issues()
    dimensions = {"kind": Facet.KIND, "year": Facet.YEAR, "issue": Facet.ISSUE}
    # A facet with no filter but its own is the archive's kept counts.
    found = {name: {value: exchanges for value, (exchanges, _) in facets.counts(dimension).items()}
             for name, dimension in dimensions.items() if not filterset.applied(skip={name})}
    counted = [name for name in dimensions if name not in found]
    single = filterset.single_value() if counted else None
    if single:
        found.update(paired_counts(filterset, single, counted))
        counted = []
    if counted and filterset.by_profile():
        found.update(profile_counts(filterset, counted))
    side = filterset.applied().get("side")
    for name in counted if not filterset.by_profile() else ():
        if name == "issue" and side:  # the side's SAID rows, as profile_counts() reads its bits
            rows = filterset.facet_rows(Facet.SAID, skip={name}).filter(
                value__in=[facets.said(pk, side) for pk in issues])
            found[name] = {value // 8: n for value, n in rows.values_list("value").annotate(n=Count("pk")).order_by()}
            continue
        rows = filterset.facet_rows(dimensions[name], skip={name})
        found[name] = dict(rows.values_list("value").annotate(n=Count("pk")).order_by())
    kinds, years, by_issue = found["kind"], found["year"], found["issue"]
    kinds = {facets.KINDS[code]: n for code, n in kinds.items() if n}
    total = kinds.get(cleaned["kind"], 0) if cleaned.get("kind") else sum(kinds.values())
    issue_counts = {issues[pk].slug: (in_language(issues[pk]), n) for pk, n in by_issue.items() if pk in issues and n}
    return _facet_lists(cleaned, issue_counts, kinds, {year: n for year, n in years.items() if n}), total


def paired_counts(filterset, single, counted):
    """{facet: {value: exchanges}} of the facets named in `counted`, for a timeline whose filters come
    down to one Facet value `single` (single_value()): the archive's kept counts of that value paired
    with each facet's (facets.paired()). The issue facet beside a side (and an issue) is the kept
    counts of that side's SAID rows."""
    dimension, value = single
    others = {"kind": Facet.KIND, "year": Facet.YEAR, "issue": Facet.ISSUE}
    side_said = dimension in (Facet.SIDE, Facet.SAID) and "issue" in counted
    asked = [others[name] for name in counted if not (name == "issue" and side_said)]
    pairs = facets.paired(dimension, value, asked)
    found = {name: {v: n for v, (n, _) in pairs[others[name]].items()} for name in counted if others[name] in asked}
    if side_said:
        code = value if dimension == Facet.SIDE else value % 8
        said = facets.counts(Facet.SAID, [facets.said(pk, PositionSide.values[code]) for pk in filterset.issues()])
        found["issue"] = {said_value // 8: n for said_value, (n, _) in said.items()}
    return found


def profile_counts(filterset, counted):
    """{facet: {value: exchanges}} of the facets named in `counted` ("kind", "year", "issue"), each with
    every filter but its own, in one pass over the Profile rows.

    The rows are those every filter but the counted facets' keeps, grouped by kind and year (a few
    hundred groups). In each group one count keeps the issue filter, and one count per issue counts the
    rows with its bit. A kind's count is then the sum of its groups within the year asked for, a year's
    the sum of its groups of the kind asked for, an issue's the sum of the groups of both. Three queries
    read the same rows three times: 60-80 ms at 100,000 exchanges, against 25-35 ms.
    """
    data = filterset.applied()
    bits = filterset.issue_bits()
    issues, side = data.get("issue") if "issue" in counted else None, data.get("side")
    rows = filterset.profile_rows(skip=set(counted))
    if "issue" in counted:
        # Beside a side, an issue counts the exchanges where that side stated a position on it: what
        # choosing the issue then lists (by_issue_and_side()).
        tagged = PROFILE_SAID[side] if side else "issues"
        rows = rows.alias(**{f"issue_{pk}": F(tagged).bitand(1 << bit) for pk, bit in bits.items()})
    if issues:
        mask = sum(1 << bits[issue.pk] for issue in issues)
        rows = rows.alias(hit=F(PROFILE_SAID[side] if side else "issues").bitand(mask))
        kept = Count("pk", filter=~Q(hit=0))
    else:
        kept = Count("pk")
    kind = facets.KIND_CODES[data["kind"]] if data.get("kind") and "kind" in counted else None
    year = data.get("year") if "year" in counted else None
    # A row counts in a facet only when it passes every filter but that facet's own: a row that fails
    # two of the counted facets' filters counts nowhere, and is left out before it is grouped (the
    # issue counts per row are the cost: 57 ms against 20 for four filters at once).
    misses = [Case(When(condition, then=0), default=1) for condition in (
        Q(kind=kind) if kind is not None else None, Q(year=year) if year else None, ~Q(hit=0) if issues else None,
    ) if condition is not None]
    if len(misses) > 1:
        rows = rows.alias(misses=sum(misses[1:], misses[0])).filter(misses__lte=1)
    per_issue = {f"n{pk}": Count("pk", filter=~Q(**{f"issue_{pk}": 0})) for pk in bits} if "issue" in counted else {}
    groups = list(rows.values("kind", "year").annotate(kept=kept, **per_issue).order_by())
    kinds, years, both = _by_kind_and_year(groups, kind, year, "kept")
    found = {name: sums for name, sums in (("kind", kinds), ("year", years)) if name in counted}
    if "issue" in counted:
        found["issue"] = {pk: sum(group[f"n{pk}"] for group in both) for pk in bits}
    return found


def _by_kind_and_year(groups, kind, year, n):
    """Rows grouped by kind and year (dicts with "kind", "year" and the count `n`), summed for the facets:
    ({kind: n} within the year asked for, {year: n} within the kind asked for, the groups within both).
    `kind` or `year` None: any."""
    kinds, years, both = {}, {}, []
    for group in groups:
        kind_kept = kind is None or group["kind"] == kind
        year_kept = year is None or group["year"] == year
        if year_kept:
            kinds[group["kind"]] = kinds.get(group["kind"], 0) + group[n]
        if kind_kept and group["year"] is not None:
            years[group["year"]] = years.get(group["year"], 0) + group[n]
        if kind_kept and year_kept:
            both.append(group)
    return kinds, years, both


def facet_counts(filterset):
    """The counts beside the issue, kind and year choices: how many rows each choice gives with the other
    filters kept. One query per facet, whatever the number of rows.

    Returns {"issue": [...], "kind": [...], "year": [...]}, each a list of dicts with value, label,
    count and selected. A selected choice is always listed, with 0 if nothing matches.
    """
    fields = filterset.facet_fields
    cleaned = getattr(filterset.form, "cleaned_data", {})

    def grouped(name, *values, **expressions):
        rows = filterset.filtered(filterset.queryset.all(), skip={name}).order_by()
        return rows.values(*values, **expressions).annotate(n=filterset.facet_counted).order_by("-n")

    english = (get_language() or "").startswith("en")
    issue_path = fields["issue"]
    issues = {
        row[f"{issue_path}__slug"]: (row[f"{issue_path}__name_en"] if english else row[f"{issue_path}__name_vi"], row["n"])
        for row in grouped("issue", f"{issue_path}__slug", f"{issue_path}__name_en", f"{issue_path}__name_vi")
        if row[f"{issue_path}__slug"]
    }
    kinds = {row[fields["kind"]]: row["n"] for row in grouped("kind", fields["kind"])}
    years = {row["facet_year"]: row["n"] for row in grouped("year", facet_year=ExtractYear(fields["year"]))}
    return _facet_lists(cleaned, issues, kinds, years)


def _facet_lists(cleaned, issues, kinds, years):
    """The facets as the filter form lists them, from {slug: (label, count)}, {kind: count} and {year: count}."""
    selected_issues = {issue.slug: issue for issue in cleaned.get("issue") or []}
    issue = [
        {"value": slug, "label": label, "count": n, "selected": slug in selected_issues}
        for slug, (label, n) in sorted(issues.items(), key=lambda item: (-item[1][1], item[0]))
    ]
    issue += [
        {"value": slug, "label": in_language(selected), "count": 0, "selected": True}
        for slug, selected in selected_issues.items()
        if slug not in issues
    ]
    kind = [
        {"value": value, "label": label, "count": kinds.get(value, 0), "selected": cleaned.get("kind") == value}
        for value, label in Kind.choices
        if kinds.get(value) or cleaned.get("kind") == value
    ]
    years = {year: n for year, n in years.items() if year is not None}
    if cleaned.get("year"):
        years.setdefault(cleaned["year"], 0)
    year = [
        {"value": str(value), "label": str(value), "count": years[value], "selected": cleaned.get("year") == value}
        for value in sorted(years, reverse=True)
    ]
    return {"issue": issue, "kind": kind, "year": year}


def active_filters(filterset):
    """The filters in the URL, each with a query string that removes it (one value of a repeatable filter).

    Values the form rejected are listed too, so that a reader can remove them.
    """
    data = filterset.data
    cleaned = getattr(filterset.form, "cleaned_data", {})
    shown = {}
    for issue in cleaned.get("issue") or []:
        shown[("issue", issue.slug)] = in_language(issue)
    for name in ("actor", "speaker", "outlet"):
        if cleaned.get(name):
            shown[(name, data.get(name))] = in_language(cleaned[name])
    for name in ("side", "kind", "order"):
        if cleaned.get(name):
            shown[(name, data.get(name))] = dict(filterset.form.fields[name].choices)[cleaned[name]]

    active = []
    for name, filter_ in filterset.filters.items():
        values = [value for value in data.getlist(name) if value.strip()]
        for value in values:
            remaining = data.copy()
            remaining.setlist(name, [other for other in data.getlist(name) if other != value])
            for dropped in ("page", "format"):
                remaining.pop(dropped, None)
            active.append({
                "name": name,
                "label": filter_.label,
                "value": shown.get((name, value), value),
                "invalid": name in filterset.form.errors,
                "remove": f"?{remaining.urlencode()}",
            })
    return active
