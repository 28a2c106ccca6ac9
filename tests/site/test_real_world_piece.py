"""A 1,400-word policy paper, imported as an editor would, shows every element in both
languages: the acceptance check of the content model, the import and the reading site."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.html import strip_tags

from articles.models import Article
from colophon.lib.sanitise import short_html_to_text

pytestmark = pytest.mark.django_db

DEMO = Path(settings.BASE_DIR) / "demo" / "demo.json"
SLUG = "protection-gaps-criminal-violence"


@pytest.fixture
def piece():
    call_command("import_articles", str(DEMO), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Article.objects.get(slug=SLUG)


def _page(client, language: str) -> str:
    response = client.get(f"/{language}/articles/{SLUG}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_paper_is_the_real_world_shape(piece):
    words = len(strip_tags(piece.body_en).split())
    assert 1300 <= words <= 1500
    assert "<blockquote>" in piece.body_en and "<ol>" in piece.body_en
    assert piece.references.count() == 7
    types = sorted(r.csl["type"] if r.csl else "text" for r in piece.references.all())
    assert types == ["article-journal", "book", "book", "chapter", "report", "text", "treaty"]
    chapter = piece.references.get(csl__type="chapter")
    assert chapter.csl["editor"]
    report = piece.references.get(csl__type="report")
    assert "literal" in report.csl["author"][0]
    assert piece.image.licence == "CC-BY-2.0" and piece.image.source_url
    assert piece.published_on("es") > piece.published_on("en")


@pytest.mark.parametrize(
    ("language", "volume_label", "date", "bibliography", "licence"),
    [
        ("en", "Volume 3", "March 14, 2025", "Bibliography", "Licence"),
        ("es", "Volumen 3", "9 de julio de 2025", "Bibliografía", "Licencia"),
    ],
)
def test_every_element_shows_on_the_article_page(
    client, piece, language, volume_label, date, bibliography, licence
):
    html = _page(client, language)
    text = re.sub(r"\s+", " ", strip_tags(html))
    series = piece.volume.series

    def field(name: str) -> str:
        return getattr(piece, f"{name}_{language}")

    assert field("title") in text and field("subtitle") in text
    # Series and volume, both linked.
    assert f'href="/{language}/series/{series.slug}/3/"' in html
    assert f'href="/{language}/series/{series.slug}/"' in html
    assert volume_label in text and getattr(series, f"title_{language}") in text
    # The author linked to their page, with the affiliation; the translator marked on the
    # Spanish translation only, since the English is the original.
    assert f'href="/{language}/authors/mariana-quintero-salas/"' in html
    assert "Mariana Quintero Salas" in text
    assert getattr(piece.authorships.get(role="author"), f"affiliation_{language}") in text
    assert ("Traducción de Lucía Ferrer Ibáñez" in text) == (language == "es")
    assert date in text
    assert field("summary")[:80] in text
    for topic in piece.topics.all():
        assert f'href="{topic.get_absolute_url().replace("/en/", f"/{language}/")}"' in html
    assert "<blockquote>" in html and "<ol>" in html
    # The image with alt text, caption and the full credit line built from its fields.
    image = piece.image
    assert f'alt="{image.localized("alt", language)}"' in html
    assert image.localized("caption", language) in text
    assert f'<a href="{image.source_url}">{image.title}</a>' in html
    assert (
        '<a href="https://creativecommons.org/licenses/by/2.0/" rel="license">CC BY 2.0</a>'
        in html
    )
    # The bibliography in the series' style (OSCOLA), seven entries; keywords; the bio.
    assert bibliography in text
    assert _bibliography_items(html) == 7
    for keyword in field("keywords").split(","):
        assert keyword.strip() in text
    author = piece.authorships.get(role="author").contributor
    assert short_html_to_text(getattr(author, f"bio_{language}"))[:60] in text
    assert licence in text
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html
    # Alternates for both published languages.
    for code in ("en", "es"):
        assert re.search(
            rf'<link rel="alternate" hreflang="{code}" href="[^"]*/{code}/articles/{SLUG}/"', html
        )


def _bibliography_items(html: str) -> int:
    section = html.split('id="bibliography-heading"', 1)[1].split("</ul>", 1)[0]
    return section.count("<li")
