"""The load benchmark's data: 10,000 pieces, 2,000 authors and 60,000 references on PostgreSQL.

`ensure()` builds the database named by DATABASE_URL (colophon_bench by default) once,
with bulk_create, and reuses it on later runs: a one-row table `bench_data_version` holds
DATA_VERSION and the scale, and a database whose marker differs is dropped and rebuilt.
Django must be set up (by the calling script) with DATABASE_URL naming that database.
Not collected by pytest (the project collects test_*.py only).
"""

import io
import os
import random
import time
from datetime import timedelta

import psycopg
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from PIL import Image

# Change it whenever what build() makes changes, so stale bench databases are rebuilt.
DATA_VERSION = "3"
PIECES = int(os.environ.get("BENCH_PIECES", "10000"))
AUTHORS = PIECES // 5
REFERENCES_PER_PIECE = 6
SERIES, VOLUMES_PER_SERIES = 50, 20
TOPICS = 40
EDITOR = ("bench-editor", "bench-editor-password-1")
IMAGE_NAME = "images/bench/displacement-camp.jpg"
# Every n-th piece: a featured image, a Spanish version, still in the editors' queue.
WITH_IMAGE, WITH_SPANISH, IN_QUEUE = 4, 3, 20

WORDS = str.split(
    "displacement violence protection city housing eviction climate drought relocation "
    "asylum border law policy court refugee migrant family community land water rights "
    "municipal registry assistance return integration conflict gang extortion school "
    "health livelihood shelter camp disaster flood storm hurricane island coast farmer "
    "pastoralist herd market labour document identity consent planning compensation "
    "tribunal judge ombudsperson report survey data census mobility network humanitarian"
)
SYLLABLES = ["ka", "lo", "mi", "ten", "ru", "sa", "vel", "dor", "pin", "que", "tra", "zu"]
VOCABULARY = WORDS + [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:7]]
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
GIVEN = ["Ana", "Luis", "Mary", "Kofi", "Aisha", "Jorge", "Mei", "Olu", "Sofía", "Tomás"]


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choices(VOCABULARY, weights=WEIGHTS, k=length)).capitalize() + "."


def body(rng: random.Random, sections: int = 5) -> str:
    """About 1,000 words: sections with headings, a quotation and a list, as real pieces."""
    parts = [f"<p>{sentence(rng, 60)}</p>"]
    for n in range(sections):
        parts.append(f"<h2>{sentence(rng, 4)[:-1]}</h2>")
        parts.extend(f"<p>{sentence(rng, 80)}</p>" for _ in range(2))
        if n == 2:
            parts.append(f"<blockquote><p>{sentence(rng, 40)}</p></blockquote>")
        if n == sections - 1:
            items = "".join(f"<li>{sentence(rng, 15)}</li>" for _ in range(4))
            parts.append(f"<ol>{items}</ol>")
    return "".join(parts)


def reference(rng: random.Random, n: int) -> dict:
    """A CSL-JSON item of one of the kinds a bibliography has, or free text (1 in 6)."""
    if n % 6 == 5:
        return {"text": f"{sentence(rng, 12)} Available at https://example.org/r/{n}"}
    author = [{"family": f"{rng.choice(WORDS).title()}ez", "given": rng.choice(GIVEN)}]
    item = {"title": sentence(rng, 7)[:-1], "issued": {"date-parts": [[rng.randint(1990, 2025)]]}}
    kind = n % 5
    if kind == 0:
        item |= {"type": "book", "author": author, "publisher": "Example Press"}
    elif kind == 1:
        item |= {"type": "article-journal", "author": author, "volume": str(rng.randint(1, 40))}
        item |= {"container-title": "Journal of Displacement Studies", "page": "1-20"}
    elif kind == 2:
        item |= {"type": "report", "author": [{"literal": "Observatory on Displacement"}]}
    elif kind == 3:
        item |= {"type": "chapter", "author": author, "container-title": sentence(rng, 5)[:-1]}
        item |= {"editor": author, "publisher": "Example Press", "page": "45-67"}
    else:
        item |= {"type": "webpage", "author": author, "URL": f"https://example.org/w/{n}"}
        item |= {"accessed": {"date-parts": [[2025, 3, 1]]}}
    return {"csl": item}


def _admin_connection(dbname: str = "postgres") -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname=dbname,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"],
        port=db["PORT"] or 5432,
        autocommit=True,
    )


def marker() -> str:
    return f"{DATA_VERSION}:{PIECES}"


def _stored_marker() -> str | None:
    name = settings.DATABASES["default"]["NAME"]
    with _admin_connection() as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return None
    with _admin_connection(name) as db:
        if not db.execute("SELECT to_regclass('bench_data_version')").fetchone()[0]:
            return ""
        row = db.execute("SELECT version FROM bench_data_version").fetchone()
        return row[0] if row else ""


