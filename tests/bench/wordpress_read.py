"""Reading a large WordPress export: time and peak memory of wxr.read and build_catalogue.

Generates a 50,000-post export (tests/wordpress/generate.py; about 200 MB) unless given
one, then runs each measurement in a fresh process so that each peak RSS is its own:
the baseline (Django and the reader loaded, nothing read), wxr.read over every record, and
build_catalogue followed by the default mapping. Prints the time, the time per 1,000
posts and the peak RSS of each, and the growth of peak RSS from the smaller export to the
larger one (bounded memory means it stays small while the file doubles).

Run with `SECRET_KEY=x .venv/bin/python tests/bench/wordpress_read.py [EXPORT.xml]`
(BENCH_POSTS sets the size); not collected by pytest.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "colophon.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-key")

import django

django.setup()

from tests.wordpress.generate import write_export  # noqa: E402
from wordpress.importing import catalogue, mapping, wxr  # noqa: E402

POSTS = int(os.environ.get("BENCH_POSTS", "50000"))


def measure(mode: str, path: str) -> dict[str, float]:
    started = time.perf_counter()
    posts = 0
    if mode == "read":
        for record in wxr.read(path):
            posts += isinstance(record, wxr.Item) and record.type == "post"
    elif mode == "catalogue":
        found = catalogue.build_catalogue(path, mapping.Mapping())
        found.apply(catalogue.default_mapping(found))
        posts = sum(1 for post in found.posts.values() if post.type == "post")
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "posts": posts, "peak_mb": peak_kb / 1024}


def run(mode: str, path: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", mode, path],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        sizes = {}
        for posts in (POSTS // 2, POSTS):
            if len(sys.argv) > 1 and posts == POSTS:
                sizes[posts] = sys.argv[1]
                continue
            path = str(Path(folder) / f"export-{posts}.xml")
            started = time.perf_counter()
            write_export(path, posts)
            megabytes = Path(path).stat().st_size / 1e6
            print(
                f"generated {posts} posts, {megabytes:.0f} MB, "
                f"in {time.perf_counter() - started:.1f} s"
            )
            sizes[posts] = path
        baseline = run("baseline", sizes[POSTS])
        print(
            "baseline (Django and the reader loaded, nothing read): "
            f"peak RSS {baseline['peak_mb']:.0f} MB"
        )
        for mode in ("read", "catalogue"):
            small, large = run(mode, sizes[POSTS // 2]), run(mode, sizes[POSTS])
            per_thousand = large["seconds"] / large["posts"] * 1000
            print(
                f"{mode:9}: {large['posts']:.0f} posts in {large['seconds']:.1f} s "
                f"({per_thousand:.2f} s per 1,000), peak RSS {large['peak_mb']:.0f} MB; "
                f"at half the posts {small['peak_mb']:.0f} MB "
                f"(growth {large['peak_mb'] - small['peak_mb']:.0f} MB for twice the file)"
            )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
    else:
        main()
