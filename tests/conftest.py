import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

# The test client and the live server speak plain http, so production's redirect to https stays off
# here (set before any server thread reads it); tests/test_security.py switches it on where it tests it.
django_settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production uses whitenoise's manifest storage, which needs collectstatic; tests do not.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /en/… leaves English active in the thread; each test starts from the default.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test's database starts again from the same edition number: pages cached by another test
    # would be served under it.
    cache.clear()


@pytest.fixture
def reference(db):
    """The shipped taxonomy and gazetteer, loaded as `make run` loads them."""
    call_command("load_reference", verbosity=0)


@pytest.fixture
def cast(reference):
    """Four published exchanges and a draft, modelled on the sample corpus (see tests/cast.py)."""
    from tests.cast import build_cast

    return build_cast()


@pytest.fixture
def corpus(reference):
    """The sample corpus in corpus/, imported and published as `make run` does."""
    call_command("import_articles", str(django_settings.BASE_DIR / "corpus"), status="published", verbosity=0)
