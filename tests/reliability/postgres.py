"""A PostgreSQL server of the suite's own, which it may stop and start at will.

CI runs every other test against one shared server at the same time, so the outage the
suite simulates must happen on a private one: initdb into a temporary folder (as the
`postgres` user when the tests run as root, since PostgreSQL refuses to run as root),
on a free loopback port, without fsync (nothing here must survive a power cut; a fast
shutdown still writes everything committed).
"""

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from tests.processes import free_port

USER = "postgres"
# Every reliability test module carries this: the suite runs on PostgreSQL only.
NEEDS_POSTGRESQL = pytest.mark.postgres(
    reason="the reliability suite runs on PostgreSQL only (DATABASE_URL=postgres://…): "
    "it stops and restarts a database server, which SQLite does not have"
)
_VERSION_DIRS = "/usr/lib/postgresql/*/bin"


def binaries() -> Path | None:
    """The newest server's bin folder (Debian's layout), or one on PATH."""
    found = sorted(glob.glob(_VERSION_DIRS), key=lambda p: int(Path(p).parent.name))
    if found:
        return Path(found[-1])
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PrivatePostgres:
    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="colophon-reliability-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam(USER)
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", USER, "--"]

    def _run(self, tool: str, *args: str) -> None:
        command = [*self.as_user, str(self.bin / tool), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=60, cwd=self.root)

    def create(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", USER, "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip

    def start(self) -> None:
        """Start the server; on a port somebody took meanwhile, try another one."""
        for _attempt in range(3):
            self.port = self.port or free_port()
            options = (
                f"-p {self.port} -c listen_addresses=127.0.0.1 "
                f"-c unix_socket_directories={self.root} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
            )
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t",
                          "30", "-o", options, "start")  # fmt: skip
                return
            except subprocess.CalledProcessError:
                if "already in use" not in self.log.read_text(errors="replace"):
                    raise
                self.port = 0
        raise RuntimeError(f"the private PostgreSQL did not start (see {self.log})")

    def stop(self) -> None:
        """A fast shutdown: clients are disconnected, committed work is on disk."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgres://{USER}@127.0.0.1:{self.port}/{name}"

    def connect(self, name: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=USER, dbname=name, autocommit=True,
            connect_timeout=5,
        )  # fmt: skip

    def create_database(self, name: str, template: str | None = None) -> None:
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"{clause}')

    def query(self, name: str, sql: str, params=()) -> list[tuple]:
        with self.connect(name) as conn:
            return conn.execute(sql, params).fetchall()

    def wait_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.query("postgres", "SELECT 1")
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
