"""Fixtures of the reliability suite: a private PostgreSQL per test process, a site per test.

The PostgreSQL server is made once per pytest process (xdist worker) and migrated once
into a template database; each test gets a copy of it (CREATE DATABASE … TEMPLATE, a
fraction of a second), its own Redis, media folder and servers, so no scenario sees
another's state and any of them may stop the database.
"""

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.processes import server_environment
from tests.reliability.postgres import PrivatePostgres, binaries
from tests.reliability.site import REDIS_MAXMEMORY, SETTINGS, PrivateRedis, Site

TEMPLATE = "colophon_template"


@pytest.fixture(scope="session")
def private_postgres():
    bin_dir = binaries()
    if bin_dir is None:
        pytest.skip("the reliability suite needs PostgreSQL's server binaries (initdb)")
    server = PrivatePostgres(bin_dir)
    try:
        server.create()
        server.start()
        server.create_database(TEMPLATE)
        env = server_environment(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            DATABASE_URL=server.url(TEMPLATE),
            SECRET_KEY="reliability-template",
            DEBUG="0",
        )
        env.pop("REDIS_URL", None)
        Site(env, server.root).python("manage.py", "migrate", "--no-input", "-v0", timeout=300)
        yield server
    finally:
        server.destroy()


@dataclass
class Scenario:
    site: Site
    content: dict
    postgres: PrivatePostgres
    database: str
    password: str
    folder: Path
    redis: PrivateRedis

    def query(self, sql: str, params=()) -> list[tuple]:
        return self.postgres.query(self.database, sql, params)


@pytest.fixture
def start_site(private_postgres, tmp_path):
    """start_site(pieces=…, big_paragraphs=…, **env) seeds a fresh database and starts."""
    started: list[tuple[Site, PrivateRedis]] = []

    def start(
        *,
        pieces: int = 4,
        big_paragraphs: int = 0,
        workers: int = 1,
        redis_maxmemory: str = REDIS_MAXMEMORY,
        **extra: str,
    ):
        database = f"site_{uuid.uuid4().hex[:10]}"
        private_postgres.create_database(database, template=TEMPLATE)
        folder = tmp_path / database
        (folder / "logs").mkdir(parents=True)
        redis = PrivateRedis(folder, redis_maxmemory)
        redis.start()
        env = server_environment(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            DATABASE_URL=private_postgres.url(database),
            SECRET_KEY=f"reliability-{uuid.uuid4().hex}",
            DEBUG="0",
            ALLOWED_HOSTS="127.0.0.1",
            TASKS_BACKEND="database",
            REDIS_URL=redis.url,
            CACHE_KEY_PREFIX="reliability",
            MEDIA_ROOT=str(folder / "media"),
            PDF_COLLECTION_DELAY="1",
            LOG_LEVEL="WARNING",
            **extra,
        )
        site = Site(env, folder / "logs")
        started.append((site, redis))
        password = uuid.uuid4().hex
        seeded = site.python(
            "-m", "tests.reliability.seed", "--pieces", str(pieces),
            "--big-paragraphs", str(big_paragraphs), "--password", password,
        )  # fmt: skip
        site.start(workers=workers)
        return Scenario(
            site, json.loads(seeded), private_postgres, database, password, folder, redis
        )

    yield start
    for site, redis in started:
        site.stop()
        redis.stop()
    # A stopped scenario leaves the server stopped; the next test needs it.
    if not (private_postgres.data / "postmaster.pid").exists():
        private_postgres.start()
        private_postgres.wait_ready()
