import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production uses whitenoise's manifest storage, which needs collectstatic; tests do not.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def reference(db):
    """The shipped taxonomy and gazetteer, loaded as `make run` loads them."""
    call_command("load_reference", verbosity=0)
