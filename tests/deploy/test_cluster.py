"""Two app servers and two task workers on one PostgreSQL, as a scaled-out site runs.

What it proves: with two app processes and two workers against one PostgreSQL, publishing
100 pieces renders each PDF exactly once, and no request fails. Both gunicorn servers
and both `manage.py db_worker` processes share the test database, one Redis (under a key
prefix of this run's own) and one media folder standing in for S3. An editor signs in on
one server and publishes through the admin's workflow endpoint of each server in turn,
while a reader fetches pages and PDFs from both.
"""

import os
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest
import requests
from django.conf import global_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, PdfRender
from articles.pdf.content import (
    article_pdf_url,
    article_source,
    articles_for_pdf,
    renderer_version,
    series_source,
    volume_source,
)
from articles.pdf.storage import stored_render
from series.models import Series, Volume
from tests.factories import make_article, make_series, make_volume
from tests.processes import (
    database_url,
    listening_socket,
    log_tails,
    redis_reachable,
    server_environment,
    start,
    stop,
    wait_until_up,
)

REDIS_URL = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/0")
# Small collections keep the volume and series PDFs cheap: ten pieces a volume, two
# volumes a series, one piece in ten also in Spanish.
PIECES, SERIES, VOLUMES_PER_SERIES, BILINGUAL_EVERY = 100, 5, 2, 10
DRAIN_SECONDS = 240

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.postgres(
        reason="the cluster test needs PostgreSQL (set DATABASE_URL=postgres://…)"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def cluster(transactional_db, settings, tmp_path):
    """Start the four processes; the finalizer kills them before the database is flushed."""
    if not redis_reachable(REDIS_URL):
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    # The editor's password is checked by the servers, with the production hashers: it
    # must not be hashed with the tests' fast one (tests/defaults.py).
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    # Sockets bound here on free ports and handed to gunicorn: a second run of this test on
    # the same machine can never answer this one's requests.
    sockets = [listening_socket(), listening_socket()]
    urls = [f"http://127.0.0.1:{sock.getsockname()[1]}" for sock in sockets]
    env = {
        **server_environment(),
        "DJANGO_SETTINGS_MODULE": "tests.deploy.cluster_settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "SECRET_KEY": "cluster-test-secret-key-not-for-production",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": urls[0],
        "TASKS_BACKEND": "database",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"cluster-{uuid.uuid4().hex[:12]}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PDF_COLLECTION_DELAY": "10",
        "LOG_LEVEL": "WARNING",
    }
    # The PDFs' content versions include absolute links and the renderer's version, which
    # hashes SITE_URL once per process: the test computes them as the servers do.
    settings.SITE_URL = env["SITE_URL"]
    renderer_version.cache_clear()
    logs = tmp_path / "logs"
    logs.mkdir()
    web = [sys.executable, "-m", "gunicorn", "colophon.wsgi", "--workers", "2"]
    # Workers run niced, as deploy/systemd does: renders must not slow the requests down.
    worker = ["nice", "-n", "10", sys.executable, "manage.py", "db_worker", "--queue-name"]
    worker += ["default"]
    commands = [[*web, "--bind", f"fd://{sock.fileno()}", "--timeout", "120"] for sock in sockets]
    commands += [
        [*worker, "--interval", "0.2", "--no-startup-delay", "--worker-id", f"cluster-{n}"]
        for n in (1, 2)
    ]
    processes = []
    try:
        for n, command in enumerate(commands):
            fds = [sockets[n].fileno()] if n < len(sockets) else []
            processes.append(start(command, env, logs / f"process-{n}.log", pass_fds=fds))
        for sock in sockets:
            sock.close()  # gunicorn holds its own copies
        deadline = time.monotonic() + 180  # generous: the machine may be busy
        for url in urls:
            wait_until_up(url, processes, deadline)
        yield {"urls": urls, "logs": logs}
    finally:
        renderer_version.cache_clear()  # later tests in this process have their SITE_URL
        for sock in sockets:
            sock.close()
        stop(processes)


def _make_pieces(editor_password: str) -> list[Article]:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("cluster-editor", "ed@example.org", editor_password)
    volumes = [
        make_volume(series)
        for series in [make_series() for _ in range(SERIES)]
        for _ in range(VOLUMES_PER_SERIES)
    ]
    pieces = []
    for n in range(PIECES):
        languages = ("en", "es") if n % BILINGUAL_EVERY == 0 else ("en",)
        pieces.append(
            make_article(
                volumes[n % len(volumes)], languages=languages, published=(), references=1
            )
        )
    return pieces


def _sign_in(base: str, password: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/admin/login/", timeout=10).raise_for_status()
    response = session.post(
        f"{base}/admin/login/",
        data={
            "username": "cluster-editor",
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "next": "/admin/",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, "the editor could not sign in"
    return session


def _publish(session: requests.Session, base: str, piece: Article, languages) -> int:
    now = timezone.now() - timedelta(minutes=1)
    data = {
        "expected": piece.status,
        "message": "",
        "note": "",
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
    }
    for code in languages:
        data |= {f"at_{code}_0": f"{now:%Y-%m-%d}", f"at_{code}_1": f"{now:%H:%M:%S}"}
    url = reverse("admin:articles_article_transition", args=[piece.pk, "schedule"])
    return session.post(base + url, data=data, allow_redirects=False, timeout=60).status_code


class Reader(threading.Thread):
    """Fetches the home page, piece pages and PDFs from both servers until told to stop."""

    def __init__(self, urls: list[str], paths: list[tuple[str, str]]):
        super().__init__(daemon=True)
        self.urls, self.paths = urls, paths
        self.stop = threading.Event()
        self.answers: Counter = Counter()
        self.failures: list[str] = []

    def run(self) -> None:
        session = requests.Session()
        n = 0
        while not self.stop.is_set():
            kind, path = self.paths[n % len(self.paths)]
            base = self.urls[n % len(self.urls)]
            n += 1
            try:
                status = session.get(base + path, timeout=60).status_code
            except requests.RequestException as error:
                self.failures.append(f"{path}: {error!r}")
                continue
            self.answers[(kind, status)] += 1
            if status >= 500 and not (kind == "pdf" and status == 503):
                self.failures.append(f"{base}{path}: {status}")
            time.sleep(0.2)  # a steady reader, not a load test: two cores run everything


def _queue_drained(deadline: float) -> bool:
    waiting = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
    while time.monotonic() < deadline:
        if not waiting.exists():
            return True
        time.sleep(0.5)
    return False


def _current_sources() -> list:
    sources = []
    for article in articles_for_pdf().filter(status=Article.Status.PUBLISHED):
        sources += [article_source(article, code) for code in article.published_languages()]
    for code in ("en", "es"):
        sources += [volume_source(v, code) for v in Volume.objects.select_related("series")]
        sources += [series_source(s, code) for s in Series.objects.all()]
    return [source for source in sources if source is not None]


def test_two_servers_and_two_workers_publish_a_hundred_pieces_rendering_each_pdf_once(cluster):
    prepared = time.monotonic()
    password = uuid.uuid4().hex
    pieces = _make_pieces(password)
    started = time.monotonic()
    urls = cluster["urls"]
    # Signed in on the first server only: the session lives in the shared database.
    session = _sign_in(urls[0], password)
    paths = [("page", "/en/"), ("page", "/es/")]
    for piece in pieces[::3]:
        paths += [("page", piece.get_absolute_url()), ("pdf", article_pdf_url(piece, "en"))]
    reader = Reader(urls, paths)
    reader.start()
    publish_statuses: Counter = Counter()

    def publisher(base: str, share: list[Article]) -> None:
        for piece in share:
            languages = ("en", "es") if piece.title_es else ("en",)
            publish_statuses[_publish(session, base, piece, languages)] += 1

    # One editor's session on both servers at once: pieces alternate between them.
    publishers = [
        threading.Thread(target=publisher, args=(url, pieces[n::2])) for n, url in enumerate(urls)
    ]
    try:
        for thread in publishers:
            thread.start()
        for thread in publishers:
            thread.join()
        published_at = time.monotonic()
        drained = _queue_drained(time.monotonic() + DRAIN_SECONDS)
    finally:
        reader.stop.set()
        reader.join(timeout=90)
    finished = time.monotonic()

    renders = PdfRender.objects.all()
    counts = Counter(renders.values_list("kind", flat=True))
    summary = (
        f"\ncluster (load average {os.getloadavg()[0]:.1f}): "
        f"{PIECES} pieces made in {started - prepared:.1f}s, published in "
        f"{published_at - started:.1f}s, queue drained "
        f"{finished - published_at:.1f}s later; "
        f"publish answers {dict(publish_statuses)}; reader answers {dict(reader.answers)}; "
        f"renders by kind {dict(counts)}; tasks "
        f"{dict(Counter(DBTaskResult.objects.values_list('status', flat=True)))}"
    )
    print(summary)  # the figures the report quotes (pytest -s)
    assert publish_statuses == Counter({302: PIECES}), summary
    assert drained, "the task queue did not drain:\n" + log_tails(cluster["logs"])
    assert not reader.failures, reader.failures[:10]
    assert sum(reader.answers.values()) > 0
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    assert published.count() == PIECES
    assert all(
        set(piece.published_languages()) == ({"en", "es"} if piece.title_es else {"en"})
        for piece in published
    )
    missing = [str(source) for source in _current_sources() if stored_render(source) is None]
    assert not missing, (summary, missing[:3])
    assert not renders.filter(render_count__gt=1).exists(), list(
        renders.filter(render_count__gt=1)
    )
    assert not renders.filter(status=PdfRender.Status.READY, render_count=0).exists()
