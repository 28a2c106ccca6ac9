"""Search benchmark: 10,000 pieces on PostgreSQL; prints p50 and p95 of /en/search/.

Run with `make bench-search` (DATABASE_URL must name a PostgreSQL server; by default the
local one that CI uses). It builds its own throw-away test database, fills it with pieces
of about 800 words, indexes them, then times search pages (count, ranked page, snippets,
filters, rendering) for a mix of one-word, two-word, phrase and filtered queries.
Not collected by pytest (the project collects test_*.py only).
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "colophon.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-key")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/colophon_bench")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

PIECES = int(os.environ.get("BENCH_PIECES", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "200"))
WORDS = str.split(
    "displacement violence protection city housing eviction climate drought relocation "
    "asylum border law policy court refugee migrant family community land water rights "
    "municipal registry assistance return integration conflict gang extortion school "
    "health livelihood shelter camp disaster flood storm hurricane island coast farmer "
    "pastoralist herd market labour document identity consent planning compensation "
    "tribunal judge ombudsperson report survey data census mobility network humanitarian"
)
# A Zipf-like vocabulary: the domain words above are the most frequent, followed by
# 4,000 made-up words, so that a query matches some pieces rather than nearly all of them.
SYLLABLES = ["ka", "lo", "mi", "ten", "ru", "sa", "vel", "dor", "pin", "que", "tra", "zu"]
VOCABULARY = (
    WORDS
    + [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:7] if a != b][:4000]
)
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]


def sentence(rng: random.Random, length: int) -> str:
    words = rng.choices(VOCABULARY, weights=WEIGHTS, k=length)
    return " ".join(words).capitalize() + "."


def build() -> None:
    from articles.models import Article, Authorship, Topic
    from articles.search.index import rebuild
    from contributors.models import Contributor
    from series.models import Series, Volume

    rng = random.Random(5)  # noqa: S311  (reproducible test data)
    now = timezone.now()
    series = [Series.objects.create(slug=f"s{n}", title_en=f"Series {n}") for n in range(10)]
    volumes = [Volume.objects.create(series=s, number=n + 1) for s in series for n in range(20)]
    topics = [
        Topic.objects.create(slug=f"t{n}", name_en=f"Topic {w}") for n, w in enumerate(WORDS[:30])
    ]
    people = Contributor.objects.bulk_create(
        Contributor(slug=f"p{n}", given_name=rng.choice(["Ana", "Luis", "Mary", "Kofi"]),
                    family_name=f"{rng.choice(WORDS).title()}son{n}")
        for n in range(500)
    )  # fmt: skip
    started = time.perf_counter()
    articles = []
    for n in range(PIECES):
        spanish = n % 3 == 0
        fields = {
            "title_en": sentence(rng, 8)[:-1],
            "summary_en": sentence(rng, 40),
            "body_en": "".join(f"<p>{sentence(rng, 80)}</p>" for _ in range(10)),
            "keywords_en": ", ".join(rng.sample(WORDS, 4)),
            "published_at_en": now - timezone.timedelta(days=rng.randint(1, 2000)),
        }
        if spanish:
            fields |= {
                "title_es": sentence(rng, 8)[:-1],
                "body_es": f"<p>{sentence(rng, 400)}</p>",
                "published_at_es": fields["published_at_en"],
            }
        articles.append(
            Article(
                slug=f"a{n}",
                volume=rng.choice(volumes),
                original_language="en",
                status=Article.Status.PUBLISHED,
                **fields,
            )
        )
    articles = Article.objects.bulk_create(articles, batch_size=500)
    Authorship.objects.bulk_create(
        Authorship(article=a, contributor=rng.choice(people), name="", position=0)
        for a in articles
    )
    Through = Article.topics.through
    Through.objects.bulk_create(
        Through(article_id=a.pk, topic_id=t.pk) for a in articles for t in rng.sample(topics, 2)
    )
    print(f"Built {PIECES} pieces in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    written = rebuild()
    print(f"Indexed {written} language versions in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a bulk load


def measure() -> None:
    rng = random.Random(7)  # noqa: S311  (reproducible test data)
    client = Client()
    queries = []
    rarer = VOCABULARY[len(WORDS) : len(WORDS) + 1000]
    for _ in range(RUNS):
        kind = rng.random()
        if kind < 0.3:
            params = {"q": rng.choice(WORDS)}  # in most pieces: the worst case
        elif kind < 0.6:
            params = {"q": rng.choice(rarer)}
        elif kind < 0.8:
            params = {"q": f"{rng.choice(WORDS)} {rng.choice(rarer)}"}
        elif kind < 0.9:
            params = {"q": f'"{rng.choice(WORDS)} {rng.choice(WORDS)}"'}
        else:
            params = {"q": rng.choice(WORDS), "series": f"s{rng.randrange(10)}", "year": "2024"}
        queries.append(params)
    client.get("/en/search/", queries[0])  # warm up
    timings = []
    for params in queries:
        started = time.perf_counter()
        response = client.get("/en/search/", params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    report("all queries", timings)
    common = [t for t, params in zip(timings, queries, strict=True) if params["q"] in WORDS]
    report("one very common word", common)


def report(label: str, timings: list[float]) -> None:
    timings = sorted(timings)
    p50 = statistics.median(timings)
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(
        f"Search page ({label}), {len(timings)} queries over {PIECES} pieces, "
        f"{connection.vendor}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
    )


def main() -> int:
    if connection.vendor != "postgresql":
        print("The search benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
        return 1
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(f"Benchmark database: {name}")
    try:
        build()
        # Templates name static files through the plain storage: DEBUG=0's manifest storage
        # would need a collectstatic run first, and static files are not what is measured.
        plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
            measure()
    finally:
        if not os.environ.get("BENCH_KEEP_DB"):
            connection.creation.destroy_test_db(name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
