"""The editors' admin: curate what the extractor made of each article."""
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import agreement, exchanges, facets, matching, pagecache, review
from .reports import COLUMNS, report_rows
from .extraction import InputError, decode, extract
from .forms import CaptionRowsField, UploadForm
from .importer import current_knowledge, import_page, import_text, import_url, reextract
from .webpages import PageError, decode_body
from .localize import date_evidence

from .models import (
    Actor, Article, Exchange, Feed, FeedItem, Issue, KnownExchange, Kind, Office, Origin, Outlet, Participation, Position,
    PositionSide, RelatedLink, Role, Side, Status,
)


def _last_editors(positions):
    """{position pk: (editor's username, when)} of the last change to each statement, in one query."""
    found = {}
    rows = (Position.history.filter(id__in=[p.pk for p in positions]).order_by("-history_date")
            .values_list("id", "history_user__username", "history_date"))
    for pk, user, when in rows:
        found.setdefault(pk, (user, when))
    return found


class MatchFilter(admin.SimpleListFilter):
    """Reports that may belong to another exchange: the matching left the decision to an editor."""

    title = _("same exchange as another?")
    parameter_name = "match"

    def lookups(self, request, model_admin):
        return [("doubtful", _("Possibly the same exchange as another: to decide"))]

    def queryset(self, request, queryset):
        if self.value() == "doubtful":
            return queryset.filter(match_candidate__isnull=False)
        return queryset


