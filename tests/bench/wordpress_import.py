"""The WordPress import at scale: `make bench-wordpress` runs this script; pytest never
collects it.

Generates exports of 1,000, 10,000 and 50,000 posts once (tests/wordpress/generate.py;
kept in .bench/wordpress/, which git ignores, and written again when the generator
changes), then imports each with `manage.py import_wordpress` in a child process on a
fresh database, and runs the same import a second time on that database. For each run it
prints the wall time, the time per 1,000 posts, posts per second, the child's peak RSS
(os.wait4's rusage: that child alone) and the command's summary line; a second run must
say "0 new, 0 updated". One table, then the ratios of the largest export to the smallest
for the time per 1,000 posts and for peak RSS: bounded memory keeps the RSS ratio near 1
while the file grows fifty times.

- The database: a new SQLite file per export by default; PostgreSQL with --postgres or
  BENCH_DATABASE_URL=postgres://user@host:port/any (a database named
  colophon_wpbench_<posts>_<pid> is created on that server for each export and dropped).
- BENCH_SIZES=1000,10000 chooses the sizes.
- PDF_RENDER_AHEAD=0 in the child: the PDFs an import publishes are measured by
  `make bench-pdf`, not here.
- The generator writes no image files, so the import runs without --media and reports
  each picture missing; the time of re-encoding images is not in these figures.

Run with `SECRET_KEY=x .venv/bin/python tests/bench/wordpress_import.py [--postgres]`.
"""

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".bench" / "wordpress"
GENERATOR = ROOT / "tests" / "wordpress" / "generate.py"
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,10000,50000").split(",")]
SUMMARY = re.compile(r"^(Dry run \(nothing written\): )?\d+ new, \d+ updated, .*redirects$")
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass
class Result:
    posts: int
    run: str  # "first" or "re-run"
    seconds: float
    peak_mb: float
    summary: str
    load: tuple[float, float, float]

    @property
    def per_thousand(self) -> float:
        return self.seconds / self.posts * 1000


def export_for(posts: int) -> Path:
    """The cached export of `posts` posts, generated when missing or older than the
    generator."""
    path = CACHE / f"export-{posts}.xml"
    if path.exists() and path.stat().st_mtime >= GENERATOR.stat().st_mtime:
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    subprocess.run([sys.executable, str(GENERATOR), str(partial), str(posts)], check=True)
    partial.rename(path)
    print(f"  generated in {time.perf_counter() - started:.1f} s")
    return path


@contextmanager
def sqlite_database(folder: str, posts: int) -> Iterator[str]:
    path = Path(folder) / f"import-{posts}.sqlite3"
    try:
        yield f"sqlite:///{path}"
    finally:
        path.unlink(missing_ok=True)


@contextmanager
def postgres_database(server: str, posts: int) -> Iterator[str]:
    """A new database on the server `server` names, dropped afterwards."""
    import psycopg

    name = f"colophon_wpbench_{posts}_{os.getpid()}"
    parts = urlsplit(server)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def child_env(database_url: str, media: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "colophon.settings",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-key"),
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media),
            # Off: with DEBUG on Django keeps every query of the run in memory.
            "DEBUG": "0",
            "PDF_RENDER_AHEAD": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


