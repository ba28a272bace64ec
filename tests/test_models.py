import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from archive.models import Actor, Article, Certainty, Participation, Role, Side, sha256_of

pytestmark = pytest.mark.django_db

RAW = "Quan chức Mỹ-Trung điện đàm\n\nVOV.VN - Hai bên đã trao đổi."


def make_article(raw=RAW, **fields):
    return Article.objects.create(title=fields.pop("title", "Quan chức Mỹ-Trung điện đàm"), raw_text=raw, **fields)


def test_hash_is_computed_from_the_raw_text():
    article = make_article()
    assert article.raw_sha256 == sha256_of(RAW)
    assert len(article.raw_sha256) == 64


def test_the_same_raw_text_is_refused_by_the_database():
    make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(title="Another title")
    assert Article.objects.count() == 1


def test_slug_is_readable_vietnamese_and_unique():
    first = make_article()
    second = make_article(raw=RAW + " Khác.")
    assert first.slug == "quan-chuc-my-trung-dien-dam"
    assert second.slug == "quan-chuc-my-trung-dien-dam-2"


def test_slugs_for_a_batch_are_unique_among_themselves_too():
    make_article()
    titles = ["Quan chức Mỹ-Trung điện đàm", "Điện đàm mới", "Quan chức Mỹ–Trung điện đàm!", "Điện đàm mới"]
    assert Article.unique_slugs(titles) == [
        "quan-chuc-my-trung-dien-dam-2", "dien-dam-moi", "quan-chuc-my-trung-dien-dam-3", "dien-dam-moi-2",
    ]


def test_raw_text_never_changes_after_import():
    article = Article.objects.get(pk=make_article().pk)
    article.raw_text = RAW + " sửa"
    with pytest.raises(ValidationError):
        article.full_clean()
    with pytest.raises(ValidationError):
        article.save()
    assert Article.objects.get(pk=article.pk).raw_text == RAW


def test_other_fields_can_change():
    article = Article.objects.get(pk=make_article().pk)
    article.title = "Tiêu đề mới"
    article.save()
    assert Article.objects.get(pk=article.pk).title == "Tiêu đề mới"


@pytest.mark.parametrize(
    "update",
    [
        {"kind": "phone"},
        {"status": "live"},
        {"date_certainty": "maybe"},
        # A date must say how certain it is, and "unknown" must not carry a date.
        {"event_date": datetime.date(2021, 2, 6), "date_certainty": Certainty.UNKNOWN},
        {"event_date": None, "date_certainty": Certainty.EXACT},
    ],
)
def test_database_constraints_reject_invalid_values(update):
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(**update)


def test_an_actor_takes_part_once_per_article():
    article = make_article()
    actor = Actor.objects.create(name="Vương Nghị", name_en="Wang Yi", side=Side.CN)
    Participation.objects.create(article=article, actor=actor, side=Side.CN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(article=article, actor=actor, side=Side.CN)


def test_a_role_cannot_end_before_it_starts():
    actor = Actor.objects.create(name="Tần Cương", name_en="Qin Gang", side=Side.CN)
    assert actor.slug == "tan-cuong"
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(
            actor=actor, title="Bộ trưởng Ngoại giao", title_en="Foreign Minister",
            start=datetime.date(2023, 7, 25), end=datetime.date(2022, 12, 30),
        )


def test_published_is_the_only_public_set():
    make_article(status="draft")
    make_article(raw=RAW + "2", status="reviewed")
    published = make_article(raw=RAW + "3", status="published")
    assert list(Article.objects.published()) == [published]
