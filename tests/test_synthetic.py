"""manage.py seed_synthetic: a realistic synthetic archive, and never mixed into a real one by accident."""
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from archive import pagecache
from archive.models import Article, Participation, Position, RelatedLink, Role, Status
from archive.synthetic import SYNTHETIC_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(reference):
    call_command("seed_synthetic", articles=300, batch=120, seed=3, verbosity=0)
    return Article.objects.all()


def test_articles_are_published_synthetic_and_unique(seeded):
    assert seeded.count() == 300
    assert not seeded.exclude(status=Status.PUBLISHED).exists()
    assert not seeded.exclude(source_url__startswith=SYNTHETIC_URL).exists()
    assert seeded.values("slug").distinct().count() == 300


def test_statements_and_related_links_per_article_within_bounds(seeded):
    statements = Counter(dict(seeded.annotate(n=Count("positions")).values_list("pk", "n")))
    assert min(statements.values()) >= 3 and max(statements.values()) <= 8
    links = dict(seeded.annotate(n=Count("related_links")).values_list("pk", "n"))
    assert min(links.values()) >= 0 and max(links.values()) <= 10
    assert {"CN", "US", "JOINT"} == set(Position.objects.values_list("side", flat=True))
    assert RelatedLink.objects.filter(target__isnull=False).exists()  # some point into the archive


def test_issues_are_skewed_taiwan_and_trade_common_fentanyl_rare(seeded):
    tagged = Counter(Article.issues.through.objects.values_list("issue__slug", flat=True))
    per_article = Counter(dict(seeded.annotate(n=Count("issues")).values_list("pk", "n")).values())
    assert max(per_article) <= 6 and per_article[0] < 300
    assert tagged["taiwan"] > 3 * tagged["fentanyl"] and tagged["trade-economy"] > 3 * tagged["fentanyl"]


def test_people_take_part_only_while_in_office(seeded):
    roles = {}
    for role in Role.objects.all():
        roles.setdefault(role.actor_id, []).append(role)
    for part in Participation.objects.select_related("article")[:500]:
        day = part.article.event_date
        assert any((r.start is None or r.start <= day) and (r.end is None or day <= r.end) for r in roles[part.actor_id])


def test_search_finds_a_share_not_everything(seeded):
    taiwan = Article.objects.published().search("dai loan").count()
    tagged = seeded.filter(issues__slug="taiwan").count()
    assert 0 < taiwan < 300
    assert taiwan >= tagged  # every article tagged Taiwan names it


def test_refuses_a_database_with_real_articles_unless_forced(reference, corpus):
    with pytest.raises(CommandError, match="real articles"):
        call_command("seed_synthetic", articles=5, verbosity=0)
    call_command("seed_synthetic", articles=5, force=True, verbosity=0)
    assert Article.objects.filter(source_url__startswith=SYNTHETIC_URL).count() == 5


def test_seeding_outdates_cached_pages(reference):
    before = pagecache.edition()
    call_command("seed_synthetic", articles=3, verbosity=0)
    assert pagecache.edition() > before
