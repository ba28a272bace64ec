import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Actor, Issue, Office, Role
from archive.reference import load_reference

pytestmark = pytest.mark.django_db
GOLD = json.loads((Path(__file__).parent / "seeds-gold.json").read_text(encoding="utf-8"))
TAXONOMY = [
    "taiwan", "korea", "hong-kong", "tibet", "xinjiang", "myanmar", "middle-east", "russia-ukraine",
    "trade-economy", "human-rights", "south-china-sea", "international-order", "arms-control", "technology",
    "climate", "fentanyl", "military-channels",
]
# Offices held by one person at a time: overlapping terms would mislead year inference.
SINGLE_HOLDER_OFFICES = [
    "cn-president", "cn-premier", "cn-foreign-minister", "cn-defense-minister", "cn-commerce-minister",
    "cn-ambassador-to-us", "us-president", "us-vice-president", "us-secretary-of-state", "us-treasury-secretary",
    "us-trade-representative", "us-ambassador-to-china",
]


def test_every_taxonomy_slug_has_names_and_cues(reference):
    for slug in TAXONOMY:
        issue = Issue.objects.get(slug=slug)
        assert issue.name_en and issue.name_vi and issue.cue_list, slug


def test_every_sample_corpus_person_is_present_with_roles(reference):
    people = {(p["name"], p["en"], p["side"]) for g in GOLD for p in g["participants"]}
    speakers = {s["speaker"] for g in GOLD for s in g["positions"] if s["speaker"]}
    assert speakers <= {name for name, _, _ in people} | {"Joe Biden"}
    for name, name_en, side in people | {("Joe Biden", "Joe Biden", "US")}:
        actor = Actor.objects.get(name=name)
        assert actor.name_en == name_en and actor.side == side, name
        assert actor.roles.exists(), name


@pytest.mark.parametrize(
    "name, day, office",
    [
        ("Tần Cương", "2023-05-08", "cn-foreign-minister"),
        ("Vương Nghị", "2023-12-06", "cn-foreign-minister"),
        ("Dương Khiết Trì", "2021-02-06", "cn-cfac-office-director"),
        ("Mike Pompeo", "2018-05-05", "us-secretary-of-state"),
        ("Antony Blinken", "2021-02-06", "us-secretary-of-state"),
        ("Nicholas Burns", "2023-05-08", "us-ambassador-to-china"),
        ("Donald Trump", "2026-02-04", "us-president"),
        ("Tập Cận Bình", "2026-02-04", "cn-president"),
    ],
)
def test_roles_cover_the_sample_exchanges(reference, name, day, office):
    on = datetime.date.fromisoformat(day)
    roles = Role.objects.filter(actor__name=name, office__slug=office, start__lte=on)
    assert any(role.end is None or role.end >= on for role in roles)


def test_qin_gang_was_foreign_minister_only_in_2023():
    load_reference()
    role = Role.objects.get(actor__name="Tần Cương", office__slug="cn-foreign-minister")
    assert role.start.year == 2022 and role.start.month == 12
    assert role.end.year == 2023 and role.end.month == 7


@pytest.mark.parametrize("office", SINGLE_HOLDER_OFFICES)
def test_single_holder_offices_never_overlap(reference, office):
    terms = list(Role.objects.filter(office__slug=office).order_by("start").values_list("actor__name", "start", "end"))
    assert len(terms) >= 2
    for (name_a, _, end_a), (name_b, start_b, _) in zip(terms, terms[1:]):
        assert end_a is not None, f"{name_a} never left {office} but {name_b} followed"
        # A handover on the same day is normal.
        assert end_a <= start_b + datetime.timedelta(days=1), (name_a, name_b)


def test_loading_twice_duplicates_nothing_and_keeps_edits(reference):
    counts = (Issue.objects.count(), Office.objects.count(), Actor.objects.count(), Role.objects.count())
    Issue.objects.filter(slug="taiwan").update(cues="Đài Loan\nĐài Bắc\nTrung Hoa Dân Quốc")
    call_command("load_reference", verbosity=0)
    assert (Issue.objects.count(), Office.objects.count(), Actor.objects.count(), Role.objects.count()) == counts
    assert "Trung Hoa Dân Quốc" in Issue.objects.get(slug="taiwan").cue_list


def test_update_rewrites_from_the_files(reference):
    Issue.objects.filter(slug="taiwan").update(cues="")
    load_reference(update=True)
    assert "Đài Loan" in Issue.objects.get(slug="taiwan").cue_list


def test_reference_files_are_nfc():
    import unicodedata
    from archive.reference import GAZETTEER_FILE, ISSUES_FILE
    for path in (GAZETTEER_FILE, ISSUES_FILE):
        text = Path(path).read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path


def test_the_outlet_registry_lists_forty_outlets_each_with_its_marks(reference):
    from archive.models import Outlet

    registry = Outlet.objects.exclude(marks="")
    assert registry.count() >= 40
    vov = Outlet.objects.get(slug="vov")
    assert {"VOV.VN", "VOV", "Đài Tiếng nói Việt Nam"} <= set(vov.mark_list) and vov.domain == "vov.vn"
    keys = [m.casefold() for o in registry for m in o.mark_list]
    assert len(keys) == len(set(keys)), "a mark names two outlets"


def test_outlets_made_from_marks_fold_into_the_registry_s(db):
    from archive.models import Article, Outlet, sha256_of

    stray = Outlet.objects.create(name="VOV.VN")
    text = "Tiêu đề\nVOV.VN - Một bài báo."
    article = Article.objects.create(title="Tiêu đề", slug="tieu-de", raw_text=text, raw_sha256=sha256_of(text),
                                     outlet=stray)
    load_reference()
    article.refresh_from_db()
    assert article.outlet.slug == "vov"
    assert not Outlet.objects.filter(name="VOV.VN").exists()
    names = list(Outlet.objects.values_list("name", flat=True))
    load_reference()  # again: nothing changes
    assert list(Outlet.objects.values_list("name", flat=True)) == names
