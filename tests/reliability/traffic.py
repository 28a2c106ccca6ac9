"""Readers, editors and contributors as HTTP clients, each request with a time limit.

Every request goes through `fetch()`, which never raises: a timeout is recorded as a hung
request, a refused connection as an error, so a scenario can assert on what came back
after the fact. Figures each scenario measured go to the test's output and to one line
of artifacts/reliability.txt (`record()`).
"""

import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import requests

from tests.processes import ROOT

# How long a reader waits for a page, /healthz or a PDF's answer (the PDF itself or a
# 503 with Retry-After) before calling the request hung: far above the site's normal
# answers (tens of milliseconds), far below gunicorn's 130-second worker timeout.
LIMIT = 10.0
RESULTS = ROOT / "artifacts" / "reliability.txt"


@dataclass
class Answer:
    at: float  # time.monotonic() when the request was sent
    path: str
    status: int | None  # None: no HTTP answer
    seconds: float
    error: str = ""
    content_type: str = ""
    retry_after: str | None = None
    body: bytes = b""
    location: str = ""  # where a redirect leads

    @property
    def hung(self) -> bool:
        return self.error.startswith("timeout")

    def __str__(self) -> str:
        outcome = self.status if self.status is not None else self.error
        return f"{self.path} -> {outcome} in {self.seconds:.1f}s"


def fetch(
    session: requests.Session,
    base: str,
    path: str,
    limit: float = LIMIT,
    method: str = "GET",
    **options,
) -> Answer:
    sent = time.monotonic()
    try:
        response = session.request(
            method, base + path, timeout=limit, allow_redirects=False, **options
        )
    except requests.Timeout:
        return Answer(sent, path, None, time.monotonic() - sent, f"timeout after {limit:.0f}s")
    except requests.RequestException as error:
        return Answer(sent, path, None, time.monotonic() - sent, type(error).__name__)
    return Answer(
        sent,
        path,
        response.status_code,
        time.monotonic() - sent,
        content_type=response.headers.get("Content-Type", ""),
        retry_after=response.headers.get("Retry-After"),
        body=response.content,
        location=response.headers.get("Location", ""),
    )


class Readers:
    """Threads that fetch `paths` in turn, each from a session of its own, until stopped.

    A path containing {n} is formatted with a fresh number each time (an uncached page).
    """

    def __init__(self, base: str, paths: list[str], threads: int = 2, pause: float = 0.05):
        self.base, self.paths, self.pause = base, paths, pause
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._counter = iter(range(10**9))
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def __enter__(self) -> "Readers":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=LIMIT + 5)

    def _run(self) -> None:
        session = requests.Session()
        while not self._stop.is_set():
            with self._lock:
                n = next(self._counter)
            path = self.paths[n % len(self.paths)].format(n=n)
            self.answers.append(fetch(session, self.base, path))
            time.sleep(self.pause)

    def between(self, start: float, end: float) -> list[Answer]:
        return [a for a in self.answers if start <= a.at <= end]

    def summary(self, answers: list[Answer] | None = None) -> dict:
        answers = self.answers if answers is None else answers
        return dict(Counter(str(a.status or a.error) for a in answers))


def wait_until(check, bound: float, interval: float = 0.5) -> float | None:
    """Seconds until `check()` was first true, or None if it was not within `bound`."""
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if time.monotonic() - started > bound:
            return None
        time.sleep(interval)


def form_data(page: bytes, field: str) -> tuple[str, dict[str, object]]:
    """The action of the form with `field` and the values a browser would send for it."""
    document = lxml.html.fromstring(page.decode())
    forms = [f for f in document.forms if field in f.inputs]
    if not forms:
        raise AssertionError(f"no form with a {field} field on the page")
    form = forms[0]
    data: dict[str, object] = {}
    textareas = {t.get("name") for t in form.iter("textarea")}
    for name, value in form.form_values():
        if name in textareas and value.startswith("\n"):
            value = value[1:]  # browsers drop the newline that follows <textarea>
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value
    return form.get("action") or "", data


def sign_in(base: str, username: str, password: str, path: str = "/admin/login/") -> Answer:
    """One sign-in attempt from a fresh session; 302 means it worked."""
    session = requests.Session()
    fetch(session, base, path)
    data = {"username": username, "password": password}
    data["csrfmiddlewaretoken"] = session.cookies.get("csrftoken", "")
    return fetch(session, base, path, method="POST", data=data)


def signed_in_session(base: str, username: str, password: str, path: str) -> requests.Session:
    session = requests.Session()
    fetch(session, base, path)
    data = {"username": username, "password": password, "next": "/"}
    data["csrfmiddlewaretoken"] = session.cookies["csrftoken"]
    answer = fetch(session, base, path, method="POST", data=data)
    assert answer.status == 302, f"{username} could not sign in: {answer}"
    return session


def record(scenario: str, figures: dict) -> str:
    """Print the scenario's figures and add them as one line to artifacts/reliability.txt."""
    line = f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} {scenario}: " + "; ".join(
        f"{name} {value}" for name, value in figures.items()
    )
    print(line)
    Path(RESULTS).parent.mkdir(exist_ok=True)
    with Path(RESULTS).open("a") as results:
        results.write(line + "\n")
    return line


def flood(base: str, paths, threads: int = 4) -> tuple[float, Counter]:
    """GET every path in `paths` (an iterable shared by `threads` threads) as fast as the
    server answers; returns the seconds it took and the statuses.

    Raw HTTP/1.1 over one connection per request, as gunicorn's sync workers close each
    connection anyway: a requests.Session would cost the client more CPU than the server.
    """
    host, port = base.removeprefix("http://").split(":")
    statuses: Counter = Counter()
    lock = threading.Lock()
    queue = iter(paths)

    def run() -> None:
        while True:
            with lock:
                path = next(queue, None)
            if path is None:
                return
            request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
            try:
                with socket.create_connection((host, int(port)), timeout=LIMIT) as conn:
                    conn.sendall(request.encode())
                    head = conn.recv(64)
                    while conn.recv(65536):
                        pass
                status = head.split(b" ", 2)[1].decode()
            except (OSError, IndexError) as error:
                status = type(error).__name__
            with lock:
                statuses[status] += 1

    started = time.monotonic()
    workers = [threading.Thread(target=run, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.monotonic() - started, statuses
