"""Small helpers that build content for tests; every argument has a sensible default."""

import io
import itertools
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Authorship, FeaturedImage, Reference, Topic
from articles.workflow.steps import publish_language
from contributors.models import Contributor
from series.models import Series, Volume

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_series(**fields) -> Series:
    n = _n()
    defaults = {
        "slug": f"series-{n}",
        "title_en": f"Series {n}",
        "title_es": f"Serie {n}",
        "description_en": "A series about displacement.",
        "description_es": "Una serie sobre el desplazamiento.",
    }
    return Series.objects.create(**{**defaults, **fields})


def make_volume(series: Series | None = None, **fields) -> Volume:
    series = series or make_series()
    number = fields.pop("number", (series.volumes.count() + 1))
    return Volume.objects.create(series=series, number=number, **fields)


def make_contributor(**fields) -> Contributor:
    n = _n()
    defaults = {
        "slug": f"author-{n}",
        "given_name": "Ana",
        "family_name": f"Author{n}",
        "affiliation_en": "University of Somewhere",
        "affiliation_es": "Universidad de Algún Lugar",
        "bio_en": "Ana writes about displacement.",
        "bio_es": "Ana escribe sobre desplazamiento.",
    }
    return Contributor.objects.create(**{**defaults, **fields})


def make_organisation(**fields) -> Contributor:
    n = _n()
    defaults = {
        "slug": f"org-{n}",
        "kind": Contributor.Kind.ORGANISATION,
        "name": f"Observatory {n}",
    }
    return Contributor.objects.create(**{**defaults, **fields})


def make_topic(**fields) -> Topic:
    n = _n()
    defaults = {"slug": f"topic-{n}", "name_en": f"Topic {n}", "name_es": f"Tema {n}"}
    return Topic.objects.create(**{**defaults, **fields})


def image_bytes(
    fmt: str = "JPEG", size=(64, 48), color=(120, 80, 40), exif: bytes | None = None
) -> bytes:
    out = io.BytesIO()
    options = {"exif": exif} if exif else {}
    Image.new("RGB", size, color).save(out, format=fmt, **options)
    return out.getvalue()


def make_upload(name: str = "photo.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else image_bytes(), "image/jpeg")


def make_article(
    volume: Volume | None = None,
    *,
    languages: tuple[str, ...] = ("en",),
    published: tuple[str, ...] | None = None,
    authors: int = 1,
    references: int = 2,
    image: bool = True,
    topics: int = 1,
    **fields,
) -> Article:
    """An article written in `languages`, published in `published` (default: all of them)."""
    n = _n()
    volume = volume or make_volume()
    defaults = {"slug": f"article-{n}", "original_language": languages[0]}
    texts = {
        "en": ("Piece", "A subtitle", "A summary of the piece.", "<p>The body of the piece.</p>"),
        "es": (
            "Pieza",
            "Un subtítulo",
            "Un resumen de la pieza.",
            "<p>El cuerpo de la pieza.</p>",
        ),
    }
    for language in languages:
        title, subtitle, summary, body = texts[language]
        defaults |= {
            f"title_{language}": f"{title} {n}",
            f"subtitle_{language}": subtitle,
            f"summary_{language}": summary,
            f"body_{language}": body,
            f"keywords_{language}": "displacement, violence"
            if language == "en"
            else "desplazamiento, violencia",
        }
    article = Article.objects.create(volume=volume, **{**defaults, **fields})
    for position in range(authors):
        Authorship.objects.create(
            article=article, contributor=make_contributor(), position=position
        )
    for position in range(references):
        Reference.objects.create(
            article=article,
            position=position,
            csl={
                "type": "book",
                "title": f"Book {position}",
                "author": [{"family": "Doe", "given": "Jane"}],
                "publisher": "Press",
                "issued": {"date-parts": [[2020]]},
            },
        )
    if image:
        alt = {f"alt_{lang}": f"A river ({lang})" for lang in languages}
        FeaturedImage.objects.create(
            article=article,
            file=make_upload(),
            title="The River",
            creator="Jo Photographer",
            year=2019,
            source_url="https://example.org/river",
            licence="CC-BY-2.0",
            **alt,
        )
    for _ in range(topics):
        article.topics.add(make_topic())
    for language in languages if published is None else published:
        publish_language(article, language, at=timezone.now() - timedelta(days=1))
    return article
