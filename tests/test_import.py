import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive import importer
from archive.models import Actor, Article, Origin, Position, RelatedLink, Status

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SAMPLE = CORPUS / "002_587915966a4c247b.txt"


def import_cmd(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError:
        code = 1
    return code, out.getvalue(), err.getvalue()


def test_imports_the_corpus_once(reference):
    code, out, _ = import_cmd(CORPUS, "--status", "published")
    assert code == 0 and "imported: 5, already present: 0, failed: 0" in out
    code, out, _ = import_cmd(CORPUS)
    assert "imported: 0, already present: 5, failed: 0" in out
    assert Article.objects.count() == 5
    assert set(Article.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    # One import run is one batch, which the review queue filters by.
    [batch] = set(Article.objects.values_list("import_batch", flat=True))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [0-9a-f]{4}", batch)


def test_a_record_holds_the_extraction(reference):
    import_cmd(SAMPLE)
    article = Article.objects.get()
    assert article.raw_text == SAMPLE.read_text(encoding="utf-8")
    assert article.slug == "quan-chuc-my-trung-dien-dam-bat-dong-quan-diem-trong-hang-loat-van-de"
    # The page signs "VOV.VN": the registry's outlet VOV, not a second outlet named after the mark.
    assert (article.outlet.slug, str(article.event_date), article.kind) == ("vov", "2021-02-06", "call")
    assert [(p.actor.slug, p.side) for p in article.participations.all()] == [
        ("duong-khiet-tri", "CN"), ("antony-blinken", "US")]
    assert article.positions.count() >= 9
    assert article.positions.filter(side="JOINT").exists()
    assert set(article.issues.values_list("slug", flat=True)) >= {"taiwan", "myanmar"}
    assert article.related_links.count() == 7
    assert article.status == Status.DRAFT


def test_same_text_after_nfc_and_bom_is_the_same_article(reference, tmp_path):
    import unicodedata
    text = SAMPLE.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).encode())
    (tmp_path / "b.txt").write_bytes(text.encode("utf-16"))
    code, out, _ = import_cmd(tmp_path / "a.txt", tmp_path / "b.txt", SAMPLE)
    assert "imported: 1, already present: 2" in out
    assert Article.objects.count() == 1


def test_bad_files_are_named_and_the_rest_go_on(reference, tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (tmp_path / "short.txt").write_text("Tiêu đề\nMột dòng.")
    code, out, err = import_cmd(tmp_path / "empty.txt", tmp_path / "binary.txt", tmp_path / "short.txt", SAMPLE,
                                tmp_path / "missing.txt")
    assert code == 1
    assert "imported: 1, already present: 0, failed: 4" in out
    for name, why in [("empty.txt", "empty"), ("binary.txt", "binary"), ("short.txt", "no recognisable article body"),
                      ("missing.txt", "No such file")]:
        assert name in err and why in err
    assert Article.objects.count() == 1


def test_size_limit_is_configurable(reference, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1000
    code, _, err = import_cmd(SAMPLE)
    assert code == 1 and "over the limit" in err
    assert not Article.objects.exists()


def test_dry_run_saves_nothing(reference):
    code, out, _ = import_cmd(CORPUS, "--dry-run")
    assert "would import: 5" in out
    assert not Article.objects.exists()


def test_standard_input_and_outlet_option(reference, monkeypatch):
    text = (CORPUS / "003_67422bcab32c76f7.txt").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text)))
    code, out, _ = import_cmd("-", "--outlet", "TTXVN")
    assert code == 0
    assert Article.objects.get().outlet.name == "TTXVN"


def test_a_failure_leaves_nothing_half_saved(reference, monkeypatch):
    from archive import bulk

    insert = bulk.insert

    def explode(model, objects):
        if model is Position:  # after the article and its participants
            raise RuntimeError("disk full")
        insert(model, objects)

    monkeypatch.setattr(bulk, "insert", explode)
    with pytest.raises(RuntimeError):
        importer.import_text(SAMPLE.read_text(encoding="utf-8"))
    assert not Article.objects.exists()
    assert not RelatedLink.objects.exists()


def test_markup_is_stored_as_text(reference):
    text = SAMPLE.read_text(encoding="utf-8").replace("Hai bên đã trao đổi", "<script>alert(1)</script> Hai bên đã trao đổi")
    article = importer.import_text(text).article
    assert "<script>alert(1)</script>" in article.body


def test_html_pasted_instead_of_text(reference):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in lines if line.strip()) + "</body></html>"
    article = importer.import_text(page).article
    assert article.title.startswith("Quan chức Mỹ-Trung điện đàm")
    assert "<p>" not in article.body and article.positions.count() >= 9
    assert article.raw_text == page
    # Offsets would point into the text made from the markup, not into the stored page.
    assert not article.positions.filter(span_start__isnull=False).exists()


