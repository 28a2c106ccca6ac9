"""Load benchmark: the production server at 10,000 pieces, driven by wrk on loopback.

Run with `make bench`. It builds (once; see bench_data.py) or reuses the PostgreSQL
database colophon_bench, collects static files into a temporary STATIC_ROOT, writes there,
for each target page, a file of the same byte size, and starts the production server
(gunicorn with the project's gunicorn.conf.py, DEBUG off) twice: one as deployed, one with
the page cache off (PAGE_CACHE_ENABLED=0) for the uncached article page. For each target
it then runs wrk for a fixed time at a fixed number of connections, and right after it the
same-size static file through the same server; BENCH_ROUNDS interleaved pairs, medians.
Every figure is also given as a ratio to its static file. Not collected by pytest.
"""

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(HERE)]
PORT = int(os.environ.get("BENCH_PORT", "8401"))
STATIC_ROOT = tempfile.mkdtemp(prefix="colophon-bench-static-")
ENV = {
    "DJANGO_SETTINGS_MODULE": "bench_settings",
    "BENCH_STATIC_ROOT": STATIC_ROOT,
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/colophon_bench",
    "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "colophon-bench" / "media"),
    "REDIS_URL": "redis://127.0.0.1:6379/9",
    "CACHE_KEY_PREFIX": "colophon-bench",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SITE_URL": f"http://127.0.0.1:{PORT}",
    "LOG_LEVEL": "WARNING",
    # The PDF is rendered once below; no worker runs during the benchmark.
    "PDF_RENDER_AHEAD": "0",
    # gunicorn.conf.py recycles a worker every 1,000 requests; at hundreds of requests a
    # second that is every few seconds, and the p95 would measure restarts.
    "GUNICORN_MAX_REQUESTS": "0",
}
for _name, _value in ENV.items():
    os.environ.setdefault(_name, _value)
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE)])
DURATION = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = os.environ.setdefault("WEB_CONCURRENCY", str(os.cpu_count() or 2))
# One connection per worker: every worker always busy, no request queued behind another,
# so latency is the server's own and throughput its maximum.
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", WORKERS))
# The first-view article target cycles through this many pieces (each round elsewhere in
# the list); the re-render one through WARM_URLS pieces served again and again.
COLD_URLS, WARM_URLS = 4000, 40

import django  # noqa: E402
import redis  # noqa: E402

django.setup()

import bench_data  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

LUA = """
local paths, n = {}, 0
function setup(thread) n = n + 1; thread:set("id", n) end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  n = (tonumber(args[2]) + (id or 1) * math.floor(#paths / 2)) % #paths
  wrk.headers["X-Forwarded-Proto"] = "https"
  if args[3] then wrk.headers["Cookie"] = args[3] end
end
function request() n = n % #paths + 1; return wrk.format("GET", paths[n]) end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"p50": %f, "p95": %f, "requests": %d, "us": %d, '
    .. '"bad": %d}\\n', latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests, summary.duration, e.status + e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Target:
    name: str
    paths: list[str]
    port: int = PORT
    cookie: str = ""
    size: int = 0

    @property
    def static_path(self) -> str:
        return f"/static/bench/{self.name}.html"


@dataclass
class Run:
    p50: float
    p95: float
    rate: float


def targets(client: Client) -> list[Target]:
    from django.contrib.auth import get_user_model

    from articles.models import Article

    published = Article.objects.published("en")
    cached = published.filter(image__isnull=False, title_es__gt="").first()
    slugs = list(published.order_by("?").values_list("slug", flat=True)[:COLD_URLS])
    editor = bench_data.EDITOR[0]
    client.force_login(get_user_model().objects.get(username=editor))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        Target("article-first-view", [f"/en/articles/{s}/" for s in slugs], PORT + 1),
        Target("article-uncached", [f"/en/articles/{s}/" for s in slugs[:WARM_URLS]], PORT + 1),
        Target("article-cached", [f"/en/articles/{cached.slug}/"]),
        Target("series", ["/en/series/series-7/"]),
        Target("home", ["/en/"]),
        Target("search", ["/en/search/?q=displacement+drought"]),
        Target("sitemap", ["/sitemap-articles.xml"]),
        Target("oai", ["/oai/?verb=ListRecords&metadataPrefix=oai_dc"]),
        Target("pdf", [f"/en/articles/{cached.slug}/{cached.slug}.pdf"]),
        Target("admin-changelist", ["/admin/articles/article/"], cookie=f"sessionid={session}"),
    ]


def body_size(client: Client, path: str, cookie: str) -> int:
    anonymous = Client() if not cookie else client
    response = anonymous.get(path, secure=True, headers={"host": "127.0.0.1"})
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    if response.streaming:
        return len(b"".join(response.streaming_content))
    return len(response.content)


def prepare(all_targets: list[Target], client: Client) -> None:
    """Static files; the pages' sizes (in-process, same database); same-size static files."""
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    for target in all_targets:
        sizes = [body_size(client, path, target.cookie) for path in target.paths[:25]]
        target.size = int(statistics.median(sizes))
    print(f"Measured page sizes (and rendered the PDF) in {time.perf_counter() - started:.1f} s")
    folder = Path(STATIC_ROOT) / "bench"
    folder.mkdir()
    for target in all_targets:
        # Bytes that do not repeat, so no layer could shortcut them (wrk asks for no gzip).
        text = os.urandom(target.size // 2 + 1).hex()[: target.size]
        (folder / f"{target.name}.html").write_text(text)


def start_server(port: int, **env: str) -> subprocess.Popen:
    command = [str(ROOT / ".venv/bin/gunicorn"), "--bind", f"127.0.0.1:{port}"]
    if (ROOT / "gunicorn.conf.py").exists():
        command += ["--config", str(ROOT / "gunicorn.conf.py")]
    else:
        command += ["--workers", WORKERS]
    log = open(Path(STATIC_ROOT) / f"server-{port}.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [*command, "colophon.wsgi"], env={**os.environ, "PORT": str(port), **env}, cwd=ROOT,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt"):
                return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The server on port {port} did not start; see {log.name}")


def wrk(target: Target, path_file: Path, offset: int, seconds: int, warm_up: bool = False) -> Run:
    script = str(Path(STATIC_ROOT) / "run.lua")
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "60s", "-s", script,
               f"http://127.0.0.1:{target.port}", "--", str(path_file), str(offset)]  # fmt: skip
    if target.cookie:
        command.append(target.cookie)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = json.loads(output.split("RESULT ", 1)[1])
    if not result["requests"] and not warm_up:
        raise SystemExit(f"{target.name}: no response within {seconds} s\n{output}")
    if result["bad"]:
        raise SystemExit(f"{target.name}: {result['bad']} failed requests\n{output}")
    return Run(result["p50"], result["p95"], result["requests"] / (result["us"] / 1e6))


