"""One exchange, many reports: matching on import, the public pages and exports counting exchanges,
merge and split in the admin, the chronology in the database."""
import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse

from archive import exchanges, importer
from archive.models import Article, Exchange, KnownExchange, Position, Status
from tests.cast import listed

pytestmark = pytest.mark.django_db
REPORTS = Path(__file__).resolve().parent / "reports"
GOLD = {g["file"]: g for g in json.loads((REPORTS / "exchanges.json").read_text(encoding="utf-8"))}


def imported(*names, status=Status.PUBLISHED):
    """Import the named texts of tests/reports/ in one batch; {name: Article}."""
    results = importer.import_many([(n, (REPORTS / n).read_text(encoding="utf-8")) for n in names], status=status)
    return {name: result.article for name, result in results}


def exchange_of(articles, name):
    articles[name].refresh_from_db()
    return articles[name].exchange_id


def test_reports_of_one_exchange_in_other_words_and_layouts_join_one_exchange(reference):
    # r01 prints the year, r02 only its dateline does, r03 gives none; r07 carries only China's account.
    names = ["r01_vov_biden_tap_woodside.txt", "r02_dantri_tap_biden_filoli.txt", "r03_tuoitre_thuong_dinh_filoli.txt",
             "r07_cand_tap_dien_dam_biden_tan_hoa_xa.txt", "r08_vnexpress_biden_tap_dien_dam.txt"]
    articles = imported(*names)
    woodside = {exchange_of(articles, n) for n in names[:3]}
    call = {exchange_of(articles, n) for n in names[3:]}
    assert len(woodside) == 1 and len(call) == 1 and woodside != call
    assert Exchange.objects.count() == 2
    joined = articles[names[1]]
    assert joined.match_score >= 0.75 and [r["code"] for r in joined.match_reasons][:2] == ["same_day", "same_principals"]


def test_reports_imported_one_at_a_time_join_the_exchange_already_archived(reference):
    first = imported("r12_nhandan_vuong_nghi_blinken.txt")
    second = imported("r13_znews_vuong_nghi_blinken_dieu_ngu_dai.txt")
    assert exchange_of(first, "r12_nhandan_vuong_nghi_blinken.txt") == exchange_of(
        second, "r13_znews_vuong_nghi_blinken_dieu_ngu_dai.txt")


def test_traps_stay_apart(reference):
    names = ["r12_nhandan_vuong_nghi_blinken.txt", "r14_vov_tap_tiep_blinken.txt",  # 19/6/2023: Wang Yi, then Xi
             "r09_vietnamplus_trump_tap_mot_trung_quoc.txt", "r11_baoquocte_luc_khang_hop_bao.txt",  # a call; a briefing
             "r21_laodong_sullivan_vuong_nghi_bangkok.txt", "r17_ttxvn_sullivan_vuong_nghi_bac_kinh.txt"]  # months apart
    articles = imported(*names)
    assert len({exchange_of(articles, n) for n in names}) == len(names)


def test_the_public_pages_count_each_exchange_once(client, reference):
    names = ["r01_vov_biden_tap_woodside.txt", "r02_dantri_tap_biden_filoli.txt", "r03_tuoitre_thuong_dinh_filoli.txt",
             "r12_nhandan_vuong_nghi_blinken.txt"]
    articles = imported(*names)
    woodside = Exchange.objects.get(pk=exchange_of(articles, names[0]))
    html = client.get("/en/").content.decode()
    assert listed(html) == [woodside.slug, Exchange.objects.get(pk=exchange_of(articles, names[3])).slug]
    assert "2 exchanges" in html and "3 reports: VOV, Dân trí, Tuổi Trẻ" in html
    # The issue page counts exchanges, not reports; so does the facet beside the timeline.
    page = client.get(f"/en/exchanges/{woodside.slug}/").content.decode()
    assert page.count('class="position ') == len(_distinct_statements(woodside))
    for name in names[:3]:
        # The article's old address still works, and leads to its exchange.
        response = client.get(articles[name].get_absolute_url())
        assert response.status_code == 200 and woodside.get_absolute_url() in response.content.decode()
    actor = client.get("/en/actors/tap-can-binh/").content.decode()
    assert "Took part in 1 exchange" in actor


def _distinct_statements(exchange):
    from archive.statements import sentence_key

    return {(p.side, sentence_key(p.text)) for p in Position.objects.filter(article__exchange=exchange)}


