"""Colophon's only settings module, configured by environment variables (see README)."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from colophon.env import env_bool, env_float, env_int, env_list, env_str, env_url
from colophon.mail_env import email_settings
from colophon.observability import init_error_reporting
from colophon.security import (
    content_security_policy,
    media_origins,
    old_hosts,
    proxy_ssl_header,
    require_https_site,
)
from colophon.services_env import cache_settings, media_storage, tasks_backend

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on; production must provide one.
SECRET_KEY = env_str("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else None)
if not DEBUG and SECRET_KEY.startswith("dev-only-"):
    raise ImproperlyConfigured("SECRET_KEY must be set to a real secret when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

# Absolute base for links that leave the request/response cycle: feeds, OAI, PDFs, e-mail.
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")

# Hosts the site answered on before it moved here (a WordPress site's old domain, say):
# every request on them is answered with a 301 to the same address, or to a stored
# redirect's target, on SITE_URL (redirects/middleware.py, docs/redirects.md).
REDIRECT_OLD_HOSTS = old_hosts(env_list("REDIRECT_OLD_HOSTS", []), SITE_URL)
ALLOWED_HOSTS += REDIRECT_OLD_HOSTS
# Production (DEBUG off) must name https; plain http only on a loopback host, where the
# tests, benchmarks and a local `make serve` run. The https defaults below follow it.
HTTPS_ONLY = require_https_site(SITE_URL, DEBUG) and not DEBUG

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before django.contrib.admin.
    "modeltranslation",
    # Django's admin with "view on site" limited to what each editor may see.
    "colophon.admin_apps.ColophonAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Full-text search on PostgreSQL (articles/search/query.py); harmless on SQLite.
    "django.contrib.postgres",
    # The rich-text editor's static bundle (ProseMirror/Tiptap); colophon/lib/editor.py
    # loads it without the package's inline import map, which the CSP would refuse.
    "django_prose_editor",
    "series",
    "contributors",
    "articles",
    "pages",
    # Contributors' accounts and their submissions.
    "portal",
    "pagecache",
    # Sign-in lockouts and rate limits, kept where no visitor can evict them.
    "throttling",
    # Old addresses (a WordPress site's permalinks) that lead to this site's pages.
    "redirects",
    # `manage.py import_wordpress` and its admin page (docs/migrating-from-wordpress.md).
    "wordpress",
    # Revisions of every article save (articles/models/revisions.py), registered in
    # ArticlesConfig after modeltranslation has added the translated columns.
    "reversion",
    # The worker backend's queue table (TASKS_BACKEND=database; `make worker`).
    "django_tasks_db",
]

MIDDLEWARE = [
    # A request on the old site's host (REDIRECT_OLD_HOSTS) is sent to SITE_URL before
    # anything else runs, so an http:// link to the old host goes straight to the new one.
    "redirects.middleware.OldHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files answered before sessions, locale or the database are touched, with the
    # security headers above still applied.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "pagecache.middleware.PageCacheMiddleware",  # before sessions and auth (docs/caching.md)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside LocaleMiddleware and CommonMiddleware: it sees a "not found" first, before
    # they turn it into a redirect to a language prefix or a trailing slash.
    "redirects.middleware.RedirectFallbackMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "colophon.admin_query.AdminNulQueryMiddleware",  # after messages: it tells the editor
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "colophon.urls"

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

WSGI_APPLICATION = "colophon.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks. A transaction that reads and then writes (every workflow
    # step) asks for the write lock at its first write, and when another writer holds it
    # SQLite fails at once with "database is locked" instead of waiting. Taking the lock as
    # the transaction begins lets the second one wait (up to `timeout` seconds) and then
    # read what the first one wrote: "someone acted first", not a server error.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. English is the default; to add one (say French) add it here and run
# `manage.py makemigrations` (docs/languages.md). Nothing else in the code names a language.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", default="UTC")
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
# Shared labels (series, topics, affiliations) fall back to the default language when a
# translation is missing; articles opt out in articles/translation.py so a page never mixes
# languages.
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    # Uploads and PDFs: MEDIA_ROOT, or an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME
    # is set, so that several app servers and workers see the same files (docs/deploy.md).
    "default": media_storage(),
    # Production: hashed names (cached for good by browsers), gzip and brotli copies made
    # once by collectstatic, served by WhiteNoise. `make run` (DEBUG) needs no collectstatic;
    # the tests use the plain storage too (tests/conftest.py) and tests/production/ prove
    # this one.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "colophon.static_storage.StaticFilesStorage"
    },
}

# Security headers and cookies (README, "Configuration"). Each https default is on when
# SITE_URL is https and DEBUG is off, and each can be turned off from the environment.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS_ONLY)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is hard to undo (browsers ship the list), so it is an explicit choice.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=HTTPS_ONLY)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=HTTPS_ONLY)
# No script of ours reads either cookie (forms carry the CSRF token in a hidden field).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Behind a TLS-terminating proxy: the header it sets, e.g. X-Forwarded-Proto. Unset by
# default, because trusting a header the proxy does not overwrite lets clients fake https.
SECURE_PROXY_SSL_HEADER = proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
# Readers' paths through the site are not sent to the sources they follow.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# One policy for every page (colophon/security.py): scripts and styles from our own files
# only, images also from the media bucket when uploads live there.
SECURE_CSP = content_security_policy(media_origins(STORAGES["default"]))

# PDF pointers and cached pages: Redis when REDIS_URL is set (shared by every process), else
# memory local to each process, which is right only for a single process. Sign-in locks and
# rate limits are not cached data: they live in the database (throttling/).
CACHES = cache_settings()

# Uploaded images are re-encoded by Pillow; anything larger than this many pixels is refused
# before it is decoded (decompression bombs).
COLOPHON_IMAGE_MAX_PIXELS = 40_000_000
COLOPHON_IMAGE_MAX_BYTES = 15 * 1024 * 1024
# Longer sides are scaled down to this when an image is stored. The site shows at most
# 1,600 px (articles/renditions.py) and a full-width figure on an A4 PDF page is about
# 2,000 px at 300 dpi; 3,000 leaves room for a portrait picture or a crop, and keeps
# re-encoding a 40-megapixel upload to a fraction of the memory of decoding it whole.
COLOPHON_IMAGE_MAX_SIDE = 3000

# `import_wordpress --fetch-media` downloads each image from the old site within this many
# seconds in all (connecting, waiting and reading), and no more than
# COLOPHON_IMAGE_MAX_BYTES of it.
WORDPRESS_FETCH_TIMEOUT = env_float("WORDPRESS_FETCH_TIMEOUT", 10.0, minimum=0.1, maximum=300.0)
# The export names the old site's host, and a hostile one can name an internal machine;
# downloads go only to public addresses unless this is on (an old site on a private
# network; wordpress/importing/media.py).
WORDPRESS_FETCH_PRIVATE_ADDRESSES = env_bool("WORDPRESS_FETCH_PRIVATE_ADDRESSES", default=False)
# A copy of the old site's wp-content/uploads on the server, for imports started in the
# admin (the command takes --media instead); empty: the admin's imports read no folder.
WORDPRESS_MEDIA_DIR = env_str("WORDPRESS_MEDIA_DIR", "")

PAGE_SIZE = 12

# Who publishes: named in feeds, Scholar tags, OAI-PMH and Crossref deposits.
PUBLISHER_NAME = env_str("PUBLISHER_NAME", default="Colophon")
ADMIN_EMAIL = env_str("ADMIN_EMAIL", default="editors@example.org")

# OAI-PMH: identifiers read oai:<OAI_REPOSITORY_IDENTIFIER>:<slug>; the default is the host
# of SITE_URL, which keeps identifiers stable for as long as the site keeps its address.
OAI_REPOSITORY_IDENTIFIER = env_str("OAI_REPOSITORY_IDENTIFIER", default="") or (
    urlsplit(SITE_URL).hostname or "localhost"
)
OAI_PAGE_SIZE = 100

# DOIs and Crossref. A suggested DOI is DOI_PREFIX/DOI_SUFFIX_PATTERN, where the pattern may
# use {series}, {volume}, {position}, {slug} and {id}. Deposits go to Crossref only when
# CROSSREF_DEPOSIT is on; until then the XML can be exported and checked by hand.
DOI_PREFIX = env_str("DOI_PREFIX", default="")
DOI_SUFFIX_PATTERN = env_str("DOI_SUFFIX_PATTERN", default="{series}.{volume}.{position}")
CROSSREF_DEPOSIT = env_bool("CROSSREF_DEPOSIT", default=False)
CROSSREF_DEPOSIT_URL = env_url("CROSSREF_DEPOSIT_URL", "https://test.crossref.org/servlet/deposit")
CROSSREF_USERNAME = env_str("CROSSREF_USERNAME", default="")
CROSSREF_PASSWORD = env_str("CROSSREF_PASSWORD", default="")
CROSSREF_DEPOSITOR_NAME = env_str("CROSSREF_DEPOSITOR_NAME", default=PUBLISHER_NAME)
CROSSREF_DEPOSITOR_EMAIL = env_str("CROSSREF_DEPOSITOR_EMAIL", default=ADMIN_EMAIL)
# Importing references by DOI asks Crossref's REST API for each work (politely: a mailto and a
# User-Agent naming the site), with a timeout; answers are kept in the shared cache.
CROSSREF_LOOKUP = env_bool("CROSSREF_LOOKUP", default=True)
CROSSREF_API_URL = env_url("CROSSREF_API_URL", "https://api.crossref.org")
CROSSREF_LOOKUP_TIMEOUT = env_float("CROSSREF_LOOKUP_TIMEOUT", 5.0, minimum=0.1, maximum=60.0)
if CROSSREF_DEPOSIT and not (DOI_PREFIX and CROSSREF_USERNAME and CROSSREF_PASSWORD):
    raise ImproperlyConfigured(
        "CROSSREF_DEPOSIT is on: set DOI_PREFIX, CROSSREF_USERNAME and CROSSREF_PASSWORD."
    )

# Background work goes through django.tasks. The immediate backend runs a task in the
# process that enqueues it; production uses TASKS_BACKEND=database, whose queue any
# number of `manage.py db_worker` processes on any machines share (docs/deploy.md).
TASKS = {"default": {"BACKEND": tasks_backend()}}
# A volume's or series' PDF waits this many seconds after a piece in it is published, so
# that publishing many pieces renders it about once (articles/pdf/tasks.py).
PDF_COLLECTION_DELAY = env_int("PDF_COLLECTION_DELAY", default=5, minimum=0)

# Reader PDFs (docs/pdf.md): rendered ahead of readers on publication and after each edit.
PDF_RENDER_AHEAD = env_bool("PDF_RENDER_AHEAD", default=True)
# Each render runs in a child process, killed after PDF_RENDER_TIME_LIMIT seconds (keep it
# below GUNICORN_TIMEOUT) and given PDF_RENDER_MEMORY_LIMIT MB of address space; a request
# waits at most PDF_WAIT_SECONDS for a render another process is making.
PDF_RENDER_TIME_LIMIT = env_int("PDF_RENDER_TIME_LIMIT", default=120, minimum=1)
PDF_RENDER_MEMORY_LIMIT = env_int("PDF_RENDER_MEMORY_LIMIT", default=1536, minimum=512)
PDF_WAIT_SECONDS = env_int("PDF_WAIT_SECONDS", default=5, minimum=0)
# A failed render is tried again after PDF_RETRY_FAILED_AFTER seconds when its content
# was at fault, after PDF_RETRY_INTERRUPTED_AFTER when it was not (a killed process, a
# storage error).
PDF_RETRY_FAILED_AFTER = env_int("PDF_RETRY_FAILED_AFTER", default=600, minimum=0)
PDF_RETRY_INTERRUPTED_AFTER = env_int("PDF_RETRY_INTERRUPTED_AFTER", default=5, minimum=0)

# Published pages cached for readers without a session (pagecache/, docs/caching.md). Any
# change starts a new generation at once, so PAGE_CACHE_SECONDS only bounds memory use;
# a CDN may show a page up to PAGE_CACHE_CDN_SECONDS old (0: it must ask every time).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", default=600, minimum=1)
PAGE_CACHE_CDN_SECONDS = env_int("PAGE_CACHE_CDN_SECONDS", default=60, minimum=0)
# Each process reads the generation row at most once per this many seconds, so a cache
# hit usually touches no database; a change made in another process shows within it.
PAGE_CACHE_GENERATION_SECONDS = env_int("PAGE_CACHE_GENERATION_SECONDS", default=1, minimum=0)
PAGE_CACHE_ALIAS = "default"

# E-mail: the console in development; SMTP from EMAIL_URL or EMAIL_HOST/… otherwise
# (colophon/mail_env.py, README).
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default=ADMIN_EMAIL)
# Crossref asks REST API users for an address it may write to about their traffic.
CROSSREF_MAILTO = env_str("CROSSREF_MAILTO", default=DEFAULT_FROM_EMAIL)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = email_settings(DEBUG)

# Accounts and the submission portal (contributors/).
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "submissions:list"
LOGOUT_REDIRECT_URL = "articles:home"
# Contributors' limits: submissions saved per hour per account and per address, sign-ups
# per hour per address, the body's length and a .docx's size. Every step of the submission
# form saves, so one piece written in a sitting takes a dozen saves or more.
SUBMISSION_RATE_PER_HOUR = 120
SIGNUP_RATE_PER_HOUR = 10
# Password-reset requests per hour from one client address, and e-mails per hour to one
# e-mail address from sign-up and reset together (portal/accounts.py).
PASSWORD_RESET_RATE_PER_HOUR = 10
ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR = 5
SUBMISSION_MAX_BODY_CHARS = 100_000
SUBMISSION_MAX_DOCX_BYTES = 10 * 1024 * 1024
# Signed preview links for outside reviewers expire after this many days.
PREVIEW_LINK_DAYS = 14

# Sign-in lockout (throttling/login.py), for the admin and the contributors alike: after
# this many failed attempts for one username or from one address within
# LOGIN_LOCKOUT_SECONDS, that username or address is refused for LOGIN_LOCKOUT_SECONDS.
LOGIN_FAILURES_PER_USER = env_int("LOGIN_FAILURES_PER_USER", default=10, minimum=1)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", default=30, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", default=900, minimum=1)
# Behind a reverse proxy every request comes from the proxy's address; name the header it
# appends the client's address to (e.g. X-Forwarded-For) so rate limits count visitors.
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER", default="")
if not re.fullmatch(r"[A-Za-z0-9-]*", CLIENT_ADDRESS_HEADER):
    raise ImproperlyConfigured(
        f"CLIENT_ADDRESS_HEADER={CLIENT_ADDRESS_HEADER!r} must be a header name such as "
        "X-Forwarded-For."
    )

# Logs go to stderr: one JSON object per line in production, where a collector (journald,
# Docker, a log service) parses them; plain text under DEBUG, where a person reads them.
LOG_FORMAT = env_str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "colophon.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # WeasyPrint's step-by-step progress is noise; articles/pdf/render.py listens to it only to
    # enforce each render's time and page budget.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING", "propagate": False},
        # One line per task state change is too much for the immediate backend's console.
        "django.tasks": {"level": "WARNING"},
    },
}

# Unhandled errors reported to Sentry when SENTRY_DSN is set (colophon/observability.py).
SENTRY_ENABLED = init_error_reporting(
    env_str("SENTRY_DSN", default=""),
    environment=env_str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
    release=env_str("SENTRY_RELEASE", default=""),
    traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0, minimum=0.0, maximum=1.0),
)
