"""The shortcuts a list row takes for its links and labels give what Django's own calls give."""
import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from archive.links import slug_url
from archive.models import Exchange, Kind

VIEWS = ["archive:issue", "archive:actor", "archive:exchange", "archive:article", "archive:issue_feed"]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("view", VIEWS)
def test_a_slug_address_is_the_one_reverse_gives(view, language):
    with translation.override(language):
        for slug in ("dai-loan", "antony-blinken", "a_b-2", "x"):
            assert slug_url(view, slug) == reverse(view, args=[slug])


def test_the_language_and_the_script_prefix_each_give_their_own_address():
    with translation.override("vi"):
        vietnamese = slug_url("archive:issue", "dai-loan")
    with translation.override("en"):
        english = slug_url("archive:issue", "dai-loan")
    assert (vietnamese, english) == ("/issues/dai-loan/", "/en/issues/dai-loan/")
    set_script_prefix("/archive/")
    try:
        with translation.override("vi"):
            assert slug_url("archive:issue", "dai-loan") == reverse("archive:issue", args=["dai-loan"])
            assert slug_url("archive:issue", "dai-loan").startswith("/archive/")
    finally:
        clear_script_prefix()
    with translation.override("vi"):
        assert slug_url("archive:issue", "dai-loan") == "/issues/dai-loan/"


@pytest.mark.parametrize("slug", ["", "hai bên", "a/b", "đài-loan"])
def test_what_is_not_a_slug_is_refused_as_reverse_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        reverse("archive:issue", args=[slug])
    with pytest.raises(NoReverseMatch):
        slug_url("archive:issue", slug)


def test_a_changed_urlconf_is_not_answered_from_memory():
    with translation.override("vi"):
        slug_url("archive:issue", "dai-loan")
        with override_settings(ROOT_URLCONF="tests.urls_elsewhere"):
            assert slug_url("archive:issue", "dai-loan") == "/elsewhere/issues/dai-loan/"
        assert slug_url("archive:issue", "dai-loan") == "/issues/dai-loan/"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_kind_label_is_the_one_get_kind_display_gives(language):
    with translation.override(language):
        for kind in [*Kind.values, "no-such-kind"]:
            exchange = Exchange(kind=kind)
            assert str(exchange.kind_label) == str(exchange.get_kind_display())
