import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from archive.models import Actor, Article, Issue, Origin, Position, PositionSide, Side, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(reference, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Mật-khẩu-dài-2026\n"))
    call_command("create_editor", "bien-tap", "--password-stdin")
    return get_user_model().objects.get(username="bien-tap")


@pytest.fixture
def article():
    article = Article.objects.create(
        title="Điện đàm Vương Nghị – Antony Blinken", raw_text="Vương Nghị điện đàm với Blinken.", lead="Lead",
        body="Thân bài.",
    )
    Position.objects.create(article=article, side=PositionSide.CN, text="Trung Quốc nhấn mạnh.", order=0)
    return article


def test_editor_is_staff_but_not_superuser(editor):
    assert editor.is_staff and not editor.is_superuser
    assert editor.has_perm("archive.change_article")
    assert not editor.has_perm("auth.add_user")


@pytest.mark.parametrize("model", ["article", "actor", "issue", "office", "outlet"])
def test_changelists_load_for_an_editor(client, editor, article, model):
    client.force_login(editor)
    response = client.get(reverse(f"admin:archive_{model}_changelist"))
    assert response.status_code == 200


def test_article_changelist_filters_and_search(client, editor, article):
    client.force_login(editor)
    url = reverse("admin:archive_article_changelist")
    for query in ["?q=Vương", "?status=draft", "?side=CN", "?year=2021", "?kind=call"]:
        response = client.get(url + query)
        assert response.status_code == 200, query


def test_article_change_page_shows_raw_text_read_only(client, editor, article):
    client.force_login(editor)
    response = client.get(reverse("admin:archive_article_change", args=[article.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Vương Nghị điện đàm với Blinken." in content
    assert 'name="raw_text"' not in content


def test_anonymous_visitors_are_sent_to_the_login(client, article):
    for url in [reverse("admin:archive_article_changelist"), reverse("admin:archive_article_change", args=[article.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def change_form_data(article, **overrides):
    position = article.positions.get()
    data = {
        "title": article.title, "slug": article.slug, "status": article.status, "outlet": "", "source_url": "",
        "published_on": "", "event_date": "", "date_certainty": "unknown", "date_reason": "", "kind": article.kind,
        "lead": article.lead, "body": article.body, "captions": "", "version": str(article.version),
        "participations-TOTAL_FORMS": "0", "participations-INITIAL_FORMS": "0",
        "positions-TOTAL_FORMS": "1", "positions-INITIAL_FORMS": "1",
        "positions-0-id": str(position.pk), "positions-0-article": str(article.pk),
        "positions-0-side": position.side, "positions-0-speaker": "", "positions-0-body": "",
        "positions-0-text": position.text, "positions-0-order": "0",
        "related_links-TOTAL_FORMS": "0", "related_links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_an_editors_change_is_recorded(client, editor, article):
    client.force_login(editor)
    url = reverse("admin:archive_article_change", args=[article.pk])
    response = client.post(url, change_form_data(article, lead="Lead sửa tay", **{"positions-0-text": "Sửa."}))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.lead == "Lead sửa tay"
    assert article.edited_fields == ["lead", "positions"]
    assert article.positions.get().origin == Origin.EDITED


def test_a_position_added_by_an_editor_is_marked_added(client, editor, article):
    client.force_login(editor)
    taiwan = Issue.objects.get(slug="taiwan")
    data = change_form_data(article, **{
        "positions-TOTAL_FORMS": "2", "positions-1-side": "US", "positions-1-text": "Mỹ khẳng định.",
        "positions-1-order": "1", "positions-1-issues": [str(taiwan.pk)], "positions-1-body": "phía Mỹ",
    })
    response = client.post(reverse("admin:archive_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    added = article.positions.get(order=1)
    assert added.origin == Origin.ADDED
    assert list(added.issues.values_list("slug", flat=True)) == ["taiwan"]
    article.refresh_from_db()
    assert article.edited_fields == ["positions"]


def test_publish_and_unpublish_actions(client, editor, article):
    client.force_login(editor)
    url = reverse("admin:archive_article_changelist")
    client.post(url, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    client.post(url, {"action": "unpublish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.REVIEWED
    client.post(url, {"action": "mark_reviewed", "_selected_action": [article.pk]})
    assert Article.objects.get(pk=article.pk).status == Status.REVIEWED


def test_actor_page_has_roles_inline(client, editor):
    client.force_login(editor)
    actor = Actor.objects.get(slug="tan-cuong")
    response = client.get(reverse("admin:archive_actor_change", args=[actor.pk]))
    assert response.status_code == 200
    assert "roles-TOTAL_FORMS" in response.content.decode()
    assert actor.side == Side.CN


CORPUS = __import__("pathlib").Path(__file__).resolve().parent.parent / "corpus"


def test_upload_page_imports_files_and_reports_failures(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    url = reverse("admin:archive_article_upload")
    assert client.get(url).status_code == 200
    files = [
        SimpleUploadedFile("002.txt", (CORPUS / "002_587915966a4c247b.txt").read_bytes()),
        SimpleUploadedFile("003.txt", (CORPUS / "003_67422bcab32c76f7.txt").read_bytes()),
        SimpleUploadedFile("empty.txt", b"   "),
    ]
    response = client.post(url, {"files": files, "status": "reviewed", "outlet": ""}, follow=True)
    assert response.status_code == 200
    notes = [str(m) for m in response.context["messages"]]
    assert "empty.txt: empty file: no text" in notes, notes
    assert Article.objects.filter(status=Status.REVIEWED).count() == 2


def test_upload_needs_the_add_permission(client, article):
    user = get_user_model().objects.create_user("reader", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:archive_article_upload")).status_code == 403


def test_rerun_extraction_action(client, editor):
    from archive.importer import import_text

    article = import_text((CORPUS / "004_641f89a9d16cf0c7.txt").read_text(encoding="utf-8")).article
    Article.objects.filter(pk=article.pk).update(kind="other")
    article.positions.all().delete()
    client.force_login(editor)
    client.post(reverse("admin:archive_article_changelist"), {"action": "rerun_extraction", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.kind == "meeting"
    assert article.positions.count() >= 5


def test_a_second_editor_saving_an_outdated_form_is_refused_and_shown_the_change(client, editor, article):
    client.force_login(editor)
    url = reverse("admin:archive_article_change", args=[article.pk])
    opened = change_form_data(article)  # both editors open the article at this version
    first = client.post(url, {**opened, "lead": "Sửa của người thứ nhất"})
    assert first.status_code == 302
    second = client.post(url, {**opened, "lead": "Sửa của người thứ hai"})
    assert second.status_code == 200  # the form again, with the error
    html = second.content.decode()
    assert "after you opened it" in html or "sau khi bạn mở" in html
    assert reverse("admin:archive_article_history", args=[article.pk]) in html
    article.refresh_from_db()
    assert article.lead == "Sửa của người thứ nhất"  # the first change stands
    retry = client.post(url, change_form_data(article, lead="Sửa của người thứ hai"))
    assert retry.status_code == 302  # after reloading, the second editor can save


def test_every_change_is_in_the_history_with_who_and_what_and_can_be_restored(client, editor, article):
    client.force_login(editor)
    url = reverse("admin:archive_article_change", args=[article.pk])
    original_lead = article.lead
    assert client.post(url, change_form_data(article, lead="Lead mới")).status_code == 302
    latest = article.history.order_by("-history_date").first()
    assert latest.history_user == editor and latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert {(c.field, c.old, c.new) for c in delta.changes if c.field == "lead"} == {("lead", original_lead, "Lead mới")}
    history_page = client.get(reverse("admin:archive_article_history", args=[article.pk]))
    assert history_page.status_code == 200 and editor.username in history_page.content.decode()
    # Restore the earlier version through the admin's history form.
    earlier = latest.prev_record
    restore_url = reverse("admin:archive_article_simple_history", args=[article.pk, earlier.history_id])
    assert client.get(restore_url).status_code == 200
    article.refresh_from_db()
    response = client.post(restore_url, change_form_data(article, lead=earlier.lead, version=str(article.version)))
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.lead == original_lead
    assert article.raw_text and article.raw_sha256  # the raw text survives a restore untouched


def test_inline_changes_are_recorded_with_the_editor(client, editor, article):
    client.force_login(editor)
    url = reverse("admin:archive_article_change", args=[article.pk])
    client.post(url, change_form_data(article, **{"positions-0-text": "Câu đã sửa."}))
    position = article.positions.get()
    record = position.history.order_by("-history_date").first()
    assert record.history_user == editor and record.text == "Câu đã sửa."


def test_photo_captions_are_edited_as_rows_not_json(client, editor, article):
    article.captions = [{"text": "Hai bộ trưởng tại Bắc Kinh", "credit": "Reuters"}]
    article.save()
    client.force_login(editor)
    url = reverse("admin:archive_article_change", args=[article.pk])
    assert "Hai bộ trưởng tại Bắc Kinh | Reuters" in client.get(url).content.decode()
    article.refresh_from_db()
    response = client.post(url, change_form_data(
        article, captions="Hai bộ trưởng tại Bắc Kinh | Reuters\nToàn cảnh hội đàm"))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.captions == [{"text": "Hai bộ trưởng tại Bắc Kinh", "credit": "Reuters"},
                                {"text": "Toàn cảnh hội đàm", "credit": None}]
    assert "captions" in article.edited_fields
