import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation


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
