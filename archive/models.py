"""The archive's data: articles and the exchanges they report, who took part, what each side said."""
import hashlib
import uuid

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import identifiers, search, vietnamese
from .links import slug_url


def _choice_check(field, choices, name):
    """A CheckConstraint that keeps `field` inside a TextChoices: choices alone constrain nothing."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def lines(text):
    """The non-empty lines of an editor-maintained list field (cues, aliases)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _date_matches_certainty(name):
    """A date without a certainty, or a certainty without a date, would mislead readers."""
    return models.CheckConstraint(
        condition=Q(event_date__isnull=True, date_certainty="unknown")
        | Q(event_date__isnull=False) & ~Q(date_certainty="unknown"),
        name=name,
    )


class Side(models.TextChoices):
    CN = "CN", _("China")
    US = "US", _("United States")
    OTHER = "OTHER", _("Other")


class PositionSide(models.TextChoices):
    CN = "CN", _("China")
    US = "US", _("United States")
    JOINT = "JOINT", _("Both sides")


class Kind(models.TextChoices):
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    SUMMIT = "summit", _("Summit")
    STATEMENT = "statement", _("Statement")
    OTHER = "other", _("Other")

    @classmethod
    def label_of(cls, value):
        """The label of a stored kind, as get_kind_display() gives it: that hashes every choice on each
        call (40 µs), a cost a list page pays once per row."""
        member = cls._value2member_map_.get(value)
        return member.label if member is not None else value


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", _("Published")


class Certainty(models.TextChoices):
    EXACT = "exact", _("Exact")
    INFERRED = "inferred", _("Year inferred")
    UNKNOWN = "unknown", _("Unknown")


class Origin(models.TextChoices):
    EXTRACTED = "extracted", _("Extracted")
    EDITED = "edited", _("Edited by an editor")
    ADDED = "added", _("Added by an editor")


class Doubt(models.TextChoices):
    SIDE = "side", _("Side uncertain")
    SPEAKER = "speaker", _("Speaker not identified")


