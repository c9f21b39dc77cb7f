"""PM Portal settings, from the environment, then the git-ignored `.env` that `make` writes
(README.md, "Configuration"). Production (DJANGO_DEBUG off) fails fast on anything missing."""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

load_dotenv(BASE_DIR / ".env", override=False)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must list the site's host names when DJANGO_DEBUG is off "
        "(comma-separated, e.g. portal.example.org)."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_NAME = "PM Portal"
# Absolute base for canonical URLs, sitemaps and links in emails (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "hello@pmportal.example")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so runserver_nostatic is available and whitenoise serves in debug too.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "taggit",
    "django_tasks_db",
    "crontask",
    "pmportal",
    "outbox",
    "members",
    "faq",
    "resources",
    "notifications",
    "network",
    "mentoring",
    "events",
    "community",
    "digest",
    "insights",
]

ROOT_URLCONF = "pmportal.urls"

# No "loaders" option: Django then wraps the loaders in its cached loader, so each template
# (the directory's results partial too) is compiled once per process, not on every request.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pmportal.context_processors.site",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# Database ------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Run `make run` (it finds or creates a PostgreSQL database "
        "and records it in .env), or set DATABASE_URL=postgresql://user@host:5432/pmportal."
    )
# Persistent connections: 7.6x more requests/s on a database page (docs/deployment.md); health
# checks spare each process a failed request after PostgreSQL restarts.
DATABASE_CONNECTIONS = {
    "conn_max_age": int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
    "conn_health_checks": True,
}
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, **DATABASE_CONNECTIONS)}
# A request is one transaction: its rows and the mail it queues (outbox) are saved together or
# not at all, so a failed sign-up leaves no half account.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# No JIT: compiling took ~100 ms for a directory query that runs in 10 (docs/performance.md).
# No synchronized scans: they start where the last scan stopped, so a browse page's facet counts
# over its first 1,000 members changed on every reload.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c synchronize_seqscans=off"

# Cache: shared by every server process, so rate limits and cached pages hold across them --
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": (
            "django.core.cache.backends.redis.RedisCache"
            if REDIS_URL
            else "django.core.cache.backends.db.DatabaseCache"
        ),
        "LOCATION": REDIS_URL or "django_cache",
        "KEY_PREFIX": "pmportal",
    },
    # Each process's own copies of the visitors' pages (pmportal/cache.py).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}

# Authentication --------------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, loading the member with their verification (members/backends.py).
    "members.backends.ModelBackend",
    "members.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
SITE_ID = 1

# django-allauth ------------------------------------------------------------------------------
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "members.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# A taken address costs the same password hash as a new one (no timing enumeration).
ACCOUNT_FORMS = {"signup": "members.forms.SignupForm"}
# "mandatory": nobody signs in before confirming their address, and only this mode lets
# sign-up answer the same for a taken address. Views still check `user.has_verified_email`
# (members.decorators) for accounts made outside this flow.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
ACCOUNT_CHANGE_EMAIL = True  # one address per member: "change", not "add another"
ACCOUNT_MAX_EMAIL_ADDRESSES = 2  # the current address and the one being changed to
ACCOUNT_EMAIL_NOTIFICATIONS = True  # "your password/email changed" mails
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300  # read by members/adapters.py too
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# Counted in the shared default cache (a per-process cache lets 4 workers try 4x as often);
# stricter than allauth's defaults, which hold for the other actions.
ACCOUNT_RATE_LIMITS = {
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/h/key",
    "request_login_code": "20/m/ip,3/10m/key",
}
# Closing public sign-up is an environment switch, not a deploy.
PMPORTAL_SIGNUP_OPEN = env_bool("PMPORTAL_SIGNUP_OPEN", True)

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = SITE_NAME
# Browsers allow WebAuthn on http://localhost only; allauth must be told so in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Social sign-in is off unless its credentials are in the environment; providers go through
# the same adapter rules (sign-up switch, verified address) as email sign-up.
SOCIALACCOUNT_PROVIDERS: dict = {}
if os.environ.get("GOOGLE_OAUTH_CLIENT_ID"):
    INSTALLED_APPS += ["allauth.socialaccount.providers.google"]
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [
            {
                "client_id": os.environ["GOOGLE_OAUTH_CLIENT_ID"],
                "secret": os.environ.get("GOOGLE_OAUTH_CLIENT_SECRET", ""),
            }
        ],
        "SCOPE": ["openid", "profile", "email"],
    }
