"""Atom feeds: the newest exchanges added to the archive, for all issues or for one."""
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .lists import exchanges_for_list
from .localize import in_language
from .models import Article, Issue

FEED_SIZE = 30


class LatestExchanges(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Song Phương: latest US–China exchanges")

    def subtitle(self):
        return _("Exchanges between China and the United States as reported in the Vietnamese press.")

    def link(self):
        return reverse("archive:timeline")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        # Newest in the archive first: a reader subscribes to learn what was added.
        return exchanges_for_list(self.articles(obj)).order_by("-created_at", "-id")[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead

    def item_pubdate(self, article):
        return article.created_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.outlet.name if article.outlet else None

    def item_categories(self, article):
        return [in_language(issue) for issue in article.issues.all()]


class IssueExchanges(LatestExchanges):
    def get_object(self, request, slug):
        return get_object_or_404(Issue, slug=slug)

    def title(self, issue):
        return _("Song Phương: %(issue)s") % {"issue": in_language(issue)}

    def subtitle(self, issue):
        return _("US–China exchanges on %(issue)s as reported in the Vietnamese press.") % {"issue": in_language(issue)}

    def link(self, issue):
        return issue.get_absolute_url()

    def articles(self, issue):
        return Article.objects.published().filter(issues=issue)