def test_reextraction_keeps_what_an_editor_changed(reference):
    article = importer.import_text(SAMPLE.read_text(encoding="utf-8")).article
    positions = article.positions.count()
    article.title = "Tiêu đề của biên tập viên"
    article.mark_edited(["title"])
    article.save()
    position = article.positions.first()
    position.text, position.origin = "Câu đã sửa.", Origin.EDITED
    position.save()
    article.mark_edited(["positions"])
    article.save()
    importer.reextract(article)
    article.refresh_from_db()
    assert article.title == "Tiêu đề của biên tập viên"
    assert article.positions.filter(text="Câu đã sửa.").exists()
    assert article.positions.count() == positions
    assert article.edited_fields == ["title", "positions"]
    assert article.event_date.isoformat() == "2021-02-06"


def test_related_news_link_to_archived_articles(reference, tmp_path):
    first = importer.import_text(SAMPLE.read_text(encoding="utf-8")).article
    listed = first.related_links.first()
    later = ("Trung Quốc hoan nghênh Mỹ - Nga gia hạn Hiệp ước New START\nVOV.VN - Ngày 27/1/2021, Bộ Ngoại giao Trung "
             "Quốc hoan nghênh việc Mỹ và Nga gia hạn hiệp ước. Trung Quốc cho rằng động thái này góp phần ổn định chiến lược.")
    new = importer.import_text(later).article
    listed.refresh_from_db()
    assert listed.title == new.title and listed.target == new
    # And the other way round: a newer article listing an archived one links at once.
    page = later.replace("Ngày 27/1/2021", "Ngày 28/1/2021") + "\nTin liên quan\n" + first.title + "\n07:59 | 07/02/2021 Thế giới\n"
    newest = importer.import_text(page).article
    assert newest.related_links.get().target == first


def test_unknown_officials_become_actors_to_review(reference):
    text = ("Tiêu đề\nNgày 26/7/2021, Thứ trưởng Ngoại giao Mỹ Wendy Sherman đã hội đàm với Ngoại trưởng Trung Quốc Vương "
            "Nghị tại Thiên Tân. Bà Wendy Sherman bày tỏ quan ngại về nhân quyền và các vấn đề khác.")
    article = importer.import_text(text).article
    assert Actor.objects.filter(name="Wendy Sherman", side="US").exists()
    assert article.participations.count() == 2


def corpus_texts():
    return [(path.name, path.read_text(encoding="utf-8")) for path in sorted(CORPUS.glob("*.txt"))]


def test_a_batch_import_stores_what_single_imports_store(reference):
    singly = {}
    for name, text in corpus_texts():
        article = importer.import_text(text, status=Status.PUBLISHED).article
        singly[name] = snapshot(article)
    Article.objects.all().delete()
    results = list(importer.import_many(corpus_texts(), status=Status.PUBLISHED, batch_size=3))
    assert [(name, result.outcome) for name, result in results] == [(name, "created") for name, _ in corpus_texts()]
    assert {name: snapshot(result.article) for name, result in results} == singly


def snapshot(article):
    article = Article.objects.get(pk=article.pk)
    return {
        "fields": (article.title, article.slug, article.outlet.name if article.outlet else None, article.lead,
                   article.body, article.event_date, article.kind, article.status, article.search_text,
                   article.title_key, article.version),
        "issues": sorted(article.issues.values_list("slug", flat=True)),
        "participants": list(article.participations.values_list("actor__slug", "side", "order")),
        "positions": [(p.side, p.speaker.slug if p.speaker else None, p.body, p.text, p.order,
                       sorted(p.issues.values_list("slug", flat=True))) for p in article.positions.all()],
        "related": list(article.related_links.values_list("title", "title_key", "order", "target__slug")),
        "history": list(article.history.values_list("history_type", "title")),
    }


def test_worker_processes_extract_the_same(reference):
    here = {name: r.record.to_dict() for name, r in importer.import_many(corpus_texts(), dry_run=True)}
    there = {name: r.record.to_dict() for name, r in importer.import_many(corpus_texts(), dry_run=True, jobs=2,
                                                                           batch_size=2)}
    assert there == here and len(here) == 5


def test_a_batch_names_its_failures_and_duplicates(reference):
    texts = corpus_texts()
    given = [texts[0], ("empty.txt", " \n"), texts[1], ("again.txt", texts[0][1]), ("short.txt", "Tiêu đề\nMột dòng."),
             texts[2], ("later-again.txt", texts[1][1])]
    results = list(importer.import_many(given, batch_size=3, jobs=1))
    assert [(name, result.outcome) for name, result in results] == [
        (texts[0][0], "created"), ("empty.txt", "failed"), (texts[1][0], "created"), ("again.txt", "present"),
        ("short.txt", "failed"), (texts[2][0], "created"), ("later-again.txt", "present"),
    ]
    outcome = dict(results)
    assert outcome["again.txt"].article == outcome[texts[0][0]].article
    assert outcome["later-again.txt"].article == outcome[texts[1][0]].article
    assert "empty" in outcome["empty.txt"].error and "no recognisable article body" in outcome["short.txt"].error
    assert Article.objects.count() == 3


