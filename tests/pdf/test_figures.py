"""Figures in the text of a PDF: the picture itself where the body places it, its alt text
in the tagged PDF, and the full credit line on the same page."""

import re

import pytest

from articles.models import BodyFigure
from articles.pdf.content import article_source, articles_for_pdf
from articles.pdf.render import render_source
from tests.factories import image_bytes, make_upload
from tests.figures.helpers import make_illustrated_article
from tests.pdf.conftest import build_shared, pdf_reader, pdf_text
from tests.pdf.test_content import _struct_elements

pytestmark = pytest.mark.django_db

# Sizes that tell the pictures apart in the PDF (the featured image is 64 x 48).
SIZES = {1: (300, 200), 2: (320, 240)}


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker, shared_media):
    def build():
        article = make_illustrated_article(1, 2)
        for number, size in SIZES.items():
            figure = BodyFigure.objects.get(article=article, number=number)
            figure.file = make_upload(f"f{number}.png", image_bytes("PNG", size=size))
            figure.save()
        BodyFigure.objects.filter(article=article, number=2).update(year=None)
        loaded = articles_for_pdf().get(pk=article.pk)
        return {code: render_source(article_source(loaded, code)).data for code in ("en", "es")}

    return build_shared(django_db_blocker, shared_media, build)


def _drawn_widths(page) -> set[int]:
    """Pixel widths of the images this page's content stream draws (not merely lists)."""
    resources = page["/Resources"].get_object()
    xobjects = resources.get("/XObject", {})
    drawn = set()
    for operands, operator in page.get_contents().operations:
        if operator == b"Do" and operands[0] in xobjects:
            xobject = xobjects[operands[0]].get_object()
            if xobject.get("/Subtype") == "/Image":
                drawn.add(int(xobject["/Width"]))
            elif "/Resources" in xobject:  # a form XObject wrapping the image
                for inner in xobject["/Resources"].get("/XObject", {}).values():
                    if inner.get_object().get("/Subtype") == "/Image":
                        drawn.add(int(inner.get_object()["/Width"]))
    return drawn


CREDITS = {
    "en": {
        1: "Camp map 1 by Ana Ruiz, 2023, CC BY 4.0. Source: https://example.org/maps/1.",
        2: "Camp map 2 by Ana Ruiz, CC BY 4.0. Source: https://example.org/maps/2.",
    },
    "es": {
        1: "Camp map 1, de Ana Ruiz, 2023, CC BY 4.0. Fuente: https://example.org/maps/1.",
        2: "Camp map 2, de Ana Ruiz, CC BY 4.0. Fuente: https://example.org/maps/2.",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("number", [1, 2])
def test_each_figure_is_printed_with_its_credit_line_on_the_same_page(pdfs, language, number):
    reader = pdf_reader(pdfs[language])
    pages = [pdf_text_of(page) for page in reader.pages]
    credit = CREDITS[language][number]
    where = [index for index, text in enumerate(pages) if credit in text]
    assert where, f"{credit!r} not in the PDF"
    page = reader.pages[where[0]]
    assert SIZES[number][0] in _drawn_widths(page)
    caption = f"Caption {number} ({language})"
    assert caption in pages[where[0]]


def pdf_text_of(page) -> str:
    text = page.extract_text()
    text = re.sub(r"(?<=/) ?\n", "", text)
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_figure_carries_its_alt_text_in_the_tagged_pdf(pdfs, language):
    root = pdf_reader(pdfs[language]).trailer["/Root"]
    figures = [e for e in _struct_elements(root["/StructTreeRoot"]) if e["/S"] == "/Figure"]
    alts = [str(f.get("/Alt")) for f in figures]
    assert f"Map 1 of the camps ({language})" in alts
    assert f"Map 2 of the camps ({language})" in alts


def test_the_figures_come_in_the_text_between_its_paragraphs(pdfs):
    text = pdf_text(pdfs["en"])
    assert text.index("Text before.") < text.index("Caption 1 (en)") < text.index("Text after 1.")
    assert text.index("Text after 1.") < text.index("Caption 2 (en)") < text.index("Text after 2.")