if os.environ.get("LINKEDIN_OIDC_CLIENT_ID"):
    INSTALLED_APPS += ["allauth.socialaccount.providers.openid_connect"]
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "linkedin",
                "name": "LinkedIn",
                "client_id": os.environ["LINKEDIN_OIDC_CLIENT_ID"],
                "secret": os.environ.get("LINKEDIN_OIDC_CLIENT_SECRET", ""),
                "settings": {
                    "server_url": "https://www.linkedin.com/oauth",
                    "token_auth_method": "client_secret_post",
                },
            }
        ],
    }

# Email (Django 6.1 MAILERS): stored in the outbox, sent by a task after the commit ------------


def mailers_from_url(url: str) -> dict:
    """EMAIL_URL → MAILERS. `smtp://user:pass@host:587?tls=1`, `smtps://…` or `console:`."""
    parts = urlsplit(url)
    if parts.scheme in {"console", "locmem", ""}:  # locmem: the tests' outbox
        backend = f"django.core.mail.backends.{parts.scheme or 'console'}.EmailBackend"
        return {"default": {"BACKEND": backend}}
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {parts.scheme!r} is not smtp, smtps or console."
        )
    options = {
        "host": parts.hostname or "localhost",
        "port": parts.port or (465 if parts.scheme == "smtps" else 25),
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_ssl": parts.scheme == "smtps",
        "use_tls": parse_qs(parts.query).get("tls", ["0"])[-1].lower() in {"1", "true", "yes"},
        "timeout": 10,
    }
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


EMAIL_URL = os.environ.get("EMAIL_URL", "console:" if DEBUG else "")
if not EMAIL_URL:
    raise ImproperlyConfigured(
        "EMAIL_URL must be set when DJANGO_DEBUG is off, "
        "e.g. smtp://user:pass@smtp.example.org:587?tls=1 "
        "(or console: to print mail to the log)."
    )
MAILERS = mailers_from_url(EMAIL_URL)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"{SITE_NAME} <no-reply@pmportal.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Staff who receive "a visitor asked a question" and similar notices.
STAFF_NOTIFICATION_EMAILS = env_list("STAFF_NOTIFICATION_EMAILS", CONTACT_EMAIL)

# Background tasks (django.tasks) -------------------------------------------------------------
# `manage.py db_worker` runs the queue, `manage.py crontask` enqueues the periodic tasks
# (docs/deployment.md). TASKS_BACKEND=django_tasks_rq.RQBackend moves the queue to Redis at
# TASKS_REDIS_URL without a code change; the immediate backend is for tests only.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": os.environ.get("TASKS_REDIS_URL", REDIS_URL)}}
# With Redis, a second scheduler (another host) waits on a lock instead of enqueuing twice.
CRONTASK = {"REDIS_URL": REDIS_URL or None}
# A refused mail is retried after this many seconds, doubling (12 tries, about five hours).
MAIL_RETRY_SECONDS = float(os.environ.get("PMPORTAL_MAIL_RETRY_SECONDS", "30"))

# Static and private files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Outside anything a web server exposes, and no MEDIA_URL route: files leave only through views
# that check access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "private-media"))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {
        # A full disk leaves no partial file and no row pointing at one (pmportal/storage.py).
        "BACKEND": "pmportal.storage.AtomicFileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "pmportal.storage.StaticFilesStorage"  # whitenoise, URLs remembered
        ),
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security ------------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None
SECURE_HSTS_SECONDS = 0 if DEBUG else 63072000  # two years
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
# Flash messages in the session, not a cookie: they can hold the member's email address.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# The __Host- prefix pins cookies to this exact host over HTTPS (no Domain, Path=/, Secure).
if not DEBUG:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Styles, fonts, fetches and media fall back to default-src: this site only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

TIME_ZONE = "UTC"  # the language (en-us) and USE_TZ are Django's defaults
TAGGIT_CASE_INSENSITIVE = True

