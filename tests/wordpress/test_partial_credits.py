"""An imported image whose credit could not be read is shown with what is known of it,
on the page, in its metadata and in the PDF, never as "Title by , "."""

import pytest

from articles.discovery.jsonld import scholarly_article
from articles.models import Article, FeaturedImage
from articles.pdf.figures import figure_credit
from articles.pdf.labels import image_credit
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _waiting(article, **fields) -> FeaturedImage:
    values = {"creator": "", "licence": "", **fields}
    FeaturedImage.objects.filter(article=article).update(
        title="Shelters", source_url="", credit_needed=True, **values
    )
    return FeaturedImage.objects.get(article=article)


def test_an_image_waiting_for_its_credit_shows_its_title_alone():
    image = _waiting(make_article(published=()))
    assert image.credit_text() == "Shelters"
    assert str(image.credit_html()) == "Shelters"


def test_an_image_with_a_creator_but_no_licence_names_the_creator_without_a_dangling_comma():
    image = _waiting(make_article(published=()), creator="Ana Ruiz", year=2019)
    assert image.credit_text() == "Shelters, Ana Ruiz"
    assert str(image.credit_html(with_year=True)) == "Shelters, Ana Ruiz, 2019"


def test_a_complete_credit_reads_as_before():
    image = _waiting(make_article(published=()), creator="Ana Ruiz", licence="CC-BY-4.0")
    assert image.credit_text() == "Shelters by Ana Ruiz, CC BY 4.0"


def test_the_pdf_prints_only_the_known_parts_of_a_waiting_credit():
    figure = {
        "title": "Shelters",
        "creator": "",
        "year": 2019,
        "licence_label": "",
        "source_url": "",
        "licence_url": "",
    }
    assert str(figure_credit(figure)) == "Shelters."
    assert str(image_credit(figure)) == "Shelters."


def test_the_metadata_names_no_empty_creator():
    article = make_article()
    _waiting(article)
    article.refresh_from_db()
    node = scholarly_article(Article.objects.get(pk=article.pk), "en")
    images = [n for n in _walk(node) if isinstance(n, dict) and n.get("@type") == "ImageObject"]
    assert [(n.get("creator"), n["creditText"]) for n in images] == [(None, "Shelters")]


def _walk(node):
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
