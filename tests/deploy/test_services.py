"""The shared services settings: Redis cache, S3 media storage, the tasks backend."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from colophon.services_env import cache_settings, media_storage, redis_url, tasks_backend
from colophon.storage import object_parameters

ROOT = Path(__file__).resolve().parents[2]
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "rediss://user:secret@cache.example.org:6380", "redis://r"]
)
def test_a_redis_url_is_accepted_with_either_scheme(monkeypatch, url):
    monkeypatch.setenv("REDIS_URL", url)
    assert redis_url() == url
    assert cache_settings()["default"]["BACKEND"].endswith("RedisCache")
    assert cache_settings()["default"]["LOCATION"] == url


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:6379", "redis://", "127.0.0.1:6379", "redis://h/zero", "redis://h:x"]
)
def test_a_malformed_redis_url_stops_start_up_naming_the_variable(monkeypatch, url):
    monkeypatch.setenv("REDIS_URL", url)
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        cache_settings()


def test_without_redis_each_process_keeps_its_own_memory_cache(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert cache_settings()["default"]["BACKEND"].endswith("LocMemCache")


@pytest.mark.parametrize(
    ("value", "backend"),
    [
        ("immediate", "django.tasks.backends.immediate.ImmediateBackend"),
        ("database", "django_tasks_db.DatabaseBackend"),
        ("django_tasks_db.DatabaseBackend", "django_tasks_db.DatabaseBackend"),
    ],
)
def test_the_tasks_backend_takes_a_short_name_or_a_dotted_path(monkeypatch, value, backend):
    monkeypatch.setenv("TASKS_BACKEND", value)
    assert tasks_backend() == backend


@pytest.mark.parametrize("value", ["databse", "db worker", "django_tasks_db.", ""])
def test_an_unknown_tasks_backend_stops_start_up_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("TASKS_BACKEND", value)
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND"):
        tasks_backend()


def _clear_aws(monkeypatch):
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)


def test_media_stay_on_the_local_disk_without_a_bucket(monkeypatch):
    _clear_aws(monkeypatch)
    assert media_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_puts_media_on_s3_with_signed_urls(monkeypatch):
    _clear_aws(monkeypatch)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "colophon-media")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("AWS_S3_REGION_NAME", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    storage = media_storage()
    assert storage["BACKEND"] == "colophon.storage.MediaStorage"
    assert storage["OPTIONS"] == {
        "bucket_name": "colophon-media",
        "file_overwrite": False,
        "querystring_expire": 86400,
        "querystring_auth": True,
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "eu-west-1",
        "access_key": "key",
        "secret_key": "secret",
    }


def test_a_cdn_domain_serves_media_unsigned(monkeypatch):
    _clear_aws(monkeypatch)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "colophon-media")
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.example.org")
    options = media_storage()["OPTIONS"]
    assert options["custom_domain"] == "media.example.org"
    assert options["querystring_auth"] is False
    assert "access_key" not in options  # the instance role


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("AWS_STORAGE_BUCKET_NAME", "Colophon_Media", "AWS_STORAGE_BUCKET_NAME"),
        ("AWS_S3_ENDPOINT_URL", "minio:9000", "AWS_S3_ENDPOINT_URL"),
        ("AWS_S3_REGION_NAME", "EU West", "AWS_S3_REGION_NAME"),
        ("AWS_S3_CUSTOM_DOMAIN", "https://media.example.org/", "AWS_S3_CUSTOM_DOMAIN"),
        ("AWS_QUERYSTRING_EXPIRE", "30 days", "AWS_QUERYSTRING_EXPIRE"),
        ("AWS_QUERYSTRING_EXPIRE", "2592000", "AWS_QUERYSTRING_EXPIRE"),
        ("AWS_ACCESS_KEY_ID", "key-without-secret", "AWS_SECRET_ACCESS_KEY"),
    ],
)
def test_a_misconfigured_bucket_stops_start_up_naming_the_variable(
    monkeypatch, name, value, message
):
    _clear_aws(monkeypatch)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "colophon-media")
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        media_storage()


def test_images_are_stored_to_be_shown_and_anything_else_to_be_downloaded():
    assert object_parameters("images/river.jpg")["ContentDisposition"] == "inline"
    assert object_parameters("renditions/ab/river-abc-480.webp")["CacheControl"].endswith(
        "immutable"
    )
    assert "immutable" not in object_parameters("images/river.webp")["CacheControl"]
    for name in ("pdfs/piece.pdf", "a/page.html", "a/trick.svg", "a/anim.gif", "no-suffix"):
        assert object_parameters(name)["ContentDisposition"] == "attachment"


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(LOCAL_REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


COUNT = """
import django
django.setup()
from django.core.cache import cache
cache.add("hits", 0)
for _ in range(50):
    cache.incr("hits")
print(cache.get("hits"))
"""


def test_two_processes_share_one_counter_through_redis():
    if not _redis_up():
        pytest.skip(f"no Redis answers at {LOCAL_REDIS}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "colophon.settings",
        "SECRET_KEY": "redis-test-key",
        "REDIS_URL": LOCAL_REDIS,
        # A prefix of this run's own: nothing else in the Redis is read or written.
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", COUNT], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    finals = [int(process.communicate(timeout=120)[0].strip()) for process in processes]
    assert all(process.returncode == 0 for process in processes)
    # Each saw the other's increments: whoever finished last saw all hundred.
    assert max(finals) == 100
