"""The site as production runs it, on loopback: gunicorn, a task worker and Redis.

gunicorn reads the project's own gunicorn.conf.py (sync workers, its timeouts) with two
workers, on a socket this process bound first (`--bind fd://N`). One `db_worker` renders
PDFs ahead of readers, niced as deploy/systemd runs it. Redis is a private server with
the eviction docs/deploy.md prescribes (allkeys-lru), smaller than production's so that
the cache flood fills it quickly.
"""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import redis

from tests.processes import (
    ROOT,
    free_port,
    listening_socket,
    log_tails,
    server_environment,
    start,
    stop,
    wait_until_up,
)

SETTINGS = "tests.reliability.site_settings"
REDIS_MAXMEMORY = "32mb"
# deploy/systemd/colophon-worker@.service: Restart=always, RestartSec=5.
WORKER_RESTART_SECONDS = 5


class PrivateRedis:
    def __init__(self, folder: Path, maxmemory: str = REDIS_MAXMEMORY):
        self.folder, self.maxmemory = folder, maxmemory
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        for _attempt in range(3):
            self.port = free_port()
            command = [
                binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
                "--appendonly", "no", "--maxmemory", self.maxmemory,
                "--maxmemory-policy", "allkeys-lru", "--dir", str(self.folder),
            ]  # fmt: skip
            self.process = start(command, server_environment(), self.folder / "redis.log")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    if redis.Redis(port=self.port, socket_connect_timeout=0.5).ping():
                        return
                except redis.RedisError:
                    time.sleep(0.05)
            stop([self.process])
        raise RuntimeError("the private Redis did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def info(self) -> dict:
        return redis.Redis(port=self.port, socket_connect_timeout=2).info()

    def stop(self) -> None:
        if self.process is not None:
            stop([self.process], grace=2)


@dataclass
class Site:
    """One running site; `env` is what every process (and the seeding script) sees."""

    env: dict[str, str]
    logs: Path
    web: subprocess.Popen | None = None
    workers: list[subprocess.Popen] = field(default_factory=list)
    worker_restarts: int = 0
    _stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return self.env["SITE_URL"]

    def start(self, workers: int = 1) -> None:
        sock = listening_socket()
        port = sock.getsockname()[1]
        self.env["SITE_URL"] = f"http://127.0.0.1:{port}"
        web = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
        web += ["--bind", f"fd://{sock.fileno()}", "--workers", "2", "colophon.wsgi"]
        try:
            self.web = start(web, self.env, self.logs / "gunicorn.log", pass_fds=[sock.fileno()])
        finally:
            sock.close()  # gunicorn holds its own copy
        for n in range(workers):
            self.start_worker(n)
        threading.Thread(target=self._supervise, daemon=True).start()
        try:
            wait_until_up(self.url, [self.web, *self.workers], time.monotonic() + 120)
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n{log_tails(self.logs)}") from None

    def start_worker(self, n: int = 0) -> subprocess.Popen:
        command = ["nice", "-n", "10", sys.executable, "manage.py", "db_worker"]
        command += ["--queue-name", "default", "--interval", "0.2", "--no-startup-delay"]
        command += ["--no-reload", "--worker-id", f"reliability-{n}-{uuid.uuid4().hex[:6]}"]
        process = start(command, self.env, self.logs / f"worker-{n}.log")
        if n < len(self.workers):
            self.workers[n] = process
        else:
            self.workers.append(process)
        return process

    def _supervise(self) -> None:
        """Restart a task worker that exited, as systemd does in production."""
        while not self._stopping.wait(0.5):
            for n, process in enumerate(self.workers):
                if process.poll() is not None and not self._stopping.wait(WORKER_RESTART_SECONDS):
                    self.start_worker(n)
                    self.worker_restarts += 1

    def stop(self) -> None:
        self._stopping.set()
        stop([process for process in (self.web, *self.workers) if process is not None])

    def alive(self) -> dict[str, bool]:
        processes = {"gunicorn": self.web} | {f"worker-{n}": w for n, w in enumerate(self.workers)}
        return {name: process.poll() is None for name, process in processes.items()}

    def python(self, *args: str, timeout: float = 120) -> str:
        """Run `python *args` (a module of the suite, manage.py …) as the site runs; stdout."""
        done = subprocess.run(
            [sys.executable, *args], env=self.env, capture_output=True, text=True,
            timeout=timeout, cwd=ROOT,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    # The processes, for the scenario that kills a render -------------------------------

    def role(self, pid: int) -> str:
        """What a process of the site is, for the report."""
        workers = {w.pid for w in self.workers}
        web = self.web.pid if self.web else None
        parent = _parent(pid)
        if pid in workers:
            return "the task worker"
        if parent == web:
            return "a gunicorn worker"
        if parent in workers:
            return "a child of the task worker"
        if _parent(parent) == web:
            return "a child of a gunicorn worker"
        return f"process {pid}"

    def process_tree(self) -> list[int]:
        """Every live process the site started, children and grandchildren included."""
        roots = {p.pid for p in (self.web, *self.workers) if p is not None and p.poll() is None}
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        tree, grew = set(roots), True
        while grew:
            children = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= children
            grew = bool(children)
        return sorted(tree)


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _command_line(pid: int) -> str:
    """The process's name (prctl's, e.g. colophon-pdf) and its arguments, without the
    program's own path, which may name a checkout (…/pdf-renderer/.venv/bin/python)."""
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[1:]
    except OSError:
        return ""
    return f"{name}: {b' '.join(arguments).decode(errors='replace')}"


def find_render_process(site: Site, wait_for_child: float = 2.0) -> tuple[int, str]:
    """The process rendering a PDF right now, and how it was recognised.

    A render in a process of its own is named by its process name or command line (pdf,
    render, weasyprint), or is a child of a gunicorn worker or task worker that burns CPU (a
    forked child keeps its parent's command line; its parent prepares for a second or so
    before forking). A render inside a gunicorn worker or db_worker itself is the site's
    busiest process once no child has appeared within `wait_for_child` seconds. The
    gunicorn master never renders, so it is never the answer.
    """
    deadline = time.monotonic() + wait_for_child
    while True:
        candidates = [p for p in site.process_tree() if site.web is None or p != site.web.pid]
        for pid in candidates:
            line = _command_line(pid).lower()
            if any(word in line for word in ("pdf", "render", "weasyprint")):
                return pid, f"{site.role(pid)} named {line.strip()[:60]!r}"
        before = {pid: _cpu_ticks(pid) for pid in candidates}
        time.sleep(0.25)
        used = {pid: _cpu_ticks(pid) - before[pid] for pid in candidates}
        children = [p for p in candidates if "child" in site.role(p) and used[p] > 0]
        if children:
            busiest = max(children, key=used.__getitem__)
            return busiest, f"{site.role(busiest)} using CPU"
        if time.monotonic() > deadline:
            busiest = max(candidates, key=used.__getitem__)
            share = used[busiest] / max(1, sum(used.values()))
            return busiest, f"{site.role(busiest)}, the busiest ({share:.0%} of the site's CPU)"


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