class Outlet(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    url = models.URLField(_("website"), blank=True)
    domain = models.CharField(_("domain"), max_length=200, blank=True, help_text=_('The site\'s domain, e.g. "vov.vn".'))
    marks = models.TextField(
        _("marks"), blank=True,
        help_text=_('One per line: every way the outlet signs its articles, e.g. "VOV.VN", "Đài Tiếng nói Việt Nam".'),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self):
        return self.name

    @property
    def mark_list(self):
        return lines(self.marks)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = vietnamese.slugify(self.name, 120)
        super().save(*args, **kwargs)


class Issue(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_en = models.CharField(_("English name"), max_length=120)
    name_vi = models.CharField(_("Vietnamese name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    cues = models.TextField(
        _("cue phrases"), blank=True, help_text=_("One phrase per line; a phrase in an article's body tags it.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return slug_url("archive:issue", self.slug)

    @property
    def cue_list(self):
        return lines(self.cues)


class Office(models.Model):
    """A post whose holders change over time ("Ngoại trưởng Mỹ"); its cues name whoever holds it."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    side = models.CharField(_("side"), max_length=5, choices=Side.choices)
    name = models.CharField(_("Vietnamese title"), max_length=200)
    name_en = models.CharField(_("English title"), max_length=200)
    cues = models.TextField(_("cue phrases"), blank=True, help_text=_("One phrase per line."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["side", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [_choice_check("side", Side, "office_side_valid")]

    def __str__(self):
        return self.name

    @property
    def cue_list(self):
        return lines(self.cues)


class Actor(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    side = models.CharField(_("side"), max_length=5, choices=Side.choices)
    aliases = models.TextField(
        _("other names"), blank=True, help_text=_("Other spellings and names, one per line.")
    )
    wikidata = models.CharField(
        _("Wikidata identifier"), max_length=20, blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", _("A Wikidata item identifier: Q followed by digits."))],
        help_text=_("The person's Wikidata item, e.g. Q15031: the exports carry it, so that researchers can join "
                    "the archive with other data."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [_choice_check("side", Side, "actor_side_valid")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("archive:actor", self.slug)

    @property
    def alias_list(self):
        return lines(self.aliases)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = vietnamese.slugify(self.name, 120)
        super().save(*args, **kwargs)


class Role(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="roles", verbose_name=_("actor"))
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="roles", verbose_name=_("office")
    )
    title = models.CharField(_("Vietnamese title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty while in office."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["actor", "start"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="role_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.start or '?'} – {self.end or ''})"

    def save(self, *args, **kwargs):
        if self.office_id and not self.title:
            self.title, self.title_en = self.office.name, self.office.name_en
        super().save(*args, **kwargs)


class ExchangeQuerySet(models.QuerySet):
    def published(self):
        """Exchanges with at least one report the public may see."""
        return self.filter(pk__in=Article.objects.published().values("exchange_id"))


class Exchange(models.Model):
    """One call, meeting, summit or statement, whatever the number of articles that report it.

    Its date and kind are its reports' (archive/exchanges.refresh()), except the fields an editor set by
    hand, remembered in `edited_fields`; its participants are those its reports name, by side, so that
    an editor corrects them in one place, the report.
    """

    EDITABLE_FIELDS = ("event_date", "date_certainty", "kind", "venue")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    # Its stable public identifier (archive/identifiers.py): cited, exported, never changed.
    public_id = models.CharField(_("identifier"), max_length=16, unique=True, editable=False,
                                 default=identifiers.new_exchange_id)
    event_date = models.DateField(_("date of the exchange"), null=True, blank=True)
    date_certainty = models.CharField(
        _("date certainty"), max_length=10, choices=Certainty.choices, default=Certainty.UNKNOWN
    )
    date_evidence = models.JSONField(_("evidence for the date"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    edited_fields = models.JSONField(_("fields changed by an editor"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Whether it has a published report, as archive/facets.py last derived it: the timeline's order is
    # read from a partial index of the public exchanges. published() below stays the definition.
    public = models.BooleanField(default=False, editable=False)

    objects = ExchangeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["public"])

    class Meta:
        ordering = ["-event_date", "-id"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        constraints = [
            _choice_check("kind", Kind, "exchange_kind_valid"),
            _choice_check("date_certainty", Certainty, "exchange_certainty_valid"),
            _date_matches_certainty("exchange_date_matches_certainty"),
        ]
        indexes = [models.Index(fields=["event_date"], name="exchange_date_idx")]
        # The timeline's order (filters.exchanges_of), newest first with undated exchanges last, is read
        # from the partial index "exchange_timeline_idx" of the public exchanges that migration 0012
        # creates on PostgreSQL only (SQLite has no NULLS LAST in an index): a page, however deep, is
        # read from the index instead of sorting every exchange.

    def __str__(self):
        return f"{self.event_date or '?'} · {self.get_kind_display()} · {self.slug}"

    def get_absolute_url(self):
        return slug_url("archive:exchange", self.slug)

    @property
    def kind_label(self):
        return Kind.label_of(self.kind)

    # What a page shows of an exchange, from its published reports (lists.exchange_cards() prefetches
    # them as `public_reports`, oldest first, each with its outlet, participants and issues).
    @property
    def reports_shown(self):
        reports = getattr(self, "public_reports", None)
        if reports is None:
            reports = list(self.reports.filter(status=Status.PUBLISHED).select_related("outlet").order_by("pk"))
            self.public_reports = reports
        return reports

    @property
    def first_report(self):
        return self.reports_shown[0] if self.reports_shown else None

    @property
    def title(self):
        return self.first_report.title if self.first_report else self.slug

    @property
    def participations(self):
        """Everyone its reports name, once, in the order the first report that names them gives."""
        seen, people = set(), []
        for report in self.reports_shown:
            for participation in report.participations.all():
                if participation.actor_id not in seen:
                    seen.add(participation.actor_id)
                    people.append(participation)
        return people

    @property
    def people_by_side(self):
        """[(side, its label, its participations)] of the sides with someone taking part, in Side's order."""
        by_side = {}
        for participation in self.participations:
            by_side.setdefault(participation.side, []).append(participation)
        return [(side, label, by_side[side]) for side, label in Side.choices if side in by_side]

    @property
    def issue_tags(self):
        seen, tags = set(), []
        for report in self.reports_shown:
            for issue in report.issues.all():
                if issue.pk not in seen:
                    seen.add(issue.pk)
                    tags.append(issue)
        return sorted(tags, key=lambda issue: issue.slug)

    @property
    def outlets(self):
        return list(dict.fromkeys(r.outlet.name for r in self.reports_shown if r.outlet))

    @classmethod
    def for_report(cls, article, slug=None):
        """A new (unsaved) exchange that `article` is the only report of, with the article's date and kind."""
        return cls(slug=slug or article.slug, event_date=article.event_date, date_certainty=article.date_certainty,
                   date_evidence=article.date_evidence or [], kind=article.kind)

    @classmethod
    def unique_slug(cls, base):
        base = (base or "trao-doi")[:180]
        slug, n = base, 2
        while cls.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class KnownExchange(models.Model):
    """An entry of the chronology: a high-level exchange known from public records, for dating reports."""

    event_date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    cn = models.ManyToManyField(Actor, related_name="known_cn", blank=True, verbose_name=_("Chinese side"))
    us = models.ManyToManyField(Actor, related_name="known_us", blank=True, verbose_name=_("American side"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_vi = models.CharField(_("venue (Vietnamese)"), max_length=200, blank=True)
    label = models.CharField(_("label"), max_length=200)
    source = models.CharField(_("source"), max_length=500, blank=True)

    history = HistoricalRecords(m2m_fields=[cn, us])

    class Meta:
        ordering = ["event_date", "id"]
        verbose_name = _("known exchange (chronology)")
        verbose_name_plural = _("chronology")
        constraints = [
            _choice_check("kind", Kind, "known_exchange_kind_valid"),
            models.UniqueConstraint(fields=["event_date", "label"], name="known_exchange_once"),
        ]

    def __str__(self):
        return f"{self.event_date} {self.label}"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what the public may see."""
        return self.filter(status=Status.PUBLISHED)

    def search(self, query):
        """Articles containing every word and "quoted phrase" of `query`, diacritics ignored.

        Annotated with `rank` (relevance on PostgreSQL, 0 on SQLite) and ordered by it, then newest
        first. How both databases match is explained in archive/search.py.
        """
        condition, rank = search.match(query)
        return self.filter(condition).annotate(rank=rank).order_by("-rank", F("event_date").desc(nulls_last=True), "-id")


def update_fields_touch_exchange(update_fields):
    """Whether a save with these update_fields may change what the article's exchange takes from it."""
    return update_fields is None or bool({"event_date", "date_certainty", "date_evidence", "kind"} & set(update_fields))


def sha256_of(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Article(models.Model):
    # Fields the extractor fills; an editor's hand change to any of them is remembered in
    # `edited_fields` so that re-running extraction leaves it alone.
    EXTRACTED_FIELDS = (
        "title", "outlet", "lead", "body", "captions", "event_date", "date_certainty",
        "date_reason", "kind", "issues", "participants", "positions", "related",
    )

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="articles", verbose_name=_("outlet")
    )
    source_url = models.URLField(_("source URL"), max_length=1000, blank=True)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True)
    captions = models.JSONField(
        _("photo captions"), default=list, blank=True, help_text=_('A list of {"text": …, "credit": …}.')
    )
    raw_text = models.TextField(_("raw text as imported"))
    raw_sha256 = models.CharField(_("SHA-256 of the raw text"), max_length=64, unique=True, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    event_date = models.DateField(_("date of the exchange"), null=True, blank=True)
    date_certainty = models.CharField(
        _("date certainty"), max_length=10, choices=Certainty.choices, default=Certainty.UNKNOWN
    )
    date_reason = models.CharField(_("how the date was found"), max_length=500, blank=True)
    date_evidence = models.JSONField(
        _("evidence for the date"), default=list, blank=True,
        help_text=_('What the extractor found, e.g. [{"code": "published", "date": "2019-04-12"}]; shown in each language.'),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    issues = models.ManyToManyField(Issue, blank=True, related_name="articles", verbose_name=_("issues"))
    edited_fields = models.JSONField(_("fields changed by an editor"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Derived by refresh_search() from text folded in Python (archive/search.py): `search_text` on
    # every database (SQLite matches words in it), `search_vector` on PostgreSQL only (NULL on SQLite).
    search_text = models.TextField(_("folded text for search"), blank=True, default="", editable=False)
    # The title folded for matching related-news items to archived articles, by index.
    title_key = models.CharField(max_length=500, blank=True, default="", editable=False, db_index=True)
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    # The exchange this article reports, and how it was joined to it (archive/matching.py).
    exchange = models.ForeignKey(
        Exchange, on_delete=models.PROTECT, null=True, blank=True, related_name="reports", verbose_name=_("exchange")
    )
    match_score = models.FloatField(_("match score"), null=True, blank=True, editable=False)
    match_reasons = models.JSONField(_("why it joined its exchange"), default=list, blank=True, editable=False)
    # A doubtful match is not made: the report keeps its own exchange and the likely one waits for an editor.
    match_candidate = models.ForeignKey(
        Exchange, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidate_reports",
        verbose_name=_("possibly the same exchange as"), editable=False,
    )

    # What the extractor made of the raw text when it last ran, kept beside the editors' values
    # (archive/review.py compares the two): {"event_date", "certainty", "kind", "outlet", "participants",
    # "issues", "positions"}, and the extractor's version that made it.
    extracted = models.JSONField(_("as extracted"), default=dict, blank=True, editable=False)
    extractor_version = models.CharField(_("extractor version"), max_length=40, blank=True, editable=False,
                                         db_index=True)
    import_batch = models.CharField(_("import batch"), max_length=40, blank=True, editable=False, db_index=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    # The editor's username: kept as text so that the archive file carries it whatever the user table.
    reviewed_by = models.CharField(_("reviewed by"), max_length=150, blank=True, editable=False)

    # Bumped by every save: an editor's form carries the number it was opened with, and a save from
    # a form opened before someone else's save is refused (ArticleForm.clean) instead of overwriting it.
    version = models.PositiveIntegerField(_("version"), default=0)

    objects = ArticleQuerySet.as_manager()
    # Who changed what and when, each earlier state restorable from the admin. Derived columns are
    # left out: save() recomputes them.
    history = HistoricalRecords(
        excluded_fields=["search_text", "search_vector", "title_key", "version", "extracted"], m2m_fields=[issues]
    )

    class Meta:
        ordering = ["-event_date", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            _choice_check("kind", Kind, "article_kind_valid"),
            _choice_check("status", Status, "article_status_valid"),
            _choice_check("date_certainty", Certainty, "article_certainty_valid"),
            _date_matches_certainty("article_date_matches_certainty"),
        ]
        indexes = [
            # The public timeline: published articles, newest exchange first.
            models.Index(fields=["status", "-event_date"], name="article_status_date_idx"),
            # The feeds: the newest published articles in the archive (feeds.LatestExchanges).
            models.Index(fields=["status", "-created_at", "-id"], name="article_status_created_idx"),
            # ArticleQuerySet.search() on PostgreSQL, `search_vector @@ query`, uses the GIN index
            # "article_search_gin" that migration 0002 creates on PostgreSQL only. It is not declared
            # here because SQLite rebuilds a table with every index in Meta and has no GIN.
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("archive:article", self.slug)

    @property
    def kind_label(self):
        return Kind.label_of(self.kind)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_raw_sha256 = instance.__dict__.get("raw_sha256")
        # Whether it was public before a change decides whether the change empties the page cache.
        instance._loaded_status = instance.__dict__.get("status")
        instance._loaded_exchange_id = instance.__dict__.get("exchange_id")
        return instance

    def clean(self):
        loaded = getattr(self, "_loaded_raw_sha256", None)
        if loaded and self.raw_text and sha256_of(self.raw_text) != loaded:
            raise ValidationError({"raw_text": _("The raw text is kept exactly as imported and cannot change.")})

    def save(self, *args, **kwargs):
        digest = sha256_of(self.raw_text)
        loaded = getattr(self, "_loaded_raw_sha256", None)
        if loaded and digest != loaded:
            raise ValidationError(_("The raw text is kept exactly as imported and cannot change."))
        if not self.slug:
            self.slug = self.unique_slug(self.title)
        self.derive()
        if self.pk is not None:
            # From the stored row, not from this instance: an earlier version restored from history
            # carries its old number, and must still count as newer than every form already open.
            stored = type(self).objects.filter(pk=self.pk).values_list("version", flat=True).first()
            self.version = (stored if stored is not None else self.version or 0) + 1
        else:
            self.version = (self.version or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "title_key", "version"}
        if self.exchange_id is None:
            # An article saved on its own (the admin, a test) reports an exchange of its own until matched.
            self.exchange = Exchange.for_report(self, slug=Exchange.unique_slug(self.slug))
            self.exchange.save()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"].add("exchange")
        super().save(*args, **kwargs)
        if update_fields_touch_exchange(kwargs.get("update_fields")):
            from .exchanges import refresh

            refresh([self.exchange_id])
        self._loaded_raw_sha256 = digest
        self._loaded_status, self._loaded_exchange_id = self.status, self.exchange_id
        update_fields = kwargs.get("update_fields")
        if getattr(self, "search_pending", False):
            self.search_pending = False  # the caller refreshes it once its statements are written
        elif update_fields is None or {"title", "lead", "body"} & set(update_fields):
            self.refresh_search()

    def refresh_search(self, statements=None):
        """Recompute `search_text` and, on PostgreSQL, `search_vector` from the title, lead, statements and body.

        save() calls it, so an edited title, lead or body is searchable at once. Statements are saved
        after their article: whoever adds, changes or deletes positions calls refresh_search() once
        afterwards (the importer after each article, the admin after its inlines).
        Reads self.positions (one query, unless the caller passes the statements' texts in order)
        and writes both columns (one UPDATE).
        """
        if statements is None:
            statements = self.positions.order_by("order", "id").values_list("text", flat=True)
        columns = self.set_search(statements)
        type(self).objects.filter(pk=self.pk).update(**columns)
        if self.status == Status.PUBLISHED and self.exchange_id:
            from . import facets  # facets imports this module

            facets.mark([self.exchange_id])  # the exchange's search vector joins this one

    def set_search(self, statements):
        """Fill the search columns on this instance from its text and `statements`; return them by name.

        The vector is returned as an expression for PostgreSQL to compute in an UPDATE; `search_parts`
        keeps the weighted texts it is made of, for archive.bulk.insert_articles().
        """
        weighted = self.search_parts = search.document(self.title, self.lead, statements, self.body)
        self.search_text = "\n".join(weighted)
        columns = {"search_text": self.search_text}
        if search.is_postgresql():
            columns["search_vector"] = search.vector(weighted)
        return columns

    def derive(self):
        """Set the columns computed from others: save() calls it, and so must a bulk insert, which skips save()."""
        self.raw_sha256 = sha256_of(self.raw_text)
        self.title_key = vietnamese.title_key(self.title)

    @classmethod
    def unique_slug(cls, title):
        return cls.unique_slugs([title])[0]

    @classmethod
    def unique_slugs(cls, titles):
        """A slug for each title, unused in the archive and among themselves (one query when none is taken)."""
        bases = [vietnamese.slugify(title, 180) or "bai-viet" for title in titles]
        taken = set(cls.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
        slugs = []
        for base in bases:
            if base in taken:
                # Headlines such as "Điện đàm Tập Cận Bình – Donald Trump" recur many times in a large
                # archive: start after the suffixes already used instead of trying them one by one.
                n = cls.objects.filter(slug__startswith=f"{base}-").count() + 2
                while f"{base}-{n}" in taken or cls.objects.filter(slug=f"{base}-{n}").exists():
                    n += 1
                base = f"{base}-{n}"
            taken.add(base)
            slugs.append(base)
        return slugs

    def mark_edited(self, fields):
        changed = [f for f in fields if f in self.EXTRACTED_FIELDS and f not in self.edited_fields]
        self.edited_fields = [*self.edited_fields, *changed]
        return changed


class Capture(models.Model):
    """A page as it was fetched for an article: the WARC file of the request and the response, so that the
    archive can always show and re-extract exactly what it read."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="capture")
    url = models.URLField(_("link as given"), max_length=2000)
    final_url = models.URLField(_("address after redirects"), max_length=2000)
    redirects = models.JSONField(_("redirects followed"), default=list, blank=True)
    fetched_at = models.DateTimeField(_("fetched at"))
    # Base64 of the gzipped WARC file: the archive's JSON Lines file carries text.
    warc = models.TextField(_("WARC file (base64)"))
    warc_sha256 = models.CharField(_("SHA-256 of the WARC file"), max_length=64)

    # Who imported it and when; the file itself is not copied into every version.
    history = HistoricalRecords(excluded_fields=["warc"])

    class Meta:
        verbose_name = _("capture")
        verbose_name_plural = _("captures")

    def __str__(self):
        return self.final_url

    @property
    def warc_bytes(self):
        import base64

        return base64.b64decode(self.warc)


class Feed(models.Model):
    """An outlet's RSS or Atom feed, polled by `manage.py poll_feeds`; its validators keep the polling polite."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, null=True, blank=True, related_name="feeds",
                               verbose_name=_("outlet"))
    url = models.URLField(_("feed URL"), max_length=1000, unique=True)
    active = models.BooleanField(_("polled"), default=True)
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=500, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["etag", "last_modified", "polled_at", "last_error"])

    class Meta:
        ordering = ["url"]
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")

    def __str__(self):
        return self.url


class FeedItem(models.Model):
    """One item of a feed as polling met it: imported, skipped (and why), or failed (tried again next time)."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        PRESENT = "present", _("Already in the archive")
        SKIPPED = "skipped", _("Skipped")
        FAILED = "failed", _("Failed")

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    link = models.URLField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=500, blank=True)
    article = models.ForeignKey(Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="feed_items")
    seen_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")
        constraints = [models.UniqueConstraint(fields=["feed", "link"], name="feed_item_once")]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.link}"


class Participation(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="participations")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="participations", verbose_name=_("actor"))
    side = models.CharField(_("side"), max_length=5, choices=Side.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "order", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["article", "actor"], name="participation_once_per_article"),
            _choice_check("side", Side, "participation_side_valid"),
        ]

    def __str__(self):
        return f"{self.actor} ({self.side})"


class Position(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="positions")
    # Its stable public identifier, worked out from its article's text, side and words when it is first
    # written (archive/identifiers.py), so that re-extraction writes the same one again.
    public_id = models.CharField(_("identifier"), max_length=16, unique=True, editable=False)
    side = models.CharField(_("side"), max_length=5, choices=PositionSide.choices)
    speaker = models.ForeignKey(
        Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="positions", verbose_name=_("speaker")
    )
    body = models.CharField(
        _("speaking body"), max_length=300, blank=True, help_text=_('As written, e.g. "Bộ Ngoại giao Trung Quốc".')
    )
    text = models.TextField(_("statement (verbatim)"))
    issues = models.ManyToManyField(Issue, blank=True, related_name="positions", verbose_name=_("issues"))
    order = models.PositiveIntegerField(_("order in the article"), default=0)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.EXTRACTED)
    span_start = models.PositiveIntegerField(_("starts at"), null=True, blank=True,
                                             help_text=_("Offset of the statement in the raw text."))
    span_end = models.PositiveIntegerField(_("ends at"), null=True, blank=True)
    doubt = models.CharField(_("needs review"), max_length=10, choices=Doubt.choices, blank=True)
    # Derived by archive/facets.py from its article and that article's exchange: whether the public may
    # see it, and the exchange's date, so that the statements explorer filters and orders them from
    # an index of this table alone instead of joining every statement to its article.
    public = models.BooleanField(default=False, editable=False)
    event_date = models.DateField(null=True, blank=True, editable=False)
    # Its article's exchange, likewise, so that the explorer keeps the statements of the exchanges a
    # filter or a search keeps without joining each statement to its article.
    exchange = models.ForeignKey("Exchange", on_delete=models.DO_NOTHING, db_constraint=False, null=True,
                                 blank=True, editable=False, related_name="+", db_index=False)

    history = HistoricalRecords(m2m_fields=[issues], excluded_fields=["public", "event_date", "exchange"])

    class Meta:
        ordering = ["article", "order", "id"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            _choice_check("side", PositionSide, "position_side_valid"),
            _choice_check("origin", Origin, "position_origin_valid"),
            models.CheckConstraint(
                condition=models.Q(doubt="") | models.Q(doubt__in=Doubt.values), name="position_doubt_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(span_start__isnull=True, span_end__isnull=True)
                | models.Q(span_start__isnull=False, span_end__isnull=False, span_end__gte=models.F("span_start")),
                name="position_span_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.side}: {self.text[:80]}"

    def get_absolute_url(self):
        """The statement in its article's page."""
        return f"{self.article.get_absolute_url()}#{self.public_id}"

    def save(self, *args, **kwargs):
        if not self.public_id:
            Position.give_ids([self])
        super().save(*args, **kwargs)

    @classmethod
    def give_ids(cls, positions, digests=None):
        """Set the public_id of each statement in `positions` without one, apart from those stored in their
        articles and those given in `positions`: one query. `digests` ({article id: raw_sha256}) spares
        reading each statement's article."""
        new = [p for p in positions if not p.public_id]
        if not new:
            return
        taken = {p.public_id for p in positions if p.public_id} | set(
            cls.objects.filter(article_id__in={p.article_id for p in new}).values_list("public_id", flat=True))
        ids = identifiers.statement_ids(
            [(digests[p.article_id] if digests else p.article.raw_sha256, p.side, p.text) for p in new], taken)
        for position, public_id in zip(new, ids):
            position.public_id = public_id


class RelatedLink(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    title = models.CharField(_("title"), max_length=500)
    lead = models.TextField(_("lead"), blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=200, blank=True)
    target = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cited_by",
        verbose_name=_("archived article"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The title folded, to find this item's article when it is imported later (by index).
    title_key = models.CharField(max_length=500, blank=True, default="", editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["title_key"])

    class Meta:
        ordering = ["article", "order", "id"]
        verbose_name = _("related link")
        verbose_name_plural = _("related links")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = vietnamese.title_key(self.title)
        super().save(*args, **kwargs)


class Facet(models.Model):
    """One thing a published exchange can be filtered and counted by: its kind, its year, an issue its
    reports are tagged with, a side that stated a position (on an issue), someone taking part or
    speaking, an outlet, an issue in a year.

    Derived from the exchange's published reports by archive/facets.py, one row per value, so that the
    timeline filters and counts exchanges without joining the articles and counting them DISTINCT.
    Every published exchange has exactly one KIND row. `weight` is how many statements the row stands
    for where statements are counted (SAID, SAID_ANY, SPEAKER), 1 elsewhere.
    """

    KIND, YEAR, ISSUE, SIDE, SAID, ACTOR, OUTLET, SPEAKER, ISSUE_YEAR = "k", "y", "i", "s", "t", "a", "o", "v", "h"
    # The statements on an issue by any side: the SAID rows of an exchange and issue summed, so that the
    # statements explorer's issue counts without a side read 205,000 rows instead of 328,000 (100,000
    # exchanges), the most of a common search's cost.
    SAID_ANY = "u"

    # Not deleted with the exchange: facets.refresh() takes a deleted exchange's rows out of the kept
    # counts before it deletes them, and it can only do so if they are still there.
    exchange = models.ForeignKey(Exchange, on_delete=models.DO_NOTHING, db_constraint=False, related_name="facets",
                                 db_index=False)
    dimension = models.CharField(max_length=1)
    value = models.IntegerField()
    weight = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            # Filters and facet counts: the exchanges with a value, read from the index alone, and with
            # the weight (PostgreSQL) the statements of a filtered set of exchanges summed by issue.
            models.Index(fields=["dimension", "value", "exchange"], include=["weight"], name="facet_weight_idx"),
            # Rebuilding an exchange's rows, and the year/issue facets of a filtered set.
            models.Index(fields=["exchange", "dimension", "value"], name="facet_exchange_idx"),
        ]


class ProfileColumns(models.Model):
    """What a Profile row says of its exchange."""

    kind = models.SmallIntegerField()
    year = models.SmallIntegerField(null=True)
    event_date = models.DateField(null=True)
    issues = models.BigIntegerField(default=0)
    sides = models.SmallIntegerField(default=0)  # bit n: the side whose code is n stated a position
    said_cn = models.BigIntegerField(default=0)  # the issues China stated a position on
    said_us = models.BigIntegerField(default=0)
    said_joint = models.BigIntegerField(default=0)
    statements = models.IntegerField(default=0)  # its published statements (the weight of its KIND row)

    class Meta:
        abstract = True


class Profile(ProfileColumns):
    """A published exchange's facets in one narrow row, the issues as bits (facets.issue_bits(): bit n for
    the issue with n issues before it by id): derived from the Facet rows by archive/facets.py. The
    timeline filters and counts with conditions on these columns, one scan of a small table per facet,
    instead of joining the Facet rows to each other. With more issues than bits, the timeline counts
    from the Facet rows alone."""

    MAX_ISSUE_BIT = 62

    exchange = models.OneToOneField(Exchange, on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True,
                                    related_name="profile")
    # PostgreSQL only (NULL on SQLite): the search vectors of the exchange's published reports together,
    # without positions, behind the GIN index "profile_search_gin" (migration 0020). A search then finds
    # the exchanges themselves in a table of narrow rows, where the articles' index had to visit each
    # matched article's wide row for its status and exchange: 15 ms against 65-300 ms for a word in 40%
    # of 100,000 articles. The column has no statistics (see 0020).
    vector = SearchVectorField(null=True, editable=False)


class SearchHit(ProfileColumns):
    """The Profile rows of the exchanges a search matched, copied into a temporary table of the
    database connection for the rest of the request (facets.remember()); `slot` tells one search from
    another. No migration creates the table: each connection makes its own."""

    slot = models.IntegerField()
    # The primary key for the ORM's sake: an exchange appears once per slot, and rows are only ever read
    # as values within one slot.
    exchange = models.OneToOneField(Exchange, on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True,
                                    related_name="+")

    class Meta:
        managed = False
        db_table = "search_hits"


class FacetCount(models.Model):
    """The Facet rows of every published exchange, counted: how many exchanges have each value, and how
    many statements they stand for. Kept by archive/facets.py with every change, so that the pages
    counting the whole archive (the unfiltered timeline, issues, actors) read a few rows."""

    dimension = models.CharField(max_length=1)
    value = models.IntegerField()
    exchanges = models.IntegerField(default=0)
    statements = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dimension", "value"], name="facet_count_once")]


class FacetPair(models.Model):
    """Two dimensions of the Facet rows counted together over the whole archive: how many published
    exchanges have both `value` of `dimension` (a filter's) and `other_value` of `other` (a facet's), and
    how many statements their rows of `dimension` stand for. Kept by archive/facets.py with FacetCount,
    so that a page filtered on one value (an issue, a side, a person, a kind…) reads its facet counts
    instead of counting the exchanges that value keeps (30-110 ms at 100,000 exchanges)."""

    dimension = models.CharField(max_length=1)
    value = models.IntegerField()
    other = models.CharField(max_length=1)
    other_value = models.IntegerField()
    exchanges = models.IntegerField(default=0)
    statements = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dimension", "value", "other", "other_value"],
                                               name="facet_pair_once")]


class StaleFacet(models.Model):
    """An exchange whose Facet rows are to be derived again: written by every change to a published
    report (archive/facets.py), read and emptied before a list page counts."""

    exchange_id = models.BigIntegerField()


class Edition(models.Model):
    """One row whose number goes up with every change to the archive's content.

    Cached public pages are keyed on it (archive/pagecache.py): kept in the database rather than in
    the cache so that every server process sees an editor's change at once, whatever the cache.
    """

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, editable=False)  # when the number last moved: Last-Modified
    # Drawn when the row is made, so once per database: a database made anew (restored, re-seeded)
    # starts counting again, and must not meet the pages an older one left in a shared cache.
    epoch = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("edition")

    def __str__(self):
        return str(self.number)
