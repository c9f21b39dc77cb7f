"""Test settings: the real settings with the few changes that make tests fast and deterministic."""

import os

# Tests run the production code paths (debug off) whatever a developer's .env says.
os.environ["DJANGO_DEBUG"] = "0"
os.environ["DJANGO_SECRET_KEY"] = "tests-only-secret-key-not-used-anywhere-else"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
os.environ["EMAIL_URL"] = "locmem:"
os.environ["REDIS_URL"] = ""

from pmportal.settings import *  # noqa: F403
from pmportal.settings import DATABASES, INSTALLED_APPS, STORAGES

# Kinds of notification that exist only in tests, registered as a feature app registers its own.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.notifications.sample_app"]

# The live server for browser tests speaks plain HTTP: no HTTPS redirect, no Secure-only
# cookies. Production headers and cookies are tested under the real settings in a subprocess
# (tests/pmportal/test_production.py).
SECURE_SSL_REDIRECT = False
SECURE_PROXY_SSL_HEADER = None
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"

# MD5 makes the suite several times faster; never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The manifest storage needs collectstatic and 404s hashed names under the live server.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Several checkouts (or helpers) may run the suite at once against one server.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("PMPORTAL_TEST_DB", "test_pmportal")}


# Per-process memory cache: each test starts empty (tests/conftest.py). The multi-process rate
# limit behaviour is exercised against gunicorn with the real (shared) cache settings.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Tasks run at once, in the process that enqueues them, after its transaction commits (as the
# worker would): mail lands in mail.outbox. Tests of the real queue and worker override this
# (tests/outbox/); servers started in a subprocess use the real queue.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Serve static files straight from static/ (no collectstatic in tests), including under the
# live server that browser tests use.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