# Resources -------------------------------------------------------------------------------------
# Resource files and covers: a private storage alias, a folder under MEDIA_ROOT or an
# S3-compatible bucket (credentials from boto3's usual chain).
RESOURCES_S3_BUCKET = os.environ.get("RESOURCES_S3_BUCKET", "")
if RESOURCES_S3_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": RESOURCES_S3_BUCKET,
            "endpoint_url": os.environ.get("RESOURCES_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("RESOURCES_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }
else:
    STORAGES["private"] = {
        "BACKEND": "pmportal.storage.AtomicFileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "resources", "base_url": None},
    }
# stream: Django streams the file; x-accel: nginx sends it (X-Accel-Redirect to an `internal`
# location); presigned: redirect to a short-lived signed URL (S3 storage only).
RESOURCES_DOWNLOAD_MODE = os.environ.get("RESOURCES_DOWNLOAD_MODE", "stream")
if RESOURCES_DOWNLOAD_MODE not in {"stream", "x-accel", "presigned"}:
    raise ImproperlyConfigured("RESOURCES_DOWNLOAD_MODE must be stream, x-accel or presigned.")
if RESOURCES_DOWNLOAD_MODE == "presigned" and not RESOURCES_S3_BUCKET:
    raise ImproperlyConfigured("RESOURCES_DOWNLOAD_MODE=presigned needs RESOURCES_S3_BUCKET.")
if RESOURCES_DOWNLOAD_MODE == "x-accel" and RESOURCES_S3_BUCKET:
    raise ImproperlyConfigured("RESOURCES_DOWNLOAD_MODE=x-accel serves local files; use presigned.")
RESOURCES_X_ACCEL_PREFIX = os.environ.get("RESOURCES_X_ACCEL_PREFIX", "/protected-resources/")
RESOURCES_PRESIGNED_EXPIRY = int(os.environ.get("RESOURCES_PRESIGNED_EXPIRY", "60"))
# Upload limits per kind, in megabytes (covers: RESOURCES_MAX_COVER_MB).
RESOURCES_MAX_UPLOAD_MB = {
    "ebook": int(os.environ.get("RESOURCES_MAX_EBOOK_MB", "100")),
    "infographic": int(os.environ.get("RESOURCES_MAX_INFOGRAPHIC_MB", "25")),
    "podcast": int(os.environ.get("RESOURCES_MAX_PODCAST_MB", "300")),
    "article": int(os.environ.get("RESOURCES_MAX_ARTICLE_MB", "25")),
    "cover": int(os.environ.get("RESOURCES_MAX_COVER_MB", "5")),
}

# Operations ----------------------------------------------------------------------------------
# docs/deployment.md. Behind nginx (docs/deploy/nginx.conf, which overwrites X-Forwarded-For) set
# ALLAUTH_TRUSTED_PROXY_COUNT=1 so allauth's per-IP rate limits count visitors, not the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
# A read replica for directory and mentor searches; the rest stays on the primary (routers.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_REPLICA_VIEWS = ["members:directory", "members:mentors"]
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, **DATABASE_CONNECTIONS)
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"]["OPTIONS"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["pmportal.routers.ReplicaRouter"]

# Middleware ----------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware so static files skip everything below.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost of ours: turns "PostgreSQL is down" into a friendly 503 from any layer below.
    "pmportal.middleware.DatabaseUnavailableMiddleware",
    "pmportal.operations.StorageFullMiddleware",
    # With a read replica only: marks directory and mentor searches before anything reads.
    *(["pmportal.operations.ReplicaReadsMiddleware"] if DATABASE_REPLICA_URL else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "pmportal.middleware.SecurityHeadersMiddleware",
    # After authentication: it only remembers where anonymous visitors came from.
    "insights.first_touch.FirstTouchMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.PrivatePagesMiddleware",
    # After authentication and allauth: staff pages need a second factor (pmportal/middleware.py).
    "pmportal.middleware.StaffMfaMiddleware",
    # Innermost, so it sees the IntegrityError of twenty simultaneous sign-ups with one address
    # first: one account, the others "check your inbox".
    "pmportal.operations.SignupRaceMiddleware",
]

# Logging: one JSON object per line on stdout, for a log collector ------------------------------
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # runserver's own request lines are already readable; keep them as they are.
        "django.server": {"level": "INFO", "propagate": True},
        # The scheduler's own lock renewal every 5 seconds is not news.
        "apscheduler": {"level": "WARNING"},
    },
}