def test_the_same_sentence_from_several_reports_is_shown_once_with_its_outlets(client, reference):
    names = ["r17_ttxvn_sullivan_vuong_nghi_bac_kinh.txt", "r18_baodanang_sullivan_vuong_nghi_theo_ttxvn.txt"]
    articles = imported(*names)
    exchange = Exchange.objects.get(pk=exchange_of(articles, names[0]))
    assert exchange.reports.count() == 2  # the wire story and its reprint
    for prefix, every, only in (("/en", "In every report:", "Only in"), ("", "Có trong mọi bài:", "Chỉ có ở")):
        html = client.get(f"{prefix}/exchanges/{exchange.slug}/").content.decode()
        shared = _distinct_statements(exchange)
        total = Position.objects.filter(article__exchange=exchange).count()
        assert html.count('class="position ') == len(shared) < total
        assert every in html


def test_exports_list_exchanges_once_and_statements_name_their_exchange(client, reference):
    names = ["r01_vov_biden_tap_woodside.txt", "r02_dantri_tap_biden_filoli.txt", "r12_nhandan_vuong_nghi_blinken.txt"]
    articles = imported(*names)
    rows = json.loads(b"".join(client.get("/?format=json").streaming_content))
    assert len(rows) == 2
    woodside = next(r for r in rows if r["reports"] == 2)
    assert woodside["outlets"] == ["VOV", "Dân trí"] and len(woodside["report_permalinks"]) == 2
    assert woodside["participants_cn"] == ["Tập Cận Bình"]
    statements = list(csv.DictReader(io.StringIO(b"".join(
        client.get("/positions/?format=csv").streaming_content).decode())))
    exchange = Exchange.objects.get(pk=exchange_of(articles, names[0]))
    assert {row["exchange"] for row in statements if row["article_slug"] == articles[names[1]].slug} == {exchange.slug}


def test_merge_and_split_keep_every_report_and_statement_with_history(reference):
    a = imported("r21_laodong_sullivan_vuong_nghi_bangkok.txt")["r21_laodong_sullivan_vuong_nghi_bangkok.txt"]
    b = imported("r17_ttxvn_sullivan_vuong_nghi_bac_kinh.txt")["r17_ttxvn_sullivan_vuong_nghi_bac_kinh.txt"]
    statements = Position.objects.count()
    target, other = Exchange.objects.get(pk=a.exchange_id), Exchange.objects.get(pk=b.exchange_id)
    other_pk = other.pk
    exchanges.merge(target, [other])
    assert set(Article.objects.values_list("exchange_id", flat=True)) == {target.pk}
    assert not Exchange.objects.filter(pk=other_pk).exists()
    assert Exchange.history.filter(id=other_pk, history_type="-").exists()
    b.refresh_from_db()
    assert b.history.filter(exchange_id=target.pk).exists() and b.history.filter(exchange_id=other_pk).exists()
    alone = exchanges.split(b)
    b.refresh_from_db()
    assert b.exchange_id == alone.pk != target.pk and b.match_candidate_id == target.pk
    assert Exchange.objects.count() == 2 and Position.objects.count() == statements
    assert Article.objects.count() == 2


def test_an_exchange_whose_last_report_is_deleted_goes_with_it(reference):
    article = imported("r12_nhandan_vuong_nghi_blinken.txt")["r12_nhandan_vuong_nghi_blinken.txt"]
    article.delete()
    assert not Exchange.objects.exists()


def test_the_migration_gives_every_article_an_exchange_of_its_own(cast):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("archive.migrations.0008_exchanges")
    Article.objects.update(exchange=None)
    Exchange.objects.all().delete()
    migration.one_exchange_per_article(apps, None)
    assert Article.objects.filter(exchange__isnull=True).count() == 0
    assert Exchange.objects.count() == Article.objects.count()
    for article in Article.objects.select_related("exchange"):
        assert (article.exchange.event_date, article.exchange.kind, article.exchange.slug) == (
            article.event_date, article.kind, article.slug)


