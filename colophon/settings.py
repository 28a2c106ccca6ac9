"""Colophon's only settings module, configured by environment variables (see README)."""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from colophon.env import env_bool, env_list, env_str, env_url
from colophon.mail_env import email_settings

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on; production must provide one.
SECRET_KEY = env_str("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else None)
if not DEBUG and SECRET_KEY.startswith("dev-only-"):
    raise ImproperlyConfigured("SECRET_KEY must be set to a real secret when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

# Absolute base for links that leave the request/response cycle: feeds, OAI, PDFs, e-mail.
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Full-text search on PostgreSQL (articles/search.py); harmless on SQLite.
    "django.contrib.postgres",
    "series",
    "contributors",
    "articles",
    "pages",
    # Revisions of every article save (articles/history.py); registered in ArticlesConfig,
    # after modeltranslation has added the translated columns.
    "reversion",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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

# Uploaded images are re-encoded by Pillow; anything larger than this many pixels is refused
# before it is decoded (decompression bombs).
COLOPHON_IMAGE_MAX_PIXELS = 40_000_000
COLOPHON_IMAGE_MAX_BYTES = 15 * 1024 * 1024

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
if CROSSREF_DEPOSIT and not (DOI_PREFIX and CROSSREF_USERNAME and CROSSREF_PASSWORD):
    raise ImproperlyConfigured(
        "CROSSREF_DEPOSIT is on: set DOI_PREFIX, CROSSREF_USERNAME and CROSSREF_PASSWORD."
    )

# Background work goes through django.tasks. The immediate backend runs a task in the
# process that enqueues it; production names a worker backend (docs/pdf.md), e.g.
# TASKS_BACKEND=django_tasks_db.DatabaseBackend.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND", default="django.tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# Reader PDFs (docs/pdf.md): rendered ahead of readers on publication and after each edit.
PDF_RENDER_AHEAD = env_bool("PDF_RENDER_AHEAD", default=True)

# E-mail: the console in development; SMTP from EMAIL_URL or EMAIL_HOST/… otherwise
# (colophon/mail_env.py, README).
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default=ADMIN_EMAIL)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = email_settings(DEBUG)

# Accounts and the submission portal (contributors/).
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "submissions:list"
LOGOUT_REDIRECT_URL = "articles:home"
# Contributors' limits: submissions saved per hour per account and per address, sign-ups
# per hour per address, the body's length and a .docx's size.
SUBMISSION_RATE_PER_HOUR = 30
SIGNUP_RATE_PER_HOUR = 10
SUBMISSION_MAX_BODY_CHARS = 100_000
SUBMISSION_MAX_DOCX_BYTES = 10 * 1024 * 1024
# Signed preview links for outside reviewers expire after this many days.
PREVIEW_LINK_DAYS = 14

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # WeasyPrint's step-by-step progress is noise; articles/pdf.py listens to it only to
    # enforce each render's time and page budget.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING", "propagate": False},
        # One line per task state change is too much for the immediate backend's console.
        "django.tasks": {"level": "WARNING"},
    },
}
