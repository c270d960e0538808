"""Settings for the test suite: production settings with a throwaway secret, over plain HTTP."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from olievlek.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# No collectstatic before tests: plain static names, files found where they are written.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CACHES["progress"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",  # noqa: F405
                      "LOCATION": "progress"}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # One test database per run, so that several runs (developers' worktrees, CI) can share
    # one PostgreSQL server without dropping each other's database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_olievlek_{os.getpid()}"}  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not shared-cache memory: concurrent-request tests then queue on the write lock
    # (busy timeout) as in production, instead of failing with "database table is locked".
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"olievlek-test-{os.getpid()}.sqlite3")
    }
