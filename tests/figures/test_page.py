"""Figures on the article page: picture with renditions, alt text, caption and credit, in
the reader's language, at a query cost that does not grow with the number of figures."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import BodyFigure
from articles.site.figures import expand_figures
from tests.factories import image_bytes, make_upload
from tests.figures.helpers import make_illustrated_article

pytestmark = pytest.mark.django_db


def _figures(html: str) -> list:
    return BeautifulSoup(html, "html.parser").select("article figure.body-figure")


def _page(client, article, language: str) -> str:
    response = client.get(f"/{language}/articles/{article.slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_figure_shows_where_the_body_places_it_in_the_readers_language(client, language):
    article = make_illustrated_article(1, 2)
    figure = BodyFigure.objects.get(number=2)
    figure.file = make_upload("wide.jpg", image_bytes(size=(1200, 800)))
    figure.save()
    html = _page(client, article, language)
    figures = _figures(html)
    assert len(figures) == 2
    # In the text, between the paragraphs around each placeholder.
    body = BeautifulSoup(html, "html.parser").select_one(".article__body")
    words = {"en": "Text", "es": "Texto"}[language]
    assert [child.name for child in body.children if child.name] == ["p", "figure", "p"] * 1 + [
        "figure",
        "p",
    ]
    assert body.find_all("p")[1].get_text() == f"{words} after 1."
    second = figures[1]
    img = second.find("img")
    assert img["alt"] == f"Map 2 of the camps ({language})"
    assert (img["width"], img["height"]) == ("1200", "800")
    assert img["loading"] == "lazy"
    assert img["sizes"]
    assert re.fullmatch(
        r"\S+-480\.jpg 480w, \S+-960\.jpg 960w, \S+-1200\.jpg 1200w", img["srcset"]
    )
    webp = second.find("source", type="image/webp")
    assert webp["srcset"].count("w,") == 2 and webp["srcset"].endswith("1200w")
    caption = second.find("figcaption")
    assert caption.find(class_="caption").get_text() == f"Caption 2 ({language})"
    credit = caption.find(class_="credit")
    assert credit.find("a", href="https://example.org/maps/2").get_text() == "Camp map 2"
    assert "Ana Ruiz, 2023" in credit.get_text()
    assert (
        credit.find("a", rel="license")["href"] == "https://creativecommons.org/licenses/by/4.0/"
    )


def test_the_spanish_page_translates_the_credit_line(client):
    article = make_illustrated_article(1)
    credit = _figures(_page(client, article, "es"))[0].find(class_="credit").get_text()
    assert credit == "Camp map 1, de Ana Ruiz, 2023, CC BY 4.0"


def test_a_number_the_piece_has_no_figure_for_shows_nothing():
    article = make_illustrated_article(1)
    html = expand_figures(
        '<p>a</p><figure data-figure="9"></figure><p>b</p>',
        article.figures.all(),
        language="en",
    )
    assert html == "<p>a</p><p>b</p>"


def test_figure_text_is_escaped(client):
    article = make_illustrated_article(1)
    BodyFigure.objects.filter(number=1).update(
        caption_en="<script>alert(1)</script>", alt_en='"><b>x</b>', creator="<i>Ana</i>"
    )
    html = _page(client, article, "en")
    assert "<script>alert(1)" not in html
    assert "<i>Ana</i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert _figures(html)[0].find("img")["alt"] == '"><b>x</b>'


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_costs_one_query_for_its_figures_however_many_there_are(client):
    none = make_illustrated_article()
    one = make_illustrated_article(1)
    five = make_illustrated_article(1, 2, 3, 4, 5)
    costs = [_queries(client, f"/en/articles/{a.slug}/") for a in (none, one, five)]
    assert costs[1] == costs[2] == costs[0] + 1


def test_the_pdf_markup_prints_the_stored_file_and_the_full_credit():
    article = make_illustrated_article(1)
    html = expand_figures(
        '<figure data-figure="1"></figure>', article.figures.all(), language="en", for_pdf=True
    )
    figure = BeautifulSoup(html, "html.parser").find("figure")
    assert figure.find("img")["src"] == f"colophon-media:{article.figures.get().file.name}"
    assert figure.find("img")["alt"] == "Map 1 of the camps (en)"
    assert "Source: https://example.org/maps/1." in figure.get_text()
