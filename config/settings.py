"""Song Phương settings: one module, every option read from the environment.

Variables:
  DEBUG                       development mode; off unless set
  SECRET_KEY                  required when DEBUG is off
  ALLOWED_HOSTS               comma-separated host names
  DATABASE_URL                sqlite:///… or postgres://… (default: db.sqlite3 in the project)
  CONN_MAX_AGE                seconds a database connection is kept for reuse (default 60)
  DATABASE_CONNECT_TIMEOUT    seconds to wait for PostgreSQL to accept a connection (default 3)
  DATABASE_SESSION_OPTIONS    PostgreSQL settings for each connection (default: no parallel workers, work_mem 16MB,
                              random_page_cost 1.1, no JIT)
  REDIS_URL                   use Redis for Django's cache (default: local memory)
  IMPORT_MAX_BYTES            largest article file the importer accepts
  IMPORT_TIMEOUT, IMPORT_MAX_PAGE_BYTES   import_url: seconds to wait for a page, its largest size
  IMPORT_ALLOW_PRIVATE_HOSTS  1 lets import_url reach private and loopback addresses (tests, local checks)
  LOG_LEVEL                   root log level (default WARNING)
  SITE_URL                    the archive's public address, for the permalinks of dataset releases
                              (default http://127.0.0.1:8000 with DEBUG; none without, and release_dataset refuses)
  RELEASES_DIR                where `manage.py release_dataset` writes releases and /data/ lists them
                              (default: releases/ in the project)
  SECURE_SSL_REDIRECT         redirect http to https (default: on unless DEBUG)
  SECURE_HSTS_SECONDS         Strict-Transport-Security max-age (default: one year unless DEBUG)
  SECURE_HSTS_INCLUDE_SUBDOMAINS  add includeSubDomains to HSTS (default on)
  SECURE_HSTS_PRELOAD         add preload to HSTS (default off)
  SESSION_COOKIE_SECURE       session cookie only over https (default: on unless DEBUG)
  CSRF_COOKIE_SECURE          CSRF cookie only over https (default: on unless DEBUG)
  SECURE_PROXY_SSL_HEADER     header a TLS-terminating proxy sets, e.g. HTTP_X_FORWARDED_PROTO
                              (optionally ",value"; the value defaults to https). Unset: none trusted.
"""
import os
from datetime import timedelta
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        # Only ever used on a developer's own machine: DEBUG must be switched on explicitly.
        SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
    elif os.environ.get("SONGPHUONG_ONE_OFF_COMMAND") == "1":
        # manage.py commands other than runserver (extract, import_articles, migrate…) sign nothing
        # that outlives them, so a throwaway key lets them run without configuring one.
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

# HTTPS. On by default in production; `make run` (DEBUG) serves plain http on a developer's machine.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer probing over plain http must reach the health check, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    # Trusting this header from a client that is not behind the proxy would let it fake https.
    _header_name, _comma, _header_value = (part.strip() for part in _proxy_header.partition(","))
    if not _header_name.startswith("HTTP_"):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER must name a request header as Django sees it (HTTP_…); got {_header_name!r}"
        )
    SECURE_PROXY_SSL_HEADER = (_header_name, _header_value or "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Preloading is a commitment browsers ship and cannot quickly take back, so it stays a deliberate
# choice (SECURE_HSTS_PRELOAD=1) rather than a deploy-check warning to silence by switching it on.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Pages carry no inline script or style: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Listed before staticfiles so that runserver also serves through whitenoise, as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "csp",
    "axes",
    "simple_history",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin has no language prefix: the editor's browser chooses its language there.
    "archive.adminlanguage.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Lets the history of every change, inlines included, name the editor who made it.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Innermost, so that its 503 page still passes through the headers above.
    "archive.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Admin login throttling: five wrong passwords for one username from one address lock that pair
# out for a quarter of an hour (answered with 429), without locking the editor out everywhere.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_MESSAGE = (
    "Tài khoản tạm bị khoá vì đăng nhập sai quá nhiều lần: xin thử lại sau 15 phút. "
    "Account locked after too many failed login attempts: please try again in 15 minutes."
)

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        # A persistent connection is checked before reuse, so the site recovers by itself
        # after the database restarts.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server that does not answer must fail the request fast (a 503 page), not hang a worker.
    # A connect_timeout in DATABASE_URL's query string wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3)
    )
    # The pages' queries are short: starting parallel workers cost more than they saved (some 40 ms a
    # query on a 2-core server, bench/pages.py); grouping 100,000 facet rows needs more than the
    # default 4 MB of memory to stay off the disk; and with the default random_page_cost, meant for
    # spinning disks, PostgreSQL reads every article's search vector rather than the search index
    # for a word in 40% of the archive (1 s against 0.1 s); compiling a query (JIT) costs more than
    # these queries take. DATABASE_SESSION_OPTIONS overrides them.
    DATABASES["default"]["OPTIONS"].setdefault("options", os.environ.get(
        "DATABASE_SESSION_OPTIONS",
        "-c max_parallel_workers_per_gather=0 -c work_mem=16MB -c random_page_cost=1.1 -c jit=off"))

# Opt in now to Django 6's https default for scheme-less URLs typed into forms.
FORMS_URLFIELD_ASSUME_HTTPS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "songphuong",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own DATE_FORMAT and YEAR_MONTH_FORMAT per language (6/2/2021 in Vietnamese, 6 February 2021 in English).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production; the plain storage keeps DEBUG runs and
        # tests free of a collectstatic step.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Dataset releases (archive/releases.py): where they are written, and the address their permalinks use.
# No default in production: a release written with a wrong address would carry it for good.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
RELEASES_DIR = Path(os.environ.get("RELEASES_DIR", BASE_DIR / "releases"))

# Largest article file the importer accepts, in bytes.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 2 * 1024 * 1024)
# Pages fetched by import_url: how long to wait, how large a page may be, and whether private and
# loopback addresses may be reached (only for tests and local checks: IMPORT_ALLOW_PRIVATE_HOSTS=1).
IMPORT_TIMEOUT = env_int("IMPORT_TIMEOUT", 15)
IMPORT_MAX_PAGE_BYTES = env_int("IMPORT_MAX_PAGE_BYTES", 5 * 1024 * 1024)
IMPORT_ALLOW_PRIVATE_HOSTS = os.environ.get("IMPORT_ALLOW_PRIVATE_HOSTS", "") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