def measure(target: Target) -> tuple[Run, Run]:
    pages = Path(STATIC_ROOT) / f"{target.name}.paths"
    pages.write_text("\n".join(target.paths) + "\n")
    static = Path(STATIC_ROOT) / f"{target.name}.static"
    static.write_text(target.static_path + "\n")
    static_target = Target(target.name, [target.static_path], target.port)
    # Warm-up: each worker's first requests load templates, CSL styles and connections.
    warm = wrk(target, pages, 0, 5, warm_up=True)
    wrk(static_target, static, 0, 2, warm_up=True)
    # A page that takes seconds (the sitemap) gets longer runs, so its p95 has samples.
    seconds = DURATION if warm.rate * DURATION >= 40 else max(DURATION, 20)
    runs, statics = [], []
    for n in range(ROUNDS):
        runs.append(wrk(target, pages, 400 * (n + 1), seconds))
        statics.append(wrk(static_target, static, 0, seconds))
    return median(runs), median(statics)


def median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, f) for r in runs) for f in ("p50", "p95", "rate")))


def rate(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def size_label(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk; `make bench` does it)")
        return 1
    try:
        return run()
    finally:
        shutil.rmtree(STATIC_ROOT, ignore_errors=True)


def run() -> int:
    bench_data.ensure()
    call_command("migrate", verbosity=0, interactive=False)  # new migrations since the build
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # the state autovacuum keeps a live database in
    if not default_storage.exists(bench_data.IMAGE_NAME):
        bench_data._image()
    client = Client()
    # BENCH_TARGETS=pdf,admin-changelist measures only those (the goals need their three).
    only = [name for name in os.environ.get("BENCH_TARGETS", "").split(",") if name]
    all_targets = [t for t in targets(client) if not only or t.name in only]
    prepare(all_targets, client)
    (Path(STATIC_ROOT) / "run.lua").write_text(LUA)
    # Start from an empty cache (the benchmark's own Redis database).
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    servers = [start_server(PORT), start_server(PORT + 1, PAGE_CACHE_ENABLED="0")]
    rows = []
    try:
        for target in all_targets:
            page, static = measure(target)
            rows.append((target, page, static))
            print(f"  {target.name}: p50 {page.p50:.1f} ms, p95 {page.p95:.1f} ms, "
                  f"{page.rate:.0f} req/s (static {static.rate:.0f})", flush=True)  # fmt: skip
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    report(rows)
    return 0


def report(rows: list) -> None:
    cache = "pagecache" in " ".join(settings.MIDDLEWARE)
    print(f"\nwrk -t2 -c{CONNECTIONS} -d{DURATION}s, {ROUNDS} interleaved rounds (medians); "
          f"gunicorn, WEB_CONCURRENCY={WORKERS}; page cache middleware present: {cache}; "
          f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}\n")  # fmt: skip
    print(
        "| target | size | p50 | p95 | req/s | static p50 | static p95 | static req/s "
        "| throughput ratio | p95 ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    by_name = {}
    for target, page, static in rows:
        by_name[target.name] = (page, static)
        print(f"| {target.name} | {size_label(target.size)} | {page.p50:.1f} ms | "
              f"{page.p95:.1f} ms | {rate(page.rate)} | {static.p50:.1f} ms | {static.p95:.1f} ms "
              f"| {rate(static.rate)} | {page.rate / static.rate:.2f}x | "
              f"{page.p95 / static.p95:.1f}x |")  # fmt: skip
    print()
    goals = [
        ("cached article page ≥ 50% of static-file throughput", "article-cached",
         lambda p, s: p.rate / s.rate >= 0.5, lambda p, s: f"{p.rate / s.rate:.2f}x"),
        ("uncached article page p95 < 50 ms (page cache off, citations formatted before)",
         "article-uncached", lambda p, s: p.p95 < 50, lambda p, s: f"{p.p95:.1f} ms"),
        ("uncached article page p95 < 50 ms (first view since the caches were emptied)",
         "article-first-view", lambda p, s: p.p95 < 50, lambda p, s: f"{p.p95:.1f} ms"),
        ("admin changelist p95 < 200 ms", "admin-changelist",
         lambda p, s: p.p95 < 200, lambda p, s: f"{p.p95:.1f} ms"),
    ]  # fmt: skip
    for label, name, met, figure in goals:
        if name not in by_name:
            continue
        page, static = by_name[name]
        print(f"- {label}: {'met' if met(page, static) else 'NOT met'} ({figure(page, static)})")


if __name__ == "__main__":
    sys.exit(main())
