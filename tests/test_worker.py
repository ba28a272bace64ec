"""A server process settles before its first request: templates compiled, loaded objects frozen."""
import gc
import runpy
from pathlib import Path

import pytest
from django.template import engines

from config import worker

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_settling_freezes_what_is_loaded_and_compiles_the_templates(unfrozen):
    gc.unfreeze()
    engine = engines["django"].engine
    engine.template_loaders[0].reset()  # the cached loader forgets what it compiled
    assert gc.get_freeze_count() == 0
    worker.settle()
    assert gc.get_freeze_count() > 10_000
    compiled = set(engine.template_loaders[0].get_template_cache)
    assert {"base.html", "archive/timeline.html", "archive/_exchange_row.html"} <= compiled


def test_gunicorn_settles_each_worker(monkeypatch):
    settled = []
    monkeypatch.setattr(worker, "settle", lambda: settled.append(True))
    hooks = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    hooks["post_worker_init"](worker=None)
    assert settled == [True]
