"""Figures for tests: a piece whose body places figures, and the figures themselves."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article, BodyFigure
from articles.workflow.steps import publish_language
from tests.factories import make_article, make_upload


def make_figure(article: Article, number: int = 1, **fields) -> BodyFigure:
    languages = [article.original_language, *(["es"] if article.body_es else [])]
    defaults = {
        "file": make_upload(f"figure-{number}.jpg"),
        "title": f"Camp map {number}",
        "creator": "Ana Ruiz",
        "year": 2023,
        "source_url": f"https://example.org/maps/{number}",
        "licence": "CC-BY-4.0",
        **{f"alt_{lang}": f"Map {number} of the camps ({lang})" for lang in languages},
        **{f"caption_{lang}": f"Caption {number} ({lang})" for lang in languages},
    }
    return BodyFigure.objects.create(article=article, number=number, **{**defaults, **fields})


def body_with(*numbers: int, language: str = "en") -> str:
    words = {"en": "Text", "es": "Texto"}[language]
    parts = [f"<p>{words} before.</p>"]
    for number in numbers:
        parts.append(f'<figure data-figure="{number}"></figure><p>{words} after {number}.</p>')
    return "".join(parts)


def make_illustrated_article(*numbers: int, publish: bool = True, **fields) -> Article:
    """A piece in English and Spanish whose bodies place `numbers`, published in both."""
    article = make_article(
        languages=("en", "es"),
        published=(),
        body_en=body_with(*numbers),
        body_es=body_with(*numbers, language="es"),
        **fields,
    )
    for number in numbers:
        make_figure(article, number)
    if publish:
        for language in ("en", "es"):
            publish_language(article, language, at=timezone.now() - timedelta(days=1))
        article.refresh_from_db()
    return article
