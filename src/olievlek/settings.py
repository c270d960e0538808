"""Django settings, driven by environment variables.

SQLite under ./var/ is the embedded default; PostgreSQL (or any database Django supports)
via DATABASE_URL. DEBUG is off unless DEBUG=1; then SECRET_KEY must be given, and the
security settings below are the ones `manage.py check --deploy` asks for.
"""

import datetime as dt
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("OLIEVLEK_VAR", "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set SECRET_KEY in the environment (the demo, `olievlek demo`, sets its own)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # the portal's /sitemap.xml (olievlek.portal.sitemaps)
    "olievlek.accounts",
    "olievlek.networks",
    "olievlek.surveys",
    "olievlek.insight",
    "olievlek.participants",
    "olievlek.portfolio",
    "olievlek.qda",
    "olievlek.activities",
    "olievlek.reports",
    "olievlek.portal",
    "olievlek.governance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "olievlek.middleware.RefuseNulMiddleware",  # before anything looks data up
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "olievlek.urls"
WSGI_APPLICATION = "olievlek.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "olievlek.accounts.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'olievlek.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # a kept connection (CONN_MAX_AGE > 0, `olievlek serve`) is checked before reuse, so a
        # database restart costs no request an error
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue on busy_timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/networks/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # site-wide files (site.css); apps keep their own
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Uploaded files (network packages between preview and import: MEDIA_ROOT/uploads/); never
# served by URL.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Email: SMTP when EMAIL_HOST is set. Otherwise the console in development, and in production
# one file per message in var/mail/, readable by the server's user only (olievlek.ops.mail):
# invitation mails hold live links and must not end up in the server log.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "olievlek.ops.mail.PrivateFileBackend",
)
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))
if not DEBUG and EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
    raise ImproperlyConfigured(
        "EMAIL_BACKEND is the console backend with DEBUG off: invitation links would be "
        "written to the server log. Set EMAIL_HOST (SMTP), or leave EMAIL_BACKEND unset to "
        "write mails to files in var/mail/ readable by the server's user only."
    )
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "olievlek@localhost")

# Where the app can be reached from outside, for links in invitation emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEMO = env_bool("OLIEVLEK_DEMO")

# Security: on unless DEBUG; each can be turned off for a TLS-terminating proxy set-up.
SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER") else None
)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SECURE)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SECURE)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SECURE else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Log lines to stderr with the request id (olievlek.ops.requestid); errors (500s with their
# traceback) from django.request arrive there too, DEBUG or not.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "olievlek.ops.requestid.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "olievlek.audit": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "olievlek.jobs": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Guards (issue 11): shared cache, link-guess limit, login lockout, CSP -------------------
# One cache shared by every server process: the link-guess limit counts there. The database
# cache by default (its table is made by `migrate`, see surveys/apps.py); Redis when
# REDIS_URL (or CACHE_URL=redis://...) is set, which needs the `redis` package.
_CACHE_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
CACHES: dict[str, dict[str, Any]]
if _CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": _CACHE_URL}}
elif _CACHE_URL.startswith("locmem://"):  # one process only (tests, a laptop)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # MAX_ENTRIES: culling past it would drop guess counts along with sociogram layouts.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "olievlek_cache", "OPTIONS": {"MAX_ENTRIES": 20000}}}

# The client's address behind a reverse proxy (olievlek/accounts/clientip.py): the header the
# proxy writes, e.g. X-Forwarded-For, and how many proxies of yours append to it.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER") or os.environ.get("SURVEY_CLIENT_IP_HEADER", "")
CLIENT_IP_PROXIES = int(os.environ.get("CLIENT_IP_PROXIES", "1"))

# Link-guess limit (olievlek/surveys/throttle.py): distinct unknown links per address per window.
SURVEY_TOKEN_MISSES = int(os.environ.get("SURVEY_TOKEN_MISSES", "20"))
SURVEY_TOKEN_WINDOW = int(os.environ.get("SURVEY_TOKEN_WINDOW", "600"))

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from
# one address, that pair is locked out for AXES_COOLOFF_MINUTES; other users behind the same
# address (a school's NAT) and the same user elsewhere can still log in.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as axes asks
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_LOCKOUT_CALLABLE = "olievlek.accounts.lockout.lockout"  # says for how long, in nl/en
AXES_CLIENT_IP_CALLABLE = "olievlek.accounts.clientip.client_ip"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # keep failed attempts only, not every login's address

# Content-Security-Policy and the other response headers SecurityMiddleware does not set
# (olievlek/accounts/headers.py). No inline script or style anywhere: static files only.
MIDDLEWARE.insert(1, "olievlek.accounts.headers.SecurityHeadersMiddleware")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Small cells (olievlek/accounts/access.py): coordinators without names see groups of fewer
# people than this as "<3", and no background answers of people that easy to recognise.
SMALL_CELL_THRESHOLD = int(os.environ.get("SMALL_CELL_THRESHOLD", "3"))

# --- Production serving, background jobs, uploads (olievlek.ops; docs/deploy.md) ---------
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "olievlek.ops"]
# Outermost, so that every log line of a request (its 500 too) carries the id.
MIDDLEWARE.insert(0, "olievlek.ops.requestid.RequestIdMiddleware")
# Static files from the app server itself: compressed, with hashed names cached for a year.
# `olievlek serve` runs collectstatic into STATIC_ROOT at start.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# MEDIA_ROOT (above) is in backups; never served: uploads are read by the app only.
MEDIA_URL = "/media/"
# Load balancers poll /health/ over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Background jobs (django-tasks): the database is the queue unless REDIS_URL names a Redis
# server (then RQ, `pip install olievlek[redis]`). `olievlek worker` runs either. A job's live
# progress goes to the "progress" cache: files under var/ (shared by the web and the worker on
# one host) or Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    _progress_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                       "LOCATION": REDIS_URL}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    _progress_cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                       "LOCATION": str(VAR_DIR / "cache" / "progress")}
# Keep a default cache defined above (shared between processes); add "progress" beside it.
CACHES = {
    **globals().get(
        "CACHES", {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ),
    "progress": _progress_cache,
}

# Packages uploaded in the browser larger than this are imported by the background worker
# (`olievlek worker`), with a progress page; smaller ones at once.
BACKGROUND_IMPORT_BYTES = int(os.environ.get("BACKGROUND_IMPORT_BYTES", str(2 * 1024 * 1024)))

# The public portal's contact form (olievlek/portal): messages per address per window (s).
PORTAL_CONTACT_MESSAGES = int(os.environ.get("PORTAL_CONTACT_MESSAGES", "5"))
PORTAL_CONTACT_WINDOW = int(os.environ.get("PORTAL_CONTACT_WINDOW", "3600"))
# The portal's OAI-PMH endpoint (/oai/): the address harvesters write to (Identify).
PORTAL_OAI_ADMIN_EMAIL = os.environ.get("PORTAL_OAI_ADMIN_EMAIL", DEFAULT_FROM_EMAIL)
