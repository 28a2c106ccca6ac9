"""The shared services several app servers and workers need: cache, media storage, tasks.

Each function reads its environment variables strictly (a typo stops start-up with the
variable's name, as colophon/env.py does) and returns the value of one Django setting.
docs/deploy.md explains when each service is needed.
"""

import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from colophon.env import env_int, env_str, env_url

TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_DOTTED_PATH = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")
# Bucket names as S3 allows them (3-63 lowercase letters, digits, dots, hyphens).
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_REGION = re.compile(r"^[a-z0-9-]+$")
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
# SigV4 presigned URLs cannot outlive seven days.
MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600


def redis_url(name: str = "REDIS_URL") -> str | None:
    """redis://[user:password@]host[:port][/db] or rediss://…, or None when unset/empty."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} has an invalid port.") from None
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name}={value!r} must look like redis://host:6379/0 (or rediss:// for TLS)."
        )
    database = parts.path.lstrip("/")
    if database and not database.isdigit():
        raise ImproperlyConfigured(f"{name}={value!r}: the database after the host is a number.")
    return value


def cache_settings() -> dict:
    """Redis when REDIS_URL is set, so every process shares PDF pointers and cached pages;
    otherwise memory local to each process (one-process deployments only). Nothing in it
    may matter to security: it evicts (throttling/ keeps locks and rate limits)."""
    url = redis_url()
    prefix = env_str("CACHE_KEY_PREFIX", default="colophon")
    if url is None:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "KEY_PREFIX": prefix,
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            # A Redis that stops answering must fail a request quickly, not hang a worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


def tasks_backend(name: str = "TASKS_BACKEND") -> str:
    """`immediate`, `database` or a backend's dotted path."""
    value = env_str(name, default="immediate").strip()
    if value in TASK_BACKENDS:
        return TASK_BACKENDS[value]
    if _DOTTED_PATH.match(value):
        return value
    raise ImproperlyConfigured(
        f"{name}={value!r} must be 'immediate', 'database' or a backend's dotted path."
    )


def media_storage() -> dict:
    """Uploaded images and PDFs: S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set,
    MEDIA_ROOT on the local disk otherwise (one machine, or a shared volume)."""
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not _BUCKET.match(bucket):
        raise ImproperlyConfigured(f"AWS_STORAGE_BUCKET_NAME={bucket!r} is not a bucket name.")
    options: dict = {
        "bucket_name": bucket,
        # Never overwrite: two uploads with one name keep both (Django adds a suffix).
        "file_overwrite": False,
        "querystring_expire": env_int(
            "AWS_QUERYSTRING_EXPIRE", 86400, minimum=60, maximum=MAX_SIGNED_URL_SECONDS
        ),
    }
    if "AWS_S3_ENDPOINT_URL" in os.environ:
        options["endpoint_url"] = env_url("AWS_S3_ENDPOINT_URL", "")
    region = os.environ.get("AWS_S3_REGION_NAME", "").strip()
    if region:
        if not _REGION.match(region):
            raise ImproperlyConfigured(f"AWS_S3_REGION_NAME={region!r} is not a region name.")
        options["region_name"] = region
    key_id = os.environ.get("AWS_ACCESS_KEY_ID", "")
    secret = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
    if bool(key_id) != bool(secret):
        raise ImproperlyConfigured(
            "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (instance role)."
        )
    if key_id:
        options |= {"access_key": key_id, "secret_key": secret}
    domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip()
    if domain:
        if not _HOST.match(domain):
            raise ImproperlyConfigured(
                f"AWS_S3_CUSTOM_DOMAIN={domain!r} is a host name such as media.example.org."
            )
        # A CDN domain serves the bucket publicly: plain URLs, no signature.
        options |= {"custom_domain": domain, "querystring_auth": False}
    else:
        # A private bucket: every media URL the site prints is signed and expires.
        options["querystring_auth"] = True
    return {"BACKEND": "colophon.storage.MediaStorage", "OPTIONS": options}
