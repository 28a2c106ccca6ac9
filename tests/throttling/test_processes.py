"""Sign-in locks hold across processes, as they must with several workers or app servers.

Each attempt runs in a process of its own (tests/throttling/sign_in.py) against one
database: PostgreSQL's test database, or on SQLite a database file of the test's own (the
test database there lives in this process's memory, where no other process can see it).
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from throttling.login import lockout_keys, seconds_locked

ROOT = Path(__file__).resolve().parents[2]
EMAIL, PASSWORD = "eda@example.org", "pw-Long-enough-123"

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def in_another_process(tmp_path, settings):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "REDIS_"))},
        "DJANGO_SETTINGS_MODULE": "tests.throttling.process_settings",
        "DATABASE_URL": _database_url(tmp_path),
        "SECRET_KEY": "process-test-secret-key-not-for-production",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "testserver",
        "SITE_URL": "http://127.0.0.1:8000",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LOGIN_FAILURES_PER_USER": "3",
        "LOG_LEVEL": "ERROR",
    }

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "tests.throttling.sign_in", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip()

    run("user", EMAIL, PASSWORD, *(["--tables"] if connection.vendor == "sqlite" else []))
    return run


def test_failures_counted_in_one_process_lock_the_account_in_another(in_another_process):
    assert in_another_process("attempt", "10.0.0.1", EMAIL, "wrong", "wrong") == "200 200"
    # Another process, another address: the right password still gets in (two failures
    # are under the limit of three), the third failure reaches it, and then even the
    # right password is refused.
    assert in_another_process("attempt", "10.0.0.2", EMAIL, PASSWORD, "wrong", PASSWORD) == (
        "302 200 429"
    )
    if connection.vendor == "postgresql":  # this process shares the database too
        assert seconds_locked(lockout_keys(EMAIL, "10.0.0.9")) > 0
