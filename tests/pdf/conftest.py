import re
from io import BytesIO

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from articles.models import Article, Authorship, Reference
from articles.pdf.storage import pdf_rendered
from series.models import CitationStyle
from tests.factories import make_article, make_contributor, make_series, make_volume

BODY = {
    "en": (
        "<h2>Where the law falls short</h2>"
        "<p>Criminal groups displace families one household at a time.</p>"
        "<blockquote><p>Article six protects every person who flees.</p></blockquote>"
        "<ol><li>Recognise the problem in law.</li><li>Count those who move.</li></ol>"
        '<p>Read the <a href="https://example.org/guidance">guidance note</a>.</p>'
    ),
    "es": (
        "<h2>Donde el derecho se queda corto</h2>"
        "<p>Los grupos criminales desplazan a las familias una a una.</p>"
        "<blockquote><p>El artículo seis protege a quien huye.</p></blockquote>"
        "<ol><li>Reconocer el problema en la ley.</li></ol>"
    ),
}


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(BytesIO(data))


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, with hyphenation and URL line breaks undone, spaces collapsed."""
    text = "\n".join(page.extract_text() for page in pdf_reader(data).pages)
    text = re.sub(r"(?<=[a-z])[-\u2010]\n(?=[a-z])", "", text)
    text = re.sub(r"(?<=/) ?\n", "", text)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def renders():
    """Every render made during the test, as (PdfRender, PdfSource) pairs."""
    seen = []

    def record(sender, render, source, **kwargs):
        seen.append((render, source))

    pdf_rendered.connect(record)
    yield seen
    pdf_rendered.disconnect(record)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Pointers to stored PDFs live in the cache, which outlives each test's database.
    cache.clear()
    yield
    cache.clear()


def make_piece(volume=None, *, languages=("en", "es"), **fields) -> Article:
    """A bilingual piece with the parts a PDF prints: sections, quote, list, link, DOI."""
    volume = volume or make_volume(
        make_series(
            title_en="Internal Displacement Briefs",
            title_es="Notas sobre desplazamiento interno",
            citation_style=CitationStyle.OSCOLA,
        ),
        title_en="Criminal Violence",
        title_es="Violencia criminal",
    )
    defaults = {f"body_{code}": BODY[code] for code in languages}
    article = make_article(
        volume, languages=languages, authors=0, references=0, doi="10.5555/briefs.4", **defaults
    )
    author = make_contributor(
        given_name="Mariana",
        family_name="Quintero",
        affiliation_en="Institute of Displacement Law",
        affiliation_es="Instituto de Derecho del Desplazamiento",
        bio_en="Mariana studies criminal violence.",
        bio_es="Mariana estudia la violencia criminal.",
        orcid="0000-0002-9138-5705",
    )
    translator = make_contributor(given_name="Lucía", family_name="Ferrer")
    Authorship.objects.create(article=article, contributor=author, position=0)
    Authorship.objects.create(
        article=article, contributor=translator, role=Authorship.Role.TRANSLATOR, position=1
    )
    Reference.objects.create(
        article=article,
        position=0,
        csl={
            "type": "book",
            "title": "Fleeing the Gangs",
            "author": [{"family": "Varga", "given": "Helena"}],
            "publisher": "Meridian Press",
            "issued": {"date-parts": [[2019]]},
        },
    )
    Reference.objects.create(article=article, position=1, text="A free-text entry, 2021.")
    return Article.objects.get(pk=article.pk)


@pytest.fixture(scope="module")
def shared_media(tmp_path_factory):
    return tmp_path_factory.mktemp("shared-media")


def build_shared(django_db_blocker, media, build):
    """Run `build` against the test database and roll everything back afterwards.

    Module-scoped fixtures render each PDF once for many tests; what they return must
    be plain data (bytes, strings), since the rows are gone when the tests run.
    """
    with (
        override_settings(MEDIA_ROOT=media, PDF_RENDER_AHEAD=False),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        result = build()
        transaction.set_rollback(True)
    return result
