"""The review desk: the queue ordered by doubt, the review screen and its corrections, the extraction report."""
import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from archive import agreement, importer, review
from archive.models import Actor, Article, Origin, Position, Status

pytestmark = pytest.mark.django_db
REPORTS = Path(__file__).resolve().parent / "reports"
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture
def editor(reference, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Mật-khẩu-dài-2026\n"))
    call_command("create_editor", "bien-tap", "--password-stdin")
    return get_user_model().objects.get(username="bien-tap")


def imported(path, status=Status.DRAFT):
    return importer.import_text(path.read_text(encoding="utf-8"), status=status).article


def correct(client, article, action, **fields):
    article.refresh_from_db()
    return client.post(reverse("admin:archive_article_correct", args=[article.pk, action]),
                       {"version": article.version, **fields})


def test_the_queue_puts_the_most_doubtful_first_and_says_why(client, editor):
    sure = imported(REPORTS / "r12_nhandan_vuong_nghi_blinken.txt")
    doubtful = imported(REPORTS / "r11_baoquocte_luc_khang_hop_bao.txt")  # no participant on one side
    imported(CORPUS / "002_587915966a4c247b.txt", status=Status.PUBLISHED)  # published: not in the queue
    rows = list(review.queue())
    assert [a.pk for a in rows] == [doubtful.pk, sure.pk] and rows[0].doubt > rows[1].doubt
    assert {a.pk for a in rows} == {sure.pk, doubtful.pk}
    first = next(a for a in rows if a.pk == doubtful.pk)
    assert "một bên không có người tham gia" in [str(r) for r in review.reasons_of(first)]  # the admin is in Vietnamese
    assert [a.pk for a in review.queue(reason="one_side")] == [doubtful.pk]
    assert [a.pk for a in review.queue(batch=sure.import_batch)] == [sure.pk]
    client.force_login(editor)
    html = client.get(reverse("admin:archive_article_review_queue"), {"reason": "one_side"}).content.decode()
    assert doubtful.title in html and sure.title not in html


def test_the_review_screen_highlights_every_statement_at_its_span(client, editor):
    article = imported(CORPUS / "002_587915966a4c247b.txt")
    client.force_login(editor)
    html = client.get(reverse("admin:archive_article_review", args=[article.pk])).content.decode()
    spanned = article.positions.exclude(span_start=None)
    assert spanned.exists() and html.count('class="mark side-') == spanned.count()
    for position in spanned:
        assert f'id="mark-{position.pk}"' in html and f'id="statement-{position.pk}"' in html


def test_anonymous_readers_are_sent_to_log_in_and_viewers_cannot_correct(client, reference):
    article = imported(CORPUS / "002_587915966a4c247b.txt")
    response = client.get(reverse("admin:archive_article_review", args=[article.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    viewer = get_user_model().objects.create_user("doc-gia", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.get(reverse("admin:archive_article_review", args=[article.pk])).status_code == 200
    position = article.positions.first()
    assert correct(client, article, "side", position=position.pk, side="US").status_code == 403
    position.refresh_from_db()
    assert position.side != "US" or position.origin == Origin.EXTRACTED


def test_each_correction_is_kept_with_its_editor_and_the_extracted_value_beside_it(client, editor):
    article = imported(CORPUS / "002_587915966a4c247b.txt")
    client.force_login(editor)
    position = article.positions.filter(side="CN").first()
    correct(client, article, "side", position=position.pk, side="US")
    position.refresh_from_db()
    assert (position.side, position.origin) == ("US", Origin.EDITED)
    assert position.history.first().history_user == editor
    article.refresh_from_db()
    assert "positions" in article.edited_fields
    html = client.get(reverse("admin:archive_article_review", args=[article.pk])).content.decode()
    assert "khi trích xuất: CN" in html and "nay, do bien-tap sửa" in html

    correct(client, article, "speaker", position=position.pk, speaker="antony-blinken")
    position.refresh_from_db()
    assert position.speaker.slug == "antony-blinken"

    count = article.positions.count()
    start = article.raw_text.index("Phía Mỹ")
    correct(client, article, "add", start=start, end=start + 40, side="US", speaker="")
    added = article.positions.get(origin=Origin.ADDED)
    assert added.text == article.raw_text[start:start + 40].strip() and (added.span_start, added.span_end) == (
        start, start + 40)
    assert article.positions.count() == count + 1

    first, second = list(article.positions.order_by("order", "pk"))[:2]
    joined = f"{first.text} {second.text}"
    correct(client, article, "merge", position=first.pk)
    first.refresh_from_db()
    assert first.text == joined and not Position.objects.filter(pk=second.pk).exists()
    correct(client, article, "split", position=first.pk, at=len(joined) - len(second.text))
    assert article.positions.filter(text=second.text.strip()).exists()

    victim = article.positions.last()
    correct(client, article, "drop", position=victim.pk)
    assert not Position.objects.filter(pk=victim.pk).exists()

    correct(client, article, "kind", kind="meeting")
    correct(client, article, "remove-participant", actor="antony-blinken")
    correct(client, article, "add-participant", actor="joe-biden", side="US")
    article.refresh_from_db()
    assert article.kind == "meeting" and {"kind", "participants", "positions"} <= set(article.edited_fields)
    assert list(article.participations.values_list("actor__slug", flat=True)) == ["duong-khiet-tri", "joe-biden"]


def test_an_open_year_is_set_from_the_year_alone(client, editor):
    text = ("Hồ Cẩm Đào điện đàm với Obama\n(VOV) - Ngày 30/1, Chủ tịch Trung Quốc Hồ Cẩm Đào đã điện đàm với Tổng "
            "thống Mỹ Barack Obama. Ông Obama nhấn mạnh hai nước cần hợp tác chặt chẽ. Ông Hồ khẳng định Trung Quốc "
            "mong muốn quan hệ ổn định và lâu dài.")
    from archive.models import KnownExchange

    KnownExchange.objects.filter(event_date="2009-01-30").delete()  # so that the text leaves the year open
    article = importer.import_text(text).article
    assert article.event_date is None
    client.force_login(editor)
    correct(client, article, "date", date="2010")
    article.refresh_from_db()
    assert str(article.event_date) == "2010-01-30" and article.date_certainty == "exact"
    assert {"event_date", "date_certainty"} <= set(article.edited_fields)
    assert article.date_evidence[-1] == {"code": "set_by_editor", "date": "2010-01-30"}


def test_a_save_from_a_stale_page_is_refused_and_nothing_is_saved(client, editor):
    article = imported(CORPUS / "002_587915966a4c247b.txt")
    client.force_login(editor)
    position = article.positions.filter(side="CN").first()
    stale = article.version
    correct(client, article, "kind", kind="meeting")
    response = client.post(reverse("admin:archive_article_correct", args=[article.pk, "side"]),
                           {"version": stale, "position": position.pk, "side": "US"}, follow=True)
    assert "đã được người khác sửa từ khi bạn mở" in response.content.decode()
    position.refresh_from_db()
    assert position.side == "CN"


def test_marking_reviewed_opens_the_next_in_the_queue(client, editor):
    first = imported(REPORTS / "r11_baoquocte_luc_khang_hop_bao.txt")
    second = imported(REPORTS / "r12_nhandan_vuong_nghi_blinken.txt")
    client.force_login(editor)
    response = correct(client, first, "reviewed")
    assert response["Location"] == reverse("admin:archive_article_review", args=[second.pk])
    first.refresh_from_db()
    assert (first.status, first.reviewed_by) == (Status.REVIEWED, "bien-tap") and first.reviewed_at
    assert first.pk not in [a.pk for a in review.queue()]


def test_the_extraction_report_counts_what_editors_changed(client, editor):
    a = imported(CORPUS / "002_587915966a4c247b.txt")
    b = imported(REPORTS / "r12_nhandan_vuong_nghi_blinken.txt")
    client.force_login(editor)
    extracted_a, extracted_b = a.positions.count(), b.positions.count()
    # Known corrections: on a, one side changed, one statement dropped, one added; on b, the kind.
    cn = a.positions.filter(side="CN").first()
    correct(client, a, "side", position=cn.pk, side="US")
    correct(client, a, "drop", position=a.positions.exclude(pk=cn.pk).last().pk)
    start = a.raw_text.index("Phía Mỹ")
    correct(client, a, "add", start=start, end=start + 30, side="US", speaker="")
    correct(client, b, "kind", kind="summit")
    correct(client, a, "reviewed")
    correct(client, b, "reviewed")
    figures = agreement.report(review.reviewed_rows())["overall"]
    assert figures["articles"] == 2
    assert figures["statements_extracted"] == extracted_a + extracted_b
    assert (figures["side_changed"], figures["statements_dropped"], figures["statements_added"]) == (1, 1, 1)
    assert figures["statements_kept"] == extracted_a + extracted_b - 2
    assert (figures["kind_agreed"], figures["kind"]) == (1, 0.5)
    assert figures["date_agreed"] == figures["date_compared"] == 2 and figures["date_wrong"] == 0
    assert figures["participants_kept"] == figures["participants_extracted"] == figures["participants_found"]
    out = io.StringIO()
    call_command("extraction_report", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["overall"]["side_changed"] == 1 and list(report["by_version"]) == [a.extractor_version]
    assert set(report["by_outlet"]) == {a.outlet.name, b.outlet.name}
    out = io.StringIO()
    call_command("extraction_report", "--format", "csv", stdout=out)
    assert out.getvalue().splitlines()[1].startswith("overall,,2,")
    page = client.get(reverse("admin:archive_article_report")).content.decode()
    assert "đổi bên" in page and "tổng thể" in page


def test_re_extraction_shows_what_would_change_first_and_keeps_editors_decisions(client, editor):
    article = imported(CORPUS / "002_587915966a4c247b.txt")
    client.force_login(editor)
    correct(client, article, "kind", kind="meeting")
    Article.objects.filter(pk=article.pk).update(event_date="2021-02-07")  # as if an older extractor had erred
    article.refresh_from_db()
    page = client.get(reverse("admin:archive_article_reextract", args=[article.pk])).content.decode()
    assert "2021-02-07" in page and "2021-02-06" in page  # the date would change back
    assert "Giữ như biên tập viên đã đặt: kind." in page
    article.refresh_from_db()
    assert str(article.event_date) == "2021-02-07"  # nothing applied by looking
    client.post(reverse("admin:archive_article_reextract", args=[article.pk]), {"version": article.version})
    article.refresh_from_db()
    assert str(article.event_date) == "2021-02-06" and article.kind == "meeting"


def test_the_admin_speaks_the_editor_s_language(client, editor):
    article = imported(CORPUS / "002_587915966a4c247b.txt")
    client.force_login(editor)
    position = article.positions.filter(side="CN").first()
    correct(client, article, "side", position=position.pk, side="US")
    url = reverse("admin:archive_article_review", args=[article.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mark reviewed and open the next" in english and "extracted: CN, Dương Khiết Trì" in english
    vietnamese = client.get(url).content.decode()  # a browser asking for neither: Vietnamese
    assert "Đánh dấu đã duyệt và mở bài tiếp theo" in vietnamese
    assert '<html lang="vi"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()  # public pages: by URL
