import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def settings_value(expr, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    code = f"import config.settings as s; print({expr})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = settings_value("s.SECRET_KEY")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_gets_a_development_key_and_is_off_by_default():
    assert settings_value("s.DEBUG", SECRET_KEY="x").stdout.strip() == "False"
    assert settings_value("bool(s.SECRET_KEY)", DEBUG="1").stdout.strip() == "True"


def test_sqlite_is_the_default_and_postgres_urls_select_postgres():
    assert "sqlite3" in settings_value("s.DATABASES['default']['ENGINE']", DEBUG="1").stdout
    out = settings_value(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
        DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/archive",
    ).stdout
    assert "postgresql" in out and "archive" in out


def test_redis_cache_only_when_asked():
    assert "LocMemCache" in settings_value("s.CACHES['default']['BACKEND']", DEBUG="1").stdout
    assert "RedisCache" in settings_value(
        "s.CACHES['default']['BACKEND']", DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0"
    ).stdout


def test_bad_boolean_is_a_clear_error():
    result = settings_value("s.DEBUG", DEBUG="maybe", SECRET_KEY="x")
    assert result.returncode != 0 and "DEBUG must be one of" in result.stderr


def test_static_files_are_hashed_and_compressed_in_production():
    out = settings_value("s.STORAGES['staticfiles']['BACKEND']", SECRET_KEY="x").stdout
    assert "CompressedManifestStaticFilesStorage" in out


def test_one_off_commands_run_without_a_key_but_the_server_does_not():
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    ok = subprocess.run([sys.executable, "manage.py", "help"], cwd=ROOT, env=clean, capture_output=True, text=True,
                        timeout=60)
    assert ok.returncode == 0, ok.stderr
    refused = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True,
                             text=True, timeout=60)
    assert refused.returncode != 0 and "SECRET_KEY must be set" in refused.stderr
