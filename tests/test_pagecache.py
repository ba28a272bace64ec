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


def test_errors_are_never_cached_and_pages_are(client, cast, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}}
    client.get("/issues/atlantis/")
    before = pagecache.edition()
    assert not pagecache.cache._cache  # the 404 was not kept
    client.get("/issues/")
    assert len(pagecache.cache._cache) == 1  # while a page is kept
    assert pagecache.edition() == before


@pytest.mark.parametrize("query", [{"format": "csv"}, {"format": "json", "issue": "taiwan"}])
def test_a_filtered_export_is_kept_until_the_archive_changes(client, cast, query, django_assert_num_queries):
    first = client.get("/", query)
    body = b"".join(first.streaming_content)
    with django_assert_num_queries(1):  # the edition number only
        again = client.get("/", query)
    assert again.content == body
    for header in ("Content-Type", "Content-Disposition"):
        assert again[header] == first[header]
    article = Article.objects.get(pk=cast.taiwan_call.pk)
    article.title = "Tiêu đề mới trong tệp xuất"
    article.save()
    assert "Tiêu đề mới trong tệp xuất".encode() in b"".join(client.get("/", query).streaming_content)


def test_an_export_larger_than_the_limit_is_streamed_every_time(client, cast, monkeypatch):
    monkeypatch.setattr(pagecache, "STREAM_MAX_BYTES", 100)
    b"".join(client.get("/", {"format": "csv"}).streaming_content)
    assert client.get("/", {"format": "csv"}).streaming  # made again, not kept


def test_many_saves_in_one_import_move_the_edition_once(cast):
    before = pagecache.edition()
    with pagecache.one_bump():
        for n in range(5):
            Position.objects.create(article=cast.gaza_call, side=PositionSide.US, text=f"Câu {n}.", order=50 + n)
        assert pagecache.edition() == before
    assert pagecache.edition() == before + 1


DRAFT_TEXT = """Ngoại trưởng Vương Nghị điện đàm với Ngoại trưởng Mỹ Marco Rubio

(VOV) - Ngày 10/9/2025, Ngoại trưởng Trung Quốc Vương Nghị đã điện đàm với Ngoại trưởng Mỹ Marco Rubio.

Ông Vương Nghị nhấn mạnh vấn đề Đài Loan là lợi ích cốt lõi của Trung Quốc.
"""


@pytest.mark.parametrize("change", [
    "new draft", "draft title", "draft statement", "draft tag", "draft participant", "draft deleted",
    "import of drafts", "draft marked reviewed",
])
def test_changes_to_drafts_leave_every_public_page_cached(client, cast, change, django_assert_num_queries):
    from archive import importer
    from archive.models import Actor, Participation, Side

    first = client.get("/")
    before = pagecache.edition()
    draft = cast.draft
    assert draft.status == Status.DRAFT
    if change == "new draft":
        Article.objects.create(title="Bản nháp mới", raw_text="Bản nháp mới.\n\nNội dung.", status=Status.DRAFT)
    elif change == "draft title":
        draft.title = "Bản nháp đã sửa"
        draft.save()
    elif change == "draft statement":
        Position.objects.create(article=draft, side=PositionSide.US, text="Câu nháp.", order=9)
    elif change == "draft tag":
        draft.issues.add(Issue.objects.get(slug="korea"))
        Position.objects.filter(article=draft).first().issues.add(Issue.objects.get(slug="korea"))
    elif change == "draft participant":
        Participation.objects.create(article=draft, actor=Actor.objects.get(slug="donald-trump"), side=Side.US, order=5)
    elif change == "draft deleted":
        Article.objects.get(pk=draft.pk).delete()
    elif change == "import of drafts":
        assert importer.import_text(DRAFT_TEXT).outcome == "created"
    else:
        from archive import review

        review.mark_reviewed(draft.pk, Article.objects.get(pk=draft.pk).version, "bien-tap")
    assert pagecache.edition() == before
    with django_assert_num_queries(1):  # still served from the cache
        assert client.get("/").content == first.content


@pytest.mark.parametrize("change", ["publish", "unpublish", "edit published", "statement of published",
                                    "import published", "admin publish"])
def test_changes_the_public_can_see_show_at_once(client, cast, change):
    from archive import importer

    draft = Article.objects.get(pk=cast.draft.pk)
    page = "/" if change != "statement of published" else cast.gaza_call.get_absolute_url()
    before = client.get(page).content
    if change == "publish":
        draft.status = Status.PUBLISHED
        draft.save()
    elif change == "unpublish":
        article = Article.objects.get(pk=cast.gaza_call.pk)
        article.status = Status.DRAFT
        article.save()
    elif change == "edit published":
        article = Article.objects.get(pk=cast.gaza_call.pk)
        article.title = "Tiêu đề đã sửa của bài đã đăng"
        article.save()
    elif change == "statement of published":
        Position.objects.create(article=cast.gaza_call, side=PositionSide.US, text="Câu mới đã đăng.", order=9)
    elif change == "import published":
        assert importer.import_text(DRAFT_TEXT, status=Status.PUBLISHED).outcome == "created"
    else:
        admin = User.objects.create_superuser("boss", "boss@example.org", "pw-for-tests-only")
        client.force_login(admin)
        response = client.post(reverse("admin:archive_article_changelist"), {
            "action": "publish", "_selected_action": [draft.pk],
        })
        assert response.status_code == 302
        client.logout()
    assert client.get(page).content != before
