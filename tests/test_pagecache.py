"""Public pages come from the cache until anything in the archive changes."""
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from archive import pagecache
from archive.models import Article, Issue, Position, PositionSide, Status
from tests.cast import listed

pytestmark = pytest.mark.django_db


def test_a_page_is_rendered_once_then_served_with_one_query(client, cast, django_assert_num_queries):
    first = client.get("/")
    with django_assert_num_queries(1):  # the edition number only
        second = client.get("/")
    assert second.content == first.content


@pytest.mark.parametrize("url", ["/feed/", "/issues/taiwan/feed/", "/"])
def test_a_page_is_sent_in_one_piece(client, cast, url):
    # The server writes each piece of a response to the socket separately; a feed is written in hundreds.
    for response in (client.get(url), client.get(url)):  # rendered, then from the cache
        assert response.status_code == 200
        assert len(list(response)) == 1


def test_a_database_made_anew_never_meets_the_pages_of_the_old_one(client, cast):
    import uuid

    from archive.models import Edition

    article = Article.objects.published().first()
    assert article.title.encode() in client.get("/").content
    # As after a restore into a new database sharing the cache: other rows, the same edition number.
    Article.objects.filter(pk=article.pk).update(title="Tiêu đề của cơ sở dữ liệu mới")
    Edition.objects.update(epoch=uuid.uuid4())
    assert "Tiêu đề của cơ sở dữ liệu mới".encode() in client.get("/").content


def test_each_url_and_language_is_its_own_page(client, cast):
    assert listed(client.get("/", {"issue": "taiwan"}).content) != listed(client.get("/").content)
    assert b'lang="en"' in client.get("/en/").content
    assert b'lang="vi"' in client.get("/").content


def test_saving_an_article_shows_at_once(client, cast):
    client.get(cast.taiwan_call.get_absolute_url())
    cast.taiwan_call.title = "Tiêu đề mới do biên tập viên sửa"
    cast.taiwan_call.save()
    assert "Tiêu đề mới do biên tập viên sửa" in client.get(cast.taiwan_call.get_absolute_url()).content.decode()


@pytest.mark.parametrize("change", ["position", "issue-tag", "delete", "issue-name"])
def test_any_change_to_what_pages_show_outdates_them(client, cast, change):
    before = client.get("/en/issues/taiwan/").content
    if change == "position":
        position = Position.objects.create(article=cast.taiwan_call, side=PositionSide.CN, text="Câu mới.", order=99)
        position.issues.add(Issue.objects.get(slug="taiwan"))
    elif change == "issue-tag":
        Position.objects.get(article=cast.taiwan_call, side=PositionSide.US, issues__slug="taiwan").issues.clear()
    elif change == "delete":
        cast.burns_meeting.delete()
    else:
        issue = Issue.objects.get(slug="taiwan")
        issue.name_en = "Taiwan Strait"
        issue.save()
    assert client.get("/en/issues/taiwan/").content != before


def test_bulk_status_changes_in_the_admin_outdate_pages(client, cast):
    assert cast.gaza_call.slug in listed(client.get("/").content)
    admin = User.objects.create_superuser("boss", "boss@example.org", "pw-for-tests-only")
    client.force_login(admin)
    response = client.post(reverse("admin:archive_article_changelist"), {
        "action": "unpublish", "_selected_action": [cast.gaza_call.pk],
    })
    assert response.status_code == 302
    assert Article.objects.get(pk=cast.gaza_call.pk).status != Status.PUBLISHED
    assert cast.gaza_call.slug not in listed(client.get("/").content)


def test_exports_and_errors_are_never_cached(client, cast, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}}
    client.get("/", {"format": "csv"})
    client.get("/issues/atlantis/")
    before = pagecache.edition()
    assert not pagecache.cache._cache  # neither the stream nor the 404 was kept
    client.get("/issues/")
    assert len(pagecache.cache._cache) == 1  # while a page is kept
    assert pagecache.edition() == before


def test_many_saves_in_one_import_move_the_edition_once(cast):
    before = pagecache.edition()
    with pagecache.one_bump():
        for n in range(5):
            Position.objects.create(article=cast.gaza_call, side=PositionSide.US, text=f"Câu {n}.", order=50 + n)
        assert pagecache.edition() == before
    assert pagecache.edition() == before + 1
