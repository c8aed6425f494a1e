"""Orderly settings: everything comes from environment variables (see docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from config.env import ConfigurationError, env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ORDERLY_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("ORDERLY_DEBUG", False)
# HTTPS is assumed in production; a local demo on http://127.0.0.1 turns it off explicitly.
HTTPS = env_bool("ORDERLY_HTTPS", True)

_secret = env_secret("ORDERLY_SECRET_KEY")
if not _secret and (VAR_DIR / "secret_key").is_file():
    # `make demo` generates one here; any `orderly` command run by hand then finds it too.
    _secret = (VAR_DIR / "secret_key").read_text(encoding="utf-8").strip()
if not _secret:
    if not DEBUG:
        raise ConfigurationError(
            "ORDERLY_SECRET_KEY (or ORDERLY_SECRET_KEY_FILE) must be set unless ORDERLY_DEBUG=true"
        )
    _secret = "insecure-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("ORDERLY_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("ORDERLY_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "orderly.core",
    "orderly.registry",
    "orderly.border",
    "orderly.stay",
    "orderly.stats",
    "orderly.cooperation",
    "orderly.review",
    "orderly.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "orderly.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orderly.core.context_processors.actor",
            ],
        },
    },
]

# A PostgreSQL URL carries a password, so it may come from a mounted file (DATABASE_URL_FILE).
DATABASE_URL = env_secret("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'orderly.sqlite3'}"
_database = dj_database_url.parse(
    DATABASE_URL, conn_max_age=env_int("ORDERLY_DB_CONN_MAX_AGE", 60), conn_health_checks=True
)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the desk writes; IMMEDIATE takes the write lock up front so two
    # writers queue instead of failing halfway through a transaction.
    _database["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    _database["CONN_MAX_AGE"] = 0
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
LOGIN_FAILURE_LIMIT = env_int("ORDERLY_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("ORDERLY_LOGIN_FAILURE_WINDOW_SECONDS", 900, minimum=1)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = Path(env_str("ORDERLY_NODE_MODULES", str(BASE_DIR / "node_modules")))
STATICFILES_DIRS = [
    ("uswds", NODE_MODULES / "@uswds" / "uswds" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Security: strict by default; only an explicit ORDERLY_HTTPS=false (local demo) relaxes the
# HTTPS-only parts.
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("ORDERLY_SESSION_SECONDS", 8 * 3600, minimum=60)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Statistics: the warehouse's folder, and who counts in which traveller category.
WAREHOUSE_DIR = Path(env_str("ORDERLY_WAREHOUSE_DIR", str(VAR_DIR / "warehouse")))
HOST_STATE = env_str("ORDERLY_HOST_STATE", "UTO")
if len(HOST_STATE) != 3 or not HOST_STATE.isalpha() or not HOST_STATE.isupper():
    raise ConfigurationError(
        f"ORDERLY_HOST_STATE: expected an ISO 3166 alpha-3 code, got {HOST_STATE!r}"
    )
# Checked when the platform starts (orderly.stats.apps), where the statistics' rules live.
TRAVELLER_CATEGORIES = env_str("ORDERLY_TRAVELLER_CATEGORIES", "")

# Serving (used by `orderly serve`).
SERVE_BIND = env_str("ORDERLY_BIND", "127.0.0.1:8000")
SERVE_WORKERS = env_int("ORDERLY_WORKERS", 2, minimum=1)
SERVE_THREADS = env_int("ORDERLY_THREADS", 4, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("ORDERLY_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and the font subsetter log every page and glyph table at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Serve static files straight from the finders (node_modules, app folders) when no collectstatic
# has run: development, tests and the browser journeys.
WHITENOISE_USE_FINDERS = DEBUG
