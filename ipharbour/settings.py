"""Settings, read from the environment.

With no environment at all the platform runs on an embedded SQLite database inside the data directory,
so that `./run` needs no server. `DATABASE_URL` switches to PostgreSQL; `IPHARBOUR_PROFILE=production`
turns on the settings that `check --deploy` expects.
"""

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("IPHARBOUR_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
SHARED_DATA_DIR = Path(os.environ.get("IPHARBOUR_SHARED_DATA", BASE_DIR.parent / "shared" / "data")).resolve()
# The platform ships its own reference figures (core/data/figures.json, each block with its published
# source), so a fresh clone is complete; IPHARBOUR_FIGURES points at another copy, e.g. a newer edition.
SHIPPED_FIGURES_PATH = BASE_DIR / "core" / "data" / "figures.json"
FIGURES_PATH = Path(os.environ.get("IPHARBOUR_FIGURES", SHIPPED_FIGURES_PATH))

PROFILE = os.environ.get("IPHARBOUR_PROFILE", "development")
PRODUCTION = PROFILE == "production"


def _secret_key() -> str:
    # A key generated once and kept beside the database, so sessions survive restarts without setup.
    if key := os.environ.get("IPHARBOUR_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Off unless asked for (`./run --debug` or IPHARBOUR_DEBUG=1): Django's debug page shows URL patterns,
# source, local variables and settings to whoever meets an error; never the default of what people deploy.
DEBUG = os.environ.get("IPHARBOUR_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("IPHARBOUR_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_FAILURE_VIEW = "ipharbour.error_views.csrf_failure"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("IPHARBOUR_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("IPHARBOUR_SITE_URL", "http://127.0.0.1:8000")
# The transparency log's name in its signed heads. Empty: the log keeps the origin of its first signed head,
# or (before any head) takes the host of SITE_URL, so a command run without the server's environment signs
# under the same name as the server (see ledger.services.origin).
LEDGER_ORIGIN = os.environ.get("IPHARBOUR_LEDGER_ORIGIN", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    # Country names in every language of the site (search facets name territories and countries).
    "django_countries",
    # Swagger UI served from our own static files: the API docs work offline and behind the Great Firewall.
    "ninja",
    "core",
    "accounts",
    "assets",
    "trials",
    "ledger",
    "valuation",
    "certification",
    "matching",
    "listings",
    "search",
    "deals",
    "disputes",
    "financing",
    # Demo data for every app, at the top of the house: nothing imports it (see docs/architecture.md).
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ipharbour.middleware.ApiProblems",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.RefuseNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ipharbour.middleware.DomainErrorPages",
]

ROOT_URLCONF = "ipharbour.urls"
WSGI_APPLICATION = "ipharbour.wsgi.application"

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
                "core.context_processors.platform",
                "accounts.context_processors.unapproved_organisations",
                "core.context_processors.member",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    if url := os.environ.get("DATABASE_URL"):
        config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("IPHARBOUR_CONN_MAX_AGE", "60")))
        if test_name := os.environ.get("IPHARBOUR_TEST_DATABASE"):
            config["TEST"] = {"NAME": test_name}
        return dict(config)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "ipharbour.sqlite3",
        # Kept open between requests like the PostgreSQL connection: opening SQLite and running the
        # pragmas below costs more than a whole cached search.
        "CONN_MAX_AGE": int(os.environ.get("IPHARBOUR_CONN_MAX_AGE", "60")),
        "OPTIONS": {
            # WAL lets readers run beside the one writer; IMMEDIATE avoids lock upgrades that fail under load.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("IPHARBOUR_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_RATE_LIMITS = {"login_failed": "5/m/ip,5/5m/key", "signup": "20/m/ip"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IP Harbour] "
LOGIN_REDIRECT_URL = "/"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IP Harbour"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hant", "繁體中文"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ipharbour.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
# One time zone for every page, certificate and PDF; shown in the footer.
TIME_ZONE = os.environ.get("IPHARBOUR_TIME_ZONE", "Asia/Hong_Kong")
USE_I18N = True
USE_TZ = True
# The script Chinese content is shown in on pages in another language than Chinese (English): one script for
# the whole interface, "zh-hans" (Simplified, as most records from the mainland are written), "zh-hant", or
# "as-written". Readers of Chinese always see their own script.
CHINESE_SCRIPT_ELSEWHERE = os.environ.get("IPHARBOUR_CHINESE_SCRIPT", "zh-hans")
if CHINESE_SCRIPT_ELSEWHERE not in ("zh-hans", "zh-hant", "as-written"):
    raise ImproperlyConfigured(
        f"IPHARBOUR_CHINESE_SCRIPT is {CHINESE_SCRIPT_ELSEWHERE!r}: use zh-hans, zh-hant or as-written."
    )

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise looks here at start, before anyone ran collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "files"
# WhiteNoise serves the static files with DEBUG off too; outside production it also finds them in the apps,
# so a checkout serves its pages in their look before (or without) `collectstatic`.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("IPHARBOUR_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("IPHARBOUR_FROM_EMAIL", "IP Harbour <no-reply@ipharbour.example>")

# Work whose process cannot be checked (another host) counts as abandoned after this long without progress
# (core.recovery); on the same host a dead process is seen at once.
RECOVERY_STALE_AFTER = int(os.environ.get("IPHARBOUR_RECOVERY_STALE_SECONDS", "3600"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("IPHARBOUR_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

NINJA_PAGINATION_CLASS = "core.pagination.BoundedLimitOffset"
NINJA_PAGINATION_MAX_LIMIT = 100

# "default" is shared by every worker process, because what it holds must hold across them (login rate
# limits, allauth's locks): a table in the database on the embedded default (`migrate` creates it), Redis when
# REDIS_URL is set. "local" is each process's own memory, for what a worker keeps only for speed (labels).
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ipharbour_cache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ipharbour-local"},
}
if redis_url := os.environ.get("REDIS_URL"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}

# API tokens: how many days a new token lives unless its owner asks otherwise, and the most it may be given.
API_TOKEN_MAX_DAYS = max(1, int(os.environ.get("IPHARBOUR_TOKEN_MAX_DAYS", "365")))
API_TOKEN_DAYS = min(API_TOKEN_MAX_DAYS, max(1, int(os.environ.get("IPHARBOUR_TOKEN_DAYS", "90"))))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("IPHARBOUR_LOG_LEVEL", "WARNING")},
}

PLATFORM_NAME = _("IP Harbour")

if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("IPHARBOUR_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    if os.environ.get("IPHARBOUR_S3_BUCKET"):
        STORAGES["default"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": os.environ["IPHARBOUR_S3_BUCKET"]},
        }
