"""An editor in a real browser reviews an article end to end on the review screen: change a side, add a
statement by selecting its text, set an open year, mark it reviewed, and read the three corrections in
the extraction report."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from archive import agreement, importer, review
from archive.models import Article, KnownExchange, Origin, Status

pytestmark = pytest.mark.browser

TEXT = ("Hồ Cẩm Đào điện đàm với Obama\n(VOV) - Ngày 30/1, Chủ tịch Trung Quốc Hồ Cẩm Đào đã điện đàm với Tổng thống "
        "Mỹ Barack Obama. Ông Obama nhấn mạnh hai nước cần hợp tác chặt chẽ. Ông Hồ khẳng định Trung Quốc mong muốn "
        "quan hệ ổn định và lâu dài. Hai nhà lãnh đạo còn bàn về biến đổi khí hậu và tình hình bán đảo Triều Tiên.")
MISSED = "Hai nhà lãnh đạo còn bàn về biến đổi khí hậu"


@pytest.fixture
def editor_page(page, live_server, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Mật-khẩu-dài-2026\n"))
    call_command("create_editor", "bien-tap", "--password-stdin")
    # A Vietnamese editor's browser: the admin follows its language.
    page.context.set_extra_http_headers({"Accept-Language": "vi-VN,vi;q=0.9"})
    page.goto("/admin/login/")
    page.fill("#id_username", "bien-tap")
    page.fill("#id_password", "Mật-khẩu-dài-2026")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def test_an_editor_reviews_an_article_on_one_screen(editor_page):
    page = editor_page
    KnownExchange.objects.filter(event_date="2009-01-30").delete()  # the text then leaves its year open
    article = importer.import_text(TEXT).article
    assert article.event_date is None
    position = article.positions.filter(side="US").first()

    page.goto("/admin/archive/article/review/")
    page.get_by_role("link", name=article.title).click()
    page.wait_for_selector("#raw-text")
    page.screenshot_as("review")
    assert page.locator("#raw-text .mark").count() == article.positions.exclude(span_start=None).count()

    # 1. A side, with the keyboard: focus the statement and press 1 (China).
    page.locator(f"#statement-{position.pk}").focus()
    with page.expect_navigation():
        page.keyboard.press("1")
    position.refresh_from_db()
    assert position.side == "CN"

    # 2. A statement the extractor missed, by selecting its words in the raw text.
    page.evaluate("""(missed) => {
        const raw = document.getElementById('raw-text');
        const walker = document.createTreeWalker(raw, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            const at = node.textContent.indexOf(missed);
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + missed.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                raw.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                return;
            }
        }
    }""", MISSED)
    assert page.locator("#selection-preview").inner_text() == MISSED
    form = page.locator("#add-statement")
    form.locator("select[name=side]").select_option("JOINT")
    with page.expect_navigation():
        form.get_by_role("button").click()
    added = article.positions.get(origin=Origin.ADDED)
    assert added.text == MISSED and article.raw_text[added.span_start:added.span_end] == MISSED

    # 3. The open year.
    page.locator("input[name=date]").fill("2009")
    with page.expect_navigation():
        page.locator("input[name=date]").press("Enter")
    article.refresh_from_db()
    assert str(article.event_date) == "2009-01-30"
    page.screenshot_as("review-corrected")

    # Mark reviewed: the queue is empty now, so the queue opens.
    assert page.locator("#mark-reviewed").inner_text() == "Đánh dấu đã duyệt và mở bài tiếp theo"  # in Vietnamese
    page.locator("#mark-reviewed").click()
    page.wait_for_url("**/admin/archive/article/review/")
    article.refresh_from_db()
    assert article.status == Status.REVIEWED and article.reviewed_by == "bien-tap"

    figures = agreement.report(review.reviewed_rows())["overall"]
    assert (figures["side_changed"], figures["statements_added"], figures["date_left_open"]) == (1, 1, 1)
    page.goto("/admin/archive/article/report/")
    page.screenshot_as("report")
    assert page.locator(".report-table table").is_visible()