def test_the_chronology_is_loaded_editable_and_used_for_dating(reference):
    assert KnownExchange.objects.count() >= 150
    known = KnownExchange.objects.get(event_date="2009-01-30")
    assert ({a.slug for a in known.cn.all()}, {a.slug for a in known.us.all()}) == ({"ho-cam-dao"}, {"barack-obama"})
    text = ("Hồ Cẩm Đào điện đàm với Obama\n(VOV) - Ngày 30/1, Chủ tịch Trung Quốc Hồ Cẩm Đào đã điện đàm với Tổng "
            "thống Mỹ Barack Obama. Ông Obama nhấn mạnh hai nước cần hợp tác chặt chẽ. Ông Hồ khẳng định Trung Quốc "
            "mong muốn quan hệ ổn định và lâu dài.")
    record = importer.import_text(text, dry_run=True).record
    assert str(record.event_date) == "2009-01-30" and "chronology" in [e["code"] for e in record.evidence]
    # The chronology as editors keep it: without that entry the year is left open.
    known.delete()
    record = importer.import_text(text, dry_run=True).record
    assert record.event_date is None and "open" in [e["code"] for e in record.evidence]


def test_the_exchange_page_s_queries_do_not_grow_with_its_reports(client, reference, django_assert_num_queries):
    names = ["r01_vov_biden_tap_woodside.txt", "r02_dantri_tap_biden_filoli.txt", "r03_tuoitre_thuong_dinh_filoli.txt"]
    articles = imported(names[0])
    slug = Exchange.objects.get(pk=exchange_of(articles, names[0])).slug

    def count():
        with django_assert_num_queries(7) as captured:
            assert client.get(f"/exchanges/{slug}/").status_code == 200
        return len(captured)

    before = count()
    imported(*names[1:])
    assert Exchange.objects.get(slug=slug).reports.count() == 3
    assert count() == before


@pytest.fixture
def editor(reference, monkeypatch):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    monkeypatch.setattr("sys.stdin", io.StringIO("Mật-khẩu-dài-2026\n"))
    call_command("create_editor", "bien-tap", "--password-stdin")
    return get_user_model().objects.get(username="bien-tap")


def test_editors_merge_exchanges_and_split_a_report_out_in_the_admin(client, editor):
    articles = imported("r21_laodong_sullivan_vuong_nghi_bangkok.txt", "r17_ttxvn_sullivan_vuong_nghi_bac_kinh.txt")
    ids = sorted({a.exchange_id for a in articles.values()})
    client.force_login(editor)
    response = client.post(reverse("admin:archive_exchange_changelist"),
                           {"action": "merge", "_selected_action": [str(pk) for pk in ids]})
    assert response.status_code == 302
    assert set(Article.objects.values_list("exchange_id", flat=True)) == {ids[0]}
    page = client.get(reverse("admin:archive_exchange_change", args=[ids[0]])).content.decode()
    assert all(a.title in page for a in articles.values())  # the reports, listed on the exchange
    report = articles["r17_ttxvn_sullivan_vuong_nghi_bac_kinh.txt"]
    client.post(reverse("admin:archive_article_changelist"), {"action": "split_out", "_selected_action": [str(report.pk)]})
    report.refresh_from_db()
    assert report.exchange_id != ids[0] and Exchange.objects.count() == 2
    page = client.get(reverse("admin:archive_article_change", args=[report.pk])).content.decode()
    assert "taken out of its former exchange by an editor" in page or "do biên tập viên tách" in page


def test_a_doubtful_match_is_left_for_editors_and_listed_for_them(client, editor):
    first = imported("r08_vnexpress_biden_tap_dien_dam.txt")["r08_vnexpress_biden_tap_dien_dam.txt"]
    # China's account naming no one on the American side: one principal shared, the other missing.
    text = ("Tập Cận Bình nêu lập trường về Đài Loan\n(TTXVN) - Theo Tân Hoa xã, ngày 2/4/2024, Chủ tịch Trung Quốc "
            "Tập Cận Bình đã điện đàm theo đề nghị của phía Mỹ. Ông Tập nhấn mạnh vấn đề Đài Loan là lằn ranh đỏ "
            "đầu tiên không được vượt qua. Ông Tập khẳng định Trung Quốc sẽ không ngồi yên.")
    lone = importer.import_text(text, status=Status.PUBLISHED).article
    assert lone.exchange_id != first.exchange_id and lone.match_candidate_id == first.exchange_id
    client.force_login(editor)
    html = client.get(reverse("admin:archive_article_changelist"), {"match": "doubtful"}).content.decode()
    assert lone.title in html and first.title not in html