class YearFilter(admin.SimpleListFilter):
    title = _("year of the exchange")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("event_date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(event_date__year=int(self.value()))
        return queryset


class SideFilter(admin.SimpleListFilter):
    title = _("side with a stated position")
    parameter_name = "side"

    def lookups(self, request, model_admin):
        return PositionSide.choices

    def queryset(self, request, queryset):
        if self.value() in PositionSide.values:
            return queryset.filter(positions__side=self.value()).distinct()
        return queryset


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["actor"]
    fields = ["actor", "side", "order"]


class PositionInline(admin.StackedInline):
    model = Position
    extra = 0
    autocomplete_fields = ["speaker", "issues"]
    fields = [("side", "speaker", "body"), "text", "issues", ("order", "origin"), ("doubt", "span_start", "span_end")]
    # Offsets are the extractor's, into the immutable raw text; an editor clears a doubt once checked.
    readonly_fields = ["origin", "span_start", "span_end"]


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["target"]
    fields = ["title", "lead", "url", "published_at", "category", "target", "order"]


class ArticleForm(forms.ModelForm):
    captions = CaptionRowsField(label=_("photo captions"))

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {"version": forms.HiddenInput}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or "version" not in cleaned:
            return cleaned
        # Locked until the admin's transaction ends, so two saves cannot both pass this check.
        current = Article.objects.select_for_update().filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if current is not None and cleaned["version"] != current:
            latest = self.instance.history.order_by("-history_date").select_related("history_user").first()
            who = latest.history_user if latest and latest.history_user else _("someone else")
            when = timezone.localtime(latest.history_date).strftime("%H:%M %d/%m/%Y") if latest else "?"
            history = reverse("admin:archive_article_history", args=[self.instance.pk])
            raise forms.ValidationError(format_html(
                _("{who} saved this article at {when}, after you opened it. Your changes were not saved, so as not to "
                  "overwrite theirs. <a href=\"{history}\">See what they changed</a>, then reload this page and make "
                  "your changes again."),
                who=who, when=when, history=history,
            ), code="stale")
        return cleaned

    def clean_captions(self):
        return self.cleaned_data.get("captions") or []


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleForm
    list_display = ["title", "outlet", "event_date", "kind", "status", "position_count", "updated_at"]
    list_filter = ["status", "outlet", "kind", "issues", SideFilter, YearFilter, MatchFilter]
    list_select_related = ["outlet"]
    search_fields = ["title", "body"]
    date_hierarchy = "event_date"
    autocomplete_fields = ["issues"]
    readonly_fields = ["raw_text", "raw_sha256", "evidence", "edited_fields", "created_at", "updated_at",
                       "exchange_link", "match"]
    inlines = [ParticipationInline, PositionInline, RelatedLinkInline]
    actions = ["mark_reviewed", "publish", "unpublish", "rerun_extraction", "split_out"]
    change_list_template = "admin/archive/article/change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", ("outlet", "source_url"), "published_on"]}),
        (_("The exchange"), {"fields": [("event_date", "date_certainty"), "date_reason", "evidence", "kind", "issues",
                                         ("exchange_link", "match")]}),
        # The cleaned fields stand beside the untouched raw text so an editor can check one against the other.
        (_("Text"), {"fields": [("lead", "raw_text"), "body", "captions"], "classes": ["article-text"]}),
        (_("Record"), {"fields": ["raw_sha256", "edited_fields", "created_at", "updated_at", "version"]}),
    ]

    prepopulated_fields = {"slug": ["title"]}

    def get_readonly_fields(self, request, obj=None):
        # The raw text is typed once, when an editor adds an article by hand, and never again.
        return self.readonly_fields if obj else [f for f in self.readonly_fields if f != "raw_text"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(position_total=Count("positions", distinct=True))

    @admin.display(description=_("evidence for the date"))
    def evidence(self, obj):
        return date_evidence(obj) or "—"

    @admin.display(description=_("exchange"))
    def exchange_link(self, obj):
        if obj.exchange_id is None:
            return "—"
        url = reverse("admin:archive_exchange_change", args=[obj.exchange_id])
        return format_html('<a href="{}">{}</a>', url, obj.exchange)

    @admin.display(description=_("how it joined its exchange"))
    def match(self, obj):
        lang = "vi" if (getattr(self, "_lang", None) or "").startswith("vi") else "en"
        text = matching.render(obj.match_reasons, lang) or "—"
        if obj.match_candidate_id:
            url = reverse("admin:archive_exchange_change", args=[obj.match_candidate_id])
            return format_html('{} · <a href="{}">{}</a>', text, url, gettext("possibly the same exchange as this one"))
        return text

    def get_form(self, request, obj=None, **kwargs):
        self._lang = getattr(request, "LANGUAGE_CODE", "")
        return super().get_form(request, obj, **kwargs)

    @admin.action(description=_("Take selected articles out into exchanges of their own"), permissions=["change"])
    def split_out(self, request, queryset):
        done = 0
        for article in queryset:
            exchanges.split(article)
            done += 1
        self.message_user(request, ngettext(
            "%(n)d article now reports an exchange of its own.", "%(n)d articles now report exchanges of their own.",
            done) % {"n": done}, messages.SUCCESS)

    @admin.display(description=_("positions"), ordering="position_total")
    def position_count(self, obj):
        return obj.position_total

    def save_model(self, request, obj, form, change):
        if change:
            before = Article.objects.get(pk=obj.pk)
            obj.mark_edited([f for f in form.changed_data if getattr(before, f, None) != getattr(obj, f, None)])
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "issues" in form.changed_data and form.instance.mark_edited(["issues"]):
            form.instance.save(update_fields=["edited_fields"])

    # Which record an inline edits, as named in Article.edited_fields.
    INLINE_FIELDS = {Participation: "participants", Position: "positions", RelatedLink: "related"}

    def save_formset(self, request, form, formset, change):
        if change and formset.has_changed() and form.instance.mark_edited([self.INLINE_FIELDS[formset.model]]):
            form.instance.save(update_fields=["edited_fields"])
        if formset.model is Position:
            for inline_form in formset.forms:
                if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                    continue
                position = inline_form.instance
                position.origin = Origin.ADDED if position.pk is None else (
                    Origin.EDITED if position.origin == Origin.EXTRACTED else position.origin
                )
        super().save_formset(request, form, formset, change)

    def _set_status(self, request, queryset, status, message):
        public = status == Status.PUBLISHED or queryset.filter(status=Status.PUBLISHED).exists()
        exchanges = set(queryset.values_list("exchange_id", flat=True)) if public else ()
        updated = queryset.update(status=status)
        if public:
            pagecache.bump()  # update() sends no signals
            facets.mark(exchanges)
        self.message_user(request, message(updated), messages.SUCCESS)

    @admin.action(description=_("Mark selected articles as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        self._set_status(request, queryset, Status.REVIEWED, lambda n: ngettext(
            "%(n)d article marked reviewed.", "%(n)d articles marked reviewed.", n) % {"n": n})

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Status.PUBLISHED, lambda n: ngettext(
            "%(n)d article published.", "%(n)d articles published.", n) % {"n": n})

    @admin.action(description=_("Unpublish selected articles (back to reviewed)"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset.filter(status=Status.PUBLISHED), Status.REVIEWED, lambda n: ngettext(
            "%(n)d article unpublished.", "%(n)d articles unpublished.", n) % {"n": n})


    @admin.action(description=_("Re-run extraction (keeps what editors changed)"), permissions=["change"])
    def rerun_extraction(self, request, queryset):
        knowledge = current_knowledge()
        done, failed = 0, []
        for article in queryset:
            try:
                reextract(article, knowledge)
                done += 1
            except InputError as exc:
                failed.append(f"{article.title}: {exc}")
        self.message_user(request, ngettext(
            "Extraction re-run on %(n)d article.", "Extraction re-run on %(n)d articles.", done) % {"n": done},
            messages.SUCCESS)
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="archive_article_upload"),
            path("review/", view(self.queue_view), name="archive_article_review_queue"),
            path("report/", view(self.report_view), name="archive_article_report"),
            path("<int:pk>/review/", view(self.review_view), name="archive_article_review"),
            path("<int:pk>/review/<slug:action>/", view(self.correct_view), name="archive_article_correct"),
            path("<int:pk>/reextract/", view(self.reextract_view), name="archive_article_reextract"),
            *super().get_urls(),
        ]

    # -- the review desk ---------------------------------------------------------------------------
    def queue_view(self, request):
        """Drafts and reviewed-but-unpublished articles, most doubtful first, each with why it is there."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = review.queue(reason=request.GET.get("reason") or None, outlet=request.GET.get("outlet") or None,
                            batch=request.GET.get("batch") or None)
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        for article in page.object_list:
            article.reasons = review.reasons_of(article)
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": gettext("Review queue"),
            "page": page, "reasons": [(code, label) for code, (label, _w) in review.REASONS.items()],
            "outlets": Outlet.objects.all(), "chosen": request.GET,
            "batches": Article.objects.exclude(import_batch="").exclude(status=Status.PUBLISHED)
            .order_by("-import_batch").values_list("import_batch", flat=True).distinct()[:30],
        }
        return TemplateResponse(request, "admin/archive/article/review_queue.html", context)

    def review_view(self, request, pk):
        """One article against its source: the raw text with every statement highlighted, the record beside it."""
        article = get_object_or_404(Article.objects.select_related("outlet", "exchange"), pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        positions = list(article.positions.select_related("speaker").prefetch_related("issues").order_by("order", "pk"))
        changes, dropped = review.statement_changes(article)
        editors = _last_editors(positions)
        names = dict(Actor.objects.filter(slug__in={c.get("extracted_speaker") for c in changes.values()} - {None})
                     .values_list("slug", "name"))
        for position in positions:
            position.change = changes.get(position.pk)
            if position.change and position.change.get("extracted_speaker"):
                position.change["extracted_speaker"] = names.get(position.change["extracted_speaker"],
                                                                 position.change["extracted_speaker"])
            position.last_edit = editors.get(position.pk)
        extracted = article.extracted or {}
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": article.title,
            "article": article, "positions": positions, "segments": review.segments(article, positions),
            "dropped": dropped, "extracted": extracted, "sides": PositionSide.choices, "kinds": Kind.choices,
            "participant_sides": Side.choices,
            "participations": article.participations.select_related("actor"),
            "actors": Actor.objects.order_by("name").only("slug", "name", "side"),
            "can_change": self.has_change_permission(request, article),
            "day_known": any("day" in e and "month" in e for e in article.date_evidence or ()),
        }
        return TemplateResponse(request, "admin/archive/article/review.html", context)

    CORRECTIONS = {
        "side": (review.set_side, ["position", "side"]),
        "speaker": (review.set_speaker, ["position", "speaker"]),
        "accept": (review.accept, ["position"]),
        "drop": (review.drop, ["position"]),
        "add": (review.add, ["start", "end", "side", "speaker"]),
        "merge": (review.merge_next, ["position"]),
        "split": (review.split, ["position", "at"]),
        "date": (review.set_date, ["date"]),
        "kind": (review.set_kind, ["kind"]),
        "add-participant": (review.add_participant, ["actor", "side"]),
        "remove-participant": (review.remove_participant, ["actor"]),
    }

    def correct_view(self, request, pk, action):
        """One correction from the review screen (a form per action, so that no script is needed)."""
        if request.method != "POST":
            return redirect(reverse("admin:archive_article_review", args=[pk]))
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = request.POST.get("version")
        try:
            if action == "reviewed":
                review.mark_reviewed(pk, version, request.user.get_username())
                following = review.next_in_queue(article)
                self.message_user(request, gettext("Marked reviewed."), messages.SUCCESS)
                if following is not None:
                    return redirect(reverse("admin:archive_article_review", args=[following.pk]))
                return redirect(reverse("admin:archive_article_review_queue"))
            if action not in self.CORRECTIONS:
                raise Http404
            correction, fields = self.CORRECTIONS[action]
            correction(pk, version, *[request.POST.get(name, "") for name in fields])
            self.message_user(request, gettext("Saved."), messages.SUCCESS)
        except review.StaleArticle:
            self.message_user(request, gettext("This article was changed by someone else since you opened it; nothing was "
                                          "saved. Check the page as it is now and try again."), messages.ERROR)
        except (ValueError, TypeError, Position.DoesNotExist, Actor.DoesNotExist, StopIteration):
            self.message_user(request, gettext("That correction could not be made: check what you entered."), messages.ERROR)
        return redirect(reverse("admin:archive_article_review", args=[pk]) + (
            f"#statement-{request.POST['position']}" if request.POST.get("position", "").isdigit() else ""))

    def reextract_view(self, request, pk):
        """What re-running extraction would change, shown before anything is applied; applied on POST."""
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        knowledge = current_knowledge()
        if request.method == "POST":
            try:
                if str(article.version) != request.POST.get("version"):
                    raise review.StaleArticle
                reextract(article, knowledge)
                self.message_user(request, gettext("Extraction re-run; what editors changed was kept."), messages.SUCCESS)
            except review.StaleArticle:
                self.message_user(request, gettext("This article was changed by someone else since you opened it; nothing "
                                                   "was saved. Check the page as it is now and try again."), messages.ERROR)
            except InputError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            return redirect(reverse("admin:archive_article_review", args=[pk]))
        try:
            record = extract(article.raw_text, knowledge).to_dict()
        except InputError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return redirect(reverse("admin:archive_article_review", args=[pk]))
        changes, kept = review.reextraction_preview(article, record)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "article": article,
                   "title": gettext("Re-run extraction: what would change"), "changes": changes, "kept": kept}
        return TemplateResponse(request, "admin/archive/article/reextract.html", context)

    def report_view(self, request):
        """The extractor's agreement with the editors over the reviewed articles (as `manage.py extraction_report`)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        figures = agreement.report(review.reviewed_rows(request.GET.get("since") or None))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": gettext("How the extractor agrees with the editors"), "figures": figures,
                   "rows": report_rows(figures), "columns": [label for _n, label, _b in COLUMNS]}
        return TemplateResponse(request, "admin/archive/article/report.html", context)

    def upload_view(self, request):
        """Import uploaded .txt files and saved .html pages, and pages by their links, through the same importer
        as the command line."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            knowledge, counts = current_knowledge(), {"created": 0, "present": 0}
            status = form.cleaned_data["status"]
            for upload in form.cleaned_data["files"]:
                try:
                    if upload.size > settings.IMPORT_MAX_BYTES:
                        raise InputError(gettext("file is over the limit of %(n)s bytes") % {"n": settings.IMPORT_MAX_BYTES})
                    if upload.name.lower().endswith((".html", ".htm")):
                        result = import_page(decode_body(upload.read()), status=status, knowledge=knowledge)
                    else:
                        result = import_text(
                            decode(upload.read(), settings.IMPORT_MAX_BYTES), status=status,
                            outlet=form.cleaned_data["outlet"] or None, knowledge=knowledge,
                        )
                except (InputError, PageError) as exc:
                    self.message_user(request, f"{upload.name}: {exc}", messages.ERROR)
                    continue
                counts[result.outcome] += 1
            for link in form.cleaned_data["links"]:
                try:
                    result = import_url(link, status=status, knowledge=knowledge)
                except (InputError, PageError) as exc:
                    self.message_user(request, f"{link}: {exc}", messages.ERROR)
                    continue
                counts[result.outcome] += 1
            self.message_user(request, gettext("Imported: %(created)d, already present: %(present)d.") % counts,
                              messages.SUCCESS if counts["created"] or counts["present"] else messages.WARNING)
            return redirect(reverse("admin:archive_article_changelist"))
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta,
                   "title": gettext("Upload articles")}
        return TemplateResponse(request, "admin/archive/article/upload.html", context)


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ["office", "title", "title_en", "start", "end"]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "side", "wikidata"]
    list_filter = ["side"]
    search_fields = ["name", "name_en", "aliases", "slug", "wikidata"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline]


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "side"]
    list_filter = ["side"]
    search_fields = ["name", "name_en", "cues"]


@admin.register(Issue)
class IssueAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name_en", "name_vi"]
    search_fields = ["slug", "name_en", "name_vi", "cues"]
    fields = ["slug", "name_en", "name_vi", "description", "cues"]


@admin.register(Outlet)
class OutletAdmin(SimpleHistoryAdmin):
    list_display = ["name", "domain", "mark_summary"]
    search_fields = ["name", "marks", "domain"]
    fields = ["name", "slug", "url", "domain", "marks"]

    @admin.display(description=_("marks"))
    def mark_summary(self, obj):
        return ", ".join(obj.mark_list)
    prepopulated_fields = {"slug": ["name"]}


class ReportInline(admin.TabularInline):
    """The articles reporting an exchange: read here, edited on their own pages."""

    model = Article
    fk_name = "exchange"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["title", "outlet", "status", "event_date", "kind", "match_score"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Exchange)
class ExchangeAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "event_date", "kind", "report_count", "updated_at"]
    list_filter = ["kind", "date_certainty"]
    search_fields = ["slug", "public_id", "reports__title"]
    date_hierarchy = "event_date"
    fields = [("slug", "public_id"), ("event_date", "date_certainty"), "kind", "venue", "edited_fields"]
    readonly_fields = ["slug", "public_id", "edited_fields"]
    inlines = [ReportInline]
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_total=Count("reports"))

    @admin.display(description=_("reports"), ordering="report_total")
    def report_count(self, obj):
        return obj.report_total

    def save_model(self, request, obj, form, change):
        if change:
            changed = [f for f in form.changed_data if f in Exchange.EDITABLE_FIELDS]
            obj.edited_fields = [*obj.edited_fields, *[f for f in changed if f not in obj.edited_fields]]
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Merge selected exchanges into the oldest"), permissions=["change"])
    def merge(self, request, queryset):
        chosen = list(queryset.order_by("pk"))
        if len(chosen) < 2:
            self.message_user(request, gettext("Select two exchanges or more to merge."), messages.WARNING)
            return
        target = exchanges.merge(chosen[0], chosen[1:])
        self.message_user(request, ngettext(
            "%(n)d exchange merged into %(target)s.", "%(n)d exchanges merged into %(target)s.", len(chosen) - 1)
            % {"n": len(chosen) - 1, "target": target}, messages.SUCCESS)


@admin.register(KnownExchange)
class KnownExchangeAdmin(SimpleHistoryAdmin):
    list_display = ["event_date", "kind", "label", "venue"]
    list_filter = ["kind"]
    search_fields = ["label", "venue", "source"]
    date_hierarchy = "event_date"
    autocomplete_fields = ["cn", "us"]


class FeedItemInline(admin.TabularInline):
    """What polling met in the feed, newest first: read here."""

    model = FeedItem
    extra = 0
    can_delete = False
    fields = ["seen_at", "outcome", "title", "link", "reason", "article"]
    readonly_fields = fields
    ordering = ["-seen_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Feed)
class FeedAdmin(SimpleHistoryAdmin):
    list_display = ["url", "outlet", "active", "polled_at", "last_error"]
    list_filter = ["active", "outlet"]
    search_fields = ["url"]
    fields = ["url", "outlet", "active", "polled_at", "last_error"]
    readonly_fields = ["polled_at", "last_error"]
    inlines = [FeedItemInline]
