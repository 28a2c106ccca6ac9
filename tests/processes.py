"""Starting the project's own server processes from a test: gunicorn, db_worker, redis.

Shared by the suites that run the site as production does (tests/deploy/test_cluster.py,
tests/reliability/): each process logs into a file of its own, start-up waits for
/healthz, and stopping terminates then kills, so no test leaves a process behind.
"""

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import requests

ROOT = Path(__file__).resolve().parents[1]


def database_url(db: dict) -> str:
    """A DATABASE_URL for a Django DATABASES entry, for the server processes' environment."""
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{quote(db['NAME'], safe='')}"


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def server_environment(**values: str) -> dict[str, str]:
    """This process's environment without pytest's and AWS's variables, plus `values`."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTEST_"))}
    return {**inherited, **values}


def free_port() -> int:
    """A loopback port nobody listens on now (for servers that cannot take a socket)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_socket() -> socket.socket:
    """A socket bound to a free loopback port, for gunicorn's `--bind fd://N`: the port is
    ours from the start, so two suites running at once can never race for it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def start(command: list[str], env: dict, log: Path, **options) -> subprocess.Popen:
    """Start one process in its own session (so its children can be stopped with it)."""
    with log.open("ab") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **options,
        )


def stop(processes: list[subprocess.Popen], grace: float = 10) -> None:
    """Terminate each process group, then kill what is still there after `grace` seconds."""
    for process in processes:
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        # The group too: a gunicorn worker or render child may outlive its parent.
        _signal_group(process, signal.SIGKILL)
        process.wait()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def wait_until_up(url: str, processes: list[subprocess.Popen], deadline: float) -> None:
    """Return once `url`/healthz answers 200; fail early if a process exits meanwhile."""
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            raise RuntimeError("a server process exited during start-up (see its log)")
        try:
            if requests.get(f"{url}/healthz", timeout=20).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the app server at {url} did not come up")


def log_tails(folder: Path, lines: int = 15) -> str:
    return "\n".join(
        f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
        for log in sorted(folder.iterdir())
        if log.is_file()
    )