def ensure() -> bool:
    """Build the bench database unless it holds this version at this scale; True if built."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("The load benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    stored = _stored_marker()
    if stored == marker():
        print(f"Reusing {settings.DATABASES['default']['NAME']} (data version {stored})")
        return False
    name = settings.DATABASES["default"]["NAME"]
    connections.close_all()
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Created {name} and migrated in {time.perf_counter() - started:.1f} s", flush=True)
    build()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_data_version (version text)")
        cursor.execute("INSERT INTO bench_data_version VALUES (%s)", [marker()])
    return True


def _image() -> None:
    picture = Image.linear_gradient("L").resize((1600, 1000)).convert("RGB")
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85)
    if default_storage.exists(IMAGE_NAME):
        default_storage.delete(IMAGE_NAME)
    default_storage.save(IMAGE_NAME, io.BytesIO(out.getvalue()))


def build() -> None:
    from django.contrib.auth import get_user_model

    from articles.models import Article, Authorship, FeaturedImage, Reference, Topic
    from articles.search.index import rebuild
    from contributors.models import Contributor
    from series.models import Series, Volume

    rng = random.Random(5)  # noqa: S311  (reproducible test data)
    now = timezone.now()
    started = time.perf_counter()
    get_user_model().objects.create_superuser(EDITOR[0], "bench@example.org", EDITOR[1])
    series = Series.objects.bulk_create(
        Series(slug=f"series-{n}", title_en=f"Series {n}: {sentence(rng, 4)[:-1]}",
               title_es=f"Serie {n}", description_en=sentence(rng, 30), position=n)
        for n in range(SERIES)
    )  # fmt: skip
    volumes = Volume.objects.bulk_create(
        Volume(series=s, number=n + 1, title_en=sentence(rng, 3)[:-1])
        for s in series
        for n in range(VOLUMES_PER_SERIES)
    )
    topics = Topic.objects.bulk_create(
        Topic(slug=f"topic-{n}", name_en=f"{w.title()} {n}", name_es=f"Tema {w} {n}",
              group=rng.choice(["theme", "region", ""]))
        for n, w in enumerate(rng.sample(WORDS, TOPICS))
    )  # fmt: skip
    people = Contributor.objects.bulk_create(
        Contributor(slug=f"author-{n}", given_name=rng.choice(GIVEN),
                    family_name=f"{rng.choice(WORDS).title()}son{n}",
                    affiliation_en=f"University of {rng.choice(WORDS).title()}",
                    affiliation_es=f"Universidad de {rng.choice(WORDS).title()}",
                    bio_en=sentence(rng, 40), bio_es=sentence(rng, 40))
        for n in range(AUTHORS)
    )  # fmt: skip
    articles = []
    for n in range(PIECES):
        published = n % IN_QUEUE != 0
        fields = {
            "title_en": sentence(rng, 8)[:-1],
            "summary_en": sentence(rng, 50),
            "body_en": body(rng),
            "keywords_en": ", ".join(rng.sample(WORDS, 4)),
        }
        if published:
            fields["published_at_en"] = now - timedelta(days=rng.randint(1, 3000), seconds=n)
        if n % WITH_SPANISH == 0:
            fields |= {"title_es": sentence(rng, 8)[:-1], "summary_es": sentence(rng, 50)}
            fields |= {"body_es": body(rng), "keywords_es": ", ".join(rng.sample(WORDS, 4))}
            if published:
                fields["published_at_es"] = fields["published_at_en"] + timedelta(days=90)
        volume = volumes[n % len(volumes)]
        articles.append(
            Article(slug=f"piece-{n}", volume=volume, series_id=volume.series_id,
                    position=n // len(volumes) + 1, original_language="en",
                    status=Article.Status.PUBLISHED if published else Article.Status.SUBMITTED,
                    submitted_at=None if published else now - timedelta(days=n % 60),
                    **fields)
        )  # fmt: skip
    articles = Article.objects.bulk_create(articles, batch_size=500)
    print(f"  {PIECES} pieces in {time.perf_counter() - started:.1f} s", flush=True)
    Authorship.objects.bulk_create(
        (
            Authorship(article=a, contributor=person, position=p, name=person.display_name,
                       affiliation_en=person.affiliation_en, affiliation_es=person.affiliation_es)
            for a in articles
            for p, person in enumerate(rng.sample(people, 1 + (a.pk % 3 == 0)))
        ),
        batch_size=2000,
    )  # fmt: skip
    Through = Article.topics.through
    Through.objects.bulk_create(
        (Through(article_id=a.pk, topic_id=t.pk) for a in articles for t in rng.sample(topics, 3)),
        batch_size=5000,
    )
    Reference.objects.bulk_create(
        (
            Reference(article=a, position=p, **reference(rng, a.pk * 10 + p))
            for a in articles
            for p in range(REFERENCES_PER_PIECE)
        ),
        batch_size=5000,
    )
    _image()
    FeaturedImage.objects.bulk_create(
        FeaturedImage(article=a, file=IMAGE_NAME, width=1600, height=1000,
                      alt_en="People queueing at a registration desk",
                      alt_es="Personas en la fila de un registro", title="Registration day",
                      creator="Jane Doe", year=2021, licence="CC-BY-2.0",
                      source_url="https://commons.wikimedia.org/wiki/File:Example.jpg")
        for n, a in enumerate(articles)
        if n % WITH_IMAGE == 0
    )  # fmt: skip
    counts = (
        f"{Article.objects.count()} pieces, {Contributor.objects.count()} authors, "
        f"{Reference.objects.count()} references"
    )
    print(f"Built {counts} in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    written = rebuild()
    with connection.cursor() as cursor:
        # As autovacuum would after a bulk load: statistics, and the visibility map that
        # lets counts and key-only sorts read indexes instead of the table.
        cursor.execute("VACUUM ANALYZE")
    print(f"Indexed {written} language versions and analysed in "
          f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