def test_a_refused_batch_is_stored_one_by_one(reference, monkeypatch):
    from django.db import IntegrityError

    from archive import bulk

    insert_articles = bulk.insert_articles

    def refuse_one(articles):
        if any(article.outlet and article.outlet.name == "VOH" for article in articles):
            raise IntegrityError("value violates a constraint")
        insert_articles(articles)

    monkeypatch.setattr(bulk, "insert_articles", refuse_one)
    results = dict(importer.import_many(corpus_texts(), batch_size=5))
    refused = [name for name, result in results.items() if result.outcome == "failed"]
    assert len(refused) == 1 and "the database refused it" in results[refused[0]].error
    assert Article.objects.count() == 4 and not Article.objects.filter(outlet__name="VOH").exists()
    assert not Position.objects.filter(article__isnull=True).exists()


def test_articles_of_one_batch_link_to_each_other(reference):
    listed = ("Trung Quốc hoan nghênh Mỹ - Nga gia hạn Hiệp ước New START\nVOV.VN - Ngày 27/1/2021, Bộ Ngoại giao Trung "
              "Quốc hoan nghênh việc Mỹ và Nga gia hạn hiệp ước. Trung Quốc cho rằng động thái này góp phần ổn định chiến lược.")
    results = dict(importer.import_many([("listing", SAMPLE.read_text(encoding="utf-8")), ("listed", listed)]))
    link = results["listing"].article.related_links.get(title_key=results["listed"].article.title_key)
    assert link.target == results["listed"].article


def test_a_batch_costs_the_same_queries_whatever_its_length(reference):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    knowledge = importer.current_knowledge()
    records = [(text, importer.extract(text, knowledge), "") for _, text in corpus_texts()]
    importer.create_articles(records, Status.PUBLISHED)  # creates the outlets and new actors the texts name
    counts = []
    sample = next(r for r in records if r[0] == SAMPLE.read_text(encoding="utf-8"))  # with every kind of row
    for batch in ([sample], records):
        Article.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            importer.create_articles(batch, Status.PUBLISHED)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert Article.objects.count() == 5


def _spans_hold_their_statements(article):
    for position in article.positions.all():
        found = " ".join(article.raw_text[position.span_start:position.span_end].split())
        assert found.startswith(" ".join(position.text.split()[:4])), position.text
        assert found.endswith(" ".join(position.text.split()[-3:])), position.text


def test_statements_keep_their_spans_in_the_raw_text_through_reextraction(reference):
    article = importer.import_text(SAMPLE.read_text(encoding="utf-8")).article
    assert article.positions.count() >= 9 and not article.positions.filter(span_start__isnull=True).exists()
    _spans_hold_their_statements(article)
    before = list(article.positions.values_list("span_start", "span_end", "doubt"))
    importer.reextract(article)
    assert list(article.positions.values_list("span_start", "span_end", "doubt")) == before
    _spans_hold_their_statements(article)


def test_the_date_s_evidence_is_stored_as_structured_data(reference):
    article = importer.import_text(SAMPLE.read_text(encoding="utf-8")).article
    assert article.date_evidence[0] == {"code": "day_with_exchange", "day": 6, "month": 2}
    assert {"code": "after_event", "event": "Biden's inauguration", "date": "2021-01-20"} in article.date_evidence


def test_one_outlet_whatever_mark_the_page_signs_with(reference):
    body = ("Ngoại trưởng Mỹ Antony Blinken đã điện đàm với Bộ trưởng Ngoại giao Trung Quốc Vương Nghị ngày 19/6/2024. "
            "Ông Vương Nghị nhấn mạnh hai nước cần tôn trọng lợi ích cốt lõi của nhau.")
    first = importer.import_text(f"Tiêu đề một\nVOV.VN - {body}").article
    second = importer.import_text(f"Tiêu đề hai\n(VOV) - {body} Hai bên nhất trí duy trì liên lạc.").article
    third = importer.import_text(f"Tiêu đề ba\n{body}\n{body}\nTheo Đài Tiếng nói Việt Nam").article
    assert first.outlet == second.outlet == third.outlet and first.outlet.slug == "vov"
    unknown = importer.import_text(f"Tiêu đề bốn\nHNTV - {body}").article
    assert unknown.outlet.name == "HNTV"  # a mark the registry lacks is kept as written
