"""Two editors deciding at once on SQLite, the embedded default: one wins, the other is
told someone acted first, and nobody gets a server error.

SQLite has no row locks (select_for_update does nothing). A transaction that reads and then
writes asks for the write lock only at its first write, and if another writer holds it
SQLite refuses at once with "database is locked" rather than wait. The race runs on a
database file, in its own process (tests/workflow/sqlite_race.py), as a server's workers
share one; the in-memory test database belongs to this process alone.
"""

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

TRIALS = 8


@pytest.fixture(autouse=True)
def _sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking; tests/workflow/test_concurrency.py races PostgreSQL")


def test_two_editors_deciding_at_once_on_sqlite_never_get_a_server_error(tmp_path):
    database = tmp_path / "race.sqlite3"
    # The migrated, empty test database, copied into a file both editors' connections open.
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    finished = subprocess.run(
        [sys.executable, "-m", "tests.workflow.sqlite_race", str(TRIALS)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    outcomes = json.loads(finished.stdout.splitlines()[-1])
    assert len(outcomes) == TRIALS
    for results in outcomes:
        assert sorted(results) == ["told", "won"], outcomes