class Sampler(threading.Thread):
    """The child's resident memory every half second, from /proc (where there is one)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[tuple[float, float]] = []  # (seconds since start, MB)
        self.stop = threading.Event()

    def run(self) -> None:
        started = time.perf_counter()
        status = Path(f"/proc/{self.pid}/status")
        while not self.stop.wait(0.5):
            try:
                text = status.read_text()
            except OSError:
                return
            found = re.search(r"^VmRSS:\s+(\d+) kB", text, re.MULTILINE)
            if found:
                self.samples.append((time.perf_counter() - started, int(found[1]) / 1024))


def import_once(export: Path, env: dict[str, str], folder: Path, run: str) -> Result:
    posts = int(export.stem.split("-")[1])
    report = folder / f"report-{posts}-{run}.txt"
    out = folder / f"out-{posts}-{run}.txt"
    command = [sys.executable, str(ROOT / "manage.py"), "import_wordpress", str(export)]
    command += ["--report", str(report)]
    started = time.perf_counter()
    with open(out, "w") as stdout, open(folder / f"err-{posts}-{run}.txt", "w") as stderr:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        sampler = Sampler(child.pid)
        sampler.start()
        # wait4: the rusage of this child alone (RUSAGE_CHILDREN is the largest of all).
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    lines = out.read_text(encoding="utf-8").splitlines()
    summaries = [line for line in lines if SUMMARY.match(line)]
    summary = summaries[-1] if summaries else f"(no summary; exit {child.returncode})"
    if child.returncode != 0:
        errors = (folder / f"err-{posts}-{run}.txt").read_text()[-2000:]
        print(f"  the import exited {child.returncode}:\n{errors}")
    # ru_maxrss is in kilobytes on Linux.
    peak = usage.ru_maxrss / 1024
    if sampler.samples:
        half = [mb for at, mb in sampler.samples if at <= seconds / 2]
        print(
            f"  {posts} posts, {run}: RSS {max(half, default=0):.0f} MB by half-time, "
            f"peak {peak:.0f} MB"
        )
    return Result(posts, run, seconds, peak, summary, os.getloadavg())


def bench_size(posts: int, folder: Path, postgres: str) -> list[Result]:
    export = export_for(posts)
    media = folder / f"media-{posts}"
    make_database = postgres_database if postgres else sqlite_database
    with make_database(postgres or str(folder), posts) as database_url:
        env = child_env(database_url, media)
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        results = []
        for run in ("first", "re-run"):
            print(f"  importing {posts} posts ({run}), load {load_text()}", flush=True)
            results.append(import_once(export, env, folder, run))
            # Each row as soon as it is measured: a long run stopped early keeps its figures.
            print(f"  {row(results[-1])}", flush=True)
    shutil.rmtree(media, ignore_errors=True)
    return results


def load_text(load: tuple[float, float, float] | None = None) -> str:
    return " ".join(f"{value:.2f}" for value in (load or os.getloadavg()))


HEADER = (
    f"{'posts':>7} {'run':7} {'wall s':>8} {'s/1k posts':>10} {'posts/s':>8} "
    f"{'peak RSS MB':>11}  {'load after':15} summary"
)


def row(r: Result) -> str:
    return (
        f"{r.posts:>7} {r.run:7} {r.seconds:>8.1f} {r.per_thousand:>10.2f} "
        f"{r.posts / r.seconds:>8.1f} {r.peak_mb:>11.0f}  {load_text(r.load):15} {r.summary}"
    )


def print_table(results: list[Result]) -> None:
    print()
    print(HEADER)
    for r in results:
        print(row(r))
    sizes = sorted({r.posts for r in results})
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for run in ("first", "re-run"):
            a = next(r for r in results if r.posts == small and r.run == run)
            b = next(r for r in results if r.posts == large and r.run == run)
            growth = (b.peak_mb - a.peak_mb) * 1024 / (large - small)
            slower = b.per_thousand / a.per_thousand
            print(
                f"{run:7} {large}/{small}: time per 1,000 posts x{slower:.2f}, "
                f"peak RSS x{b.peak_mb / a.peak_mb:.2f} "
                f"({growth:+.2f} KB of peak RSS per post added)"
            )
    reruns = [r for r in results if r.run == "re-run"]
    unchanged = all(r.summary.startswith("0 new, 0 updated") for r in reruns)
    print("re-runs: " + ("every one 0 new, 0 updated" if unchanged else "CHANGED SOMETHING"))


def main() -> int:
    postgres = os.environ.get("BENCH_DATABASE_URL", "")
    if "--postgres" in sys.argv[1:] and not postgres:
        postgres = DEFAULT_POSTGRES
    print(
        f"WordPress import: sizes {', '.join(map(str, SIZES))} on "
        f"{'PostgreSQL' if postgres else 'SQLite'}, {os.cpu_count()} CPUs, load {load_text()}"
    )
    print("PDF_RENDER_AHEAD=0: the PDFs an import publishes are measured by make bench-pdf.")
    print("Media: none (the generator writes no image files; each picture is reported missing).")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="wpbench-") as folder:
        for posts in SIZES:
            print(f"{posts} posts:", flush=True)
            results += bench_size(posts, Path(folder), postgres)
        print_table(results)
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"(largest peak RSS of any child, RUSAGE_CHILDREN: {largest:.0f} MB)")
    failed = any(not r.summary[:1].isdigit() for r in results)
    reran = all(r.summary.startswith("0 new, 0 updated") for r in results if r.run == "re-run")
    return 0 if reran and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
