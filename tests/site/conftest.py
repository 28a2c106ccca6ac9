from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from articles.workflow.steps import publish_language
from series.models import CitationStyle
from tests.factories import (
    make_article,
    make_contributor,
    make_series,
    make_topic,
    make_volume,
)


@pytest.fixture
def library():
    """One bilingual piece, one in each language, a draft, and one whose Spanish is scheduled."""
    series = make_series(
        slug="displacement",
        title_en="Internal Displacement in the Context of Organised Criminal Violence",
        title_es="Desplazamiento interno en contextos de violencia criminal organizada",
        citation_style=CitationStyle.APA,
    )
    volume = make_volume(series, number=4, title_en="Cities", title_es="Ciudades")
    topic = make_topic(slug="idps", name_en="IDPs", name_es="Personas desplazadas")
    author = make_contributor(
        slug="maria-lopez",
        given_name="María",
        family_name="López",
        bio_en="María studies displacement in cities.",
        bio_es="María estudia el desplazamiento en las ciudades.",
    )
    translator = make_contributor(slug="tom-reed", given_name="Tom", family_name="Reed")
    both = make_article(volume, languages=("en", "es"), slug="both", position=1)
    both.authorships.all().delete()
    both.authorships.create(contributor=author, position=0, name="María López Ruiz")
    both.authorships.create(contributor=translator, role="translator", position=1)
    both.topics.add(topic)
    english = make_article(volume, languages=("en",), slug="english-only", position=2)
    spanish = make_article(volume, languages=("es",), slug="solo-espanol", position=3)
    draft = make_article(volume, languages=("en", "es"), published=(), slug="draft")
    scheduled = make_article(
        volume, languages=("en", "es"), published=("en",), slug="scheduled", position=4
    )
    publish_language(scheduled, "es", at=timezone.now() + timedelta(days=30))
    for article in (english, spanish, draft, scheduled):
        article.topics.add(topic)
    inactive = make_series(slug="dormant", title_en="Dormant series", is_active=False)
    return SimpleNamespace(
        series=series,
        volume=volume,
        topic=topic,
        author=author,
        translator=translator,
        both=both,
        english=english,
        spanish=spanish,
        draft=draft,
        scheduled=scheduled,
        inactive=inactive,
    )


def public_urls(library, language: str) -> list[str]:
    """Every kind of public page, in `language`."""
    p = f"/{language}"
    return [
        f"{p}/",
        f"{p}/articles/",
        f"{p}/articles/both/",
        f"{p}/topics/",
        f"{p}/topics/idps/",
        f"{p}/series/",
        f"{p}/series/displacement/",
        f"{p}/series/displacement/4/",
        f"{p}/authors/",
        f"{p}/authors/maria-lopez/",
        f"{p}/contribute/",
        f"{p}/search/",
    ]


def not_found_urls(language: str) -> list[str]:
    p = f"/{language}"
    return [
        f"{p}/no-such-page/",
        f"{p}/articles/no-such-piece/",
        f"{p}/articles/draft/",
        f"{p}/articles/{'solo-espanol' if language == 'en' else 'english-only'}/",
    ]
