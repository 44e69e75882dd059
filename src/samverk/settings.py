"""samverk settings: one module, configured only from environment variables.

See docs/configuration.md for every variable. Tests override a few values in
tests/settings (pytest's conftest), never here.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(environ.Env().str("SAMVERK_HOME", default=str(Path.cwd())))
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# `make run` sets SAMVERK_DEMO=1: the demo runs with DEBUG on (static files served, mail to the
# console) but shows the error pages users see (core.middleware.DemoErrorPagesMiddleware).
SAMVERK_DEMO = env.bool("SAMVERK_DEMO", default=False)

_INSECURE_PREFIX = "django-insecure"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off samverk refuses to start without a real "
            "SECRET_KEY (50+ random characters). See docs/configuration.md."
        )
    # Development only: a random key kept under var/ so sessions survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _key_file = VAR_DIR / "dev-secret-key"
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _key_file.read_text().strip()
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith(_INSECURE_PREFIX)):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "knox",
    "axes",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "samverk.core",
    "samverk.classifications",
    "samverk.accounts",
    "samverk.networks",
    "samverk.knowledge",
    "samverk.meetings",
    "samverk.strategy",
    "samverk.projects",
    "samverk.portal",
    "samverk.jobs",
    "samverk.events",
    "samverk.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A request to a network's own host name is answered by its public portal.
    "samverk.portal.middleware.PortalHostMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samverk.core.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "samverk.core.middleware.InputGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "samverk.core.middleware.NetworkMiddleware",
    # The demo (SAMVERK_DEMO=1, DEBUG on) shows the site's own 404 page, not Django's.
    "samverk.core.middleware.DemoErrorPagesMiddleware",
    # Last, so that it sees the lockout that authenticate() flagged on the request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samverk.site.urls"
WSGI_APPLICATION = "samverk.wsgi.application"
ASGI_APPLICATION = "samverk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samverk.core.context_processors.samverk",
                "samverk.site.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'samverk.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    # Persistent connections pay off with gunicorn's workers; the development server starts a
    # thread per request, where a kept connection is never reused (samverk serve closes them).
    DATABASES["default"].setdefault(
        "CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
    )
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Refuses every sign-in (login page, token endpoint, admin) while locked out; see below.
    "samverk.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the five UI languages. Nynorsk and Bokmål are separate catalogues.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("sv", _("Swedish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "samverk_language"
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Berlin")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # the project's own CSS, JS and vendored htmx
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"  # outside the web root; files are served by views that check access
MEDIA_URL = "/media/"
# Request bodies: form fields (files aside) and whole API bodies. Larger API bodies answer 400
# {"non_field_errors": ["Request body too large (max N KB)."]} (core.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

# Email: EMAIL_URL like smtp://user:pass@host:587/?tls=True, or consolemail:// in development.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(_email)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="samverk <noreply@localhost>")
# The site's address (e.g. https://samverk.example.org) for links in mail sent without a
# request (daily reminders); mail sent from a page uses the address the page was asked at.
SAMVERK_SITE_URL = env.str("SAMVERK_SITE_URL", default="")
# The platform's own host names (besides SAMVERK_SITE_URL's): a request to any other allowed
# host is looked up among the networks' portal host names (portal.middleware).
SAMVERK_PLATFORM_HOSTS = env.list("SAMVERK_PLATFORM_HOSTS", default=[])
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that does not answer must not hold the worker: seconds per SMTP operation.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Background work (django-tasks, database backend): `samverk worker` runs the queued tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Mail is queued in the database and sent by the worker; a failed attempt is tried again after
# MAIL_RETRY_DELAY seconds, then twice as long each time (1, 2, 4, 8 … minutes), until
# MAIL_MAX_ATTEMPTS attempts have failed; then the mail is marked failed (coordinators can send
# it again). A mail a worker took but never finished (the worker died) is tried again after
# MAIL_LEASE_SECONDS; keep it well above EMAIL_TIMEOUT.
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=8)
MAIL_RETRY_DELAY = env.int("MAIL_RETRY_DELAY", default=60)
MAIL_LEASE_SECONDS = env.int("MAIL_LEASE_SECONDS", default=600)
# The worker runs the daily jobs (meeting and action reminders) once a day, from this hour on
# (0-23, in TIME_ZONE); meeting reminders go out this many days before a meeting.
DAILY_JOBS_HOUR = env.int("DAILY_JOBS_HOUR", default=7)
MEETING_REMINDER_DAYS = env.int("MEETING_REMINDER_DAYS", default=7)
# An invitation to a role in a network (sent to an email address) can be accepted for this
# many days; "send again" starts the period anew.
ROLE_INVITATION_DAYS = env.int("ROLE_INVITATION_DAYS", default=14)
if ROLE_INVITATION_DAYS < 1:
    raise ImproperlyConfigured("ROLE_INVITATION_DAYS must be 1 or more.")
if not 0 <= DAILY_JOBS_HOUR <= 23:
    raise ImproperlyConfigured("DAILY_JOBS_HOUR must be an hour from 0 to 23.")
if MAIL_MAX_ATTEMPTS < 1 or MAIL_RETRY_DELAY < 0 or MEETING_REMINDER_DAYS < 0:
    raise ImproperlyConfigured(
        "MAIL_MAX_ATTEMPTS must be 1 or more; MAIL_RETRY_DELAY and MEETING_REMINDER_DAYS 0 or more."
    )
if MAIL_LEASE_SECONDS <= EMAIL_TIMEOUT:
    raise ImproperlyConfigured("MAIL_LEASE_SECONDS must be longer than EMAIL_TIMEOUT.")

# Security: strict by default when DEBUG is off (see docs/configuration.md).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the <meta> tag, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Signed-in pages served again while nothing they show has changed (core.page_cache): how long
# what depends on the time may be old (0: off), and where the pages are kept: by default files
# under var/cache/pages, shared by the server's processes (a page rendered by one is served by
# all). Any cache is correct (a write raises the network's data version in the database, which is
# part of every key); a shared one saves more rendering.
SAMVERK_PAGE_CACHE_SECONDS = env.int("SAMVERK_PAGE_CACHE_SECONDS", default=60)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": env.cache_url(
        "SAMVERK_PAGE_CACHE_URL",
        default=f"filecache://{VAR_DIR / 'cache' / 'pages'}?max_entries=5000",
    ),
}

# Sessions end after this many minutes without a request. A request starts the time anew
# when the last restart is SAMVERK_SESSION_REFRESH_SECONDS old or older (SessionIdleMiddleware):
# one session write a minute, not one per page.
SAMVERK_SESSION_IDLE_MINUTES = env.int("SAMVERK_SESSION_IDLE_MINUTES", default=120)
SAMVERK_SESSION_REFRESH_SECONDS = env.int("SAMVERK_SESSION_REFRESH_SECONDS", default=60)
SESSION_COOKIE_AGE = SAMVERK_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
if not 0 <= SAMVERK_SESSION_REFRESH_SECONDS < SESSION_COOKIE_AGE:
    raise ImproperlyConfigured(
        "SAMVERK_SESSION_REFRESH_SECONDS must be 0 or more and less than the idle time."
    )

# The client's address: REMOTE_ADDR, or the address that a proxy listed here (IP addresses or
# networks like 10.0.0.0/8) put into X-Forwarded-For. Without proxies the header is ignored.
SAMVERK_TRUSTED_PROXIES = env.list("SAMVERK_TRUSTED_PROXIES", default=[])

# Guessing passwords (django-axes): after SAMVERK_LOGIN_FAILURE_LIMIT failed attempts within
# the cool-off time, signing in is refused for that account (from anywhere) and from that
# client address (for any account) until SAMVERK_LOGIN_COOLOFF_MINUTES have passed without a
# counted failure. Failures are counted in the database, shared by all worker processes.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("SAMVERK_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("SAMVERK_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: account OR address
AXES_RESET_ON_SUCCESS = False  # a success must not wipe the address's failures on other accounts
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # "try again in 15 minutes" holds
AXES_CLIENT_IP_CALLABLE = "samverk.core.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "samverk.accounts.lockout.attempted_email"
AXES_LOCKOUT_CALLABLE = "samverk.accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = True  # the attempts, readable (and resettable) by the platform admin
AXES_DISABLE_ACCESS_LOG = True  # keep no record of successful sign-ins (IP, browser) for ever
AXES_VERBOSE = False

# django-csp: only the site's own scripts, styles, images and fonts; no inline script or style
# (htmx is told not to inject its indicator styles, see base.html). The API's documentation and
# browsable pages are third-party templates: see samverk.core.api_docs and core.renderers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features nobody needs here (the check-in desk alone may use the camera to
# read QR codes: events.checkin_views).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes anonymous requests answer 401, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "samverk.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "samverk.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "samverk.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "samverk.core.renderers.BrowsableAPIRenderer",
    ],
}
# API tokens (django-rest-knox): several per user, stored as hashes, each expiring after
# SAMVERK_API_TOKEN_DAYS; users revoke them on their account page, a new password revokes all.
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 — a model, not a secret
# knox's own migrations create its AuthToken table even though the model is swapped for
# accounts.ApiToken; without them no such table exists (an orphan table referencing users
# would also break TRUNCATE on PostgreSQL).
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(days=env.int("SAMVERK_API_TOKEN_DAYS", default=30)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "samverk API",
    "DESCRIPTION": "REST API of samverk, the platform for regional skilled-labour networks.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The router's format-suffix twins (/api/v1/networks.json) still answer, undocumented.
    "PREPROCESSING_HOOKS": ["drf_spectacular.hooks.preprocess_exclude_path_format"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
