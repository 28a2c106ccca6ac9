"""A piece's figures: the markup that places them, and the checks before saving and publishing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from articles.models import Article, BodyFigure, FeaturedImage
from colophon.lib.body_figures import figure_numbers
from colophon.lib.sanitise import clean_html
from pages.models import Page
from tests.factories import make_article
from tests.figures.helpers import body_with, make_figure, make_illustrated_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("given", "number"),
    [
        ('<figure data-figure="3"></figure>', 3),
        ('<figure data-figure=" 03 " class="wide" style="x"></figure>', 3),
        ('<figure data-figure="x"></figure>', None),
        ('<figure data-figure="0"></figure>', None),
        ('<figure data-figure="-2"></figure>', None),
        ('<figure data-figure="\u0663"></figure>', None),  # an Arabic-Indic three
        ('<figure data-figure="12345"></figure>', None),
        ('<figure data-other="3"></figure>', None),
    ],
)
def test_the_sanitiser_keeps_a_figure_number_only_as_plain_digits(given, number):
    cleaned = clean_html(given)
    assert "data-other" not in cleaned
    assert "class" not in cleaned
    if number is None:
        assert "data-figure" not in cleaned
    else:
        assert cleaned == f'<figure data-figure="{number}"></figure>'
        assert figure_numbers(cleaned) == [number]


def test_a_body_that_places_a_figure_the_piece_lacks_is_refused_naming_body_and_number():
    article = make_article(published=())
    make_figure(article, 1)
    article.body_es = body_with(1, 4, language="es")
    with pytest.raises(ValidationError) as caught:
        article.full_clean()
    errors = caught.value.message_dict
    assert list(errors) == ["body_es"]
    assert errors["body_es"] == [
        "Body (Spanish) places figure 4, but this piece has no figure 4. "
        "Add it under “Figures” or remove it from the text."
    ]


def test_several_missing_figures_are_named_together():
    article = make_article(published=(), body_en=body_with(2, 5))
    with pytest.raises(ValidationError) as caught:
        article.full_clean()
    assert "places figures 2, 5, but this piece has no figures" in str(caught.value)


def test_a_body_placing_only_figures_the_piece_has_is_accepted():
    article = make_illustrated_article(1, 2)
    article.full_clean()


def test_figures_about_to_be_saved_count_for_a_new_piece():
    article = Article(slug="new", original_language="en", title_en="New", body_en=body_with(1))
    article.planned_figure_numbers = {1}
    article.full_clean(exclude=["volume"])
    article.planned_figure_numbers = set()
    with pytest.raises(ValidationError, match="no figure 1"):
        article.full_clean(exclude=["volume"])


def test_a_figure_needs_alt_text_in_the_original_language():
    article = make_article(published=())
    figure = make_figure(article, 1, alt_en="")
    with pytest.raises(ValidationError) as caught:
        figure.full_clean()
    assert caught.value.message_dict["alt_en"] == [
        "Describe the image for readers who cannot see it."
    ]


def test_a_version_cannot_be_published_without_the_alt_text_of_each_figure():
    article = make_illustrated_article(1, 2)
    BodyFigure.objects.filter(number=2).update(alt_es="")
    article = Article.objects.get(pk=article.pk)
    assert "alt text of figure 2" in article.missing_for_publication("es")
    assert not any("figure" in item for item in article.missing_for_publication("en"))


def test_a_figure_whose_licence_forbids_republication_is_flagged():
    article = make_illustrated_article(1, 2)
    BodyFigure.objects.filter(number=2).update(licence="CC-BY-ND-2.0")
    assert article.restricted_figures() == [
        "figure 2: its licence (CC BY-ND 2.0) does not allow republication"
    ]


def test_two_figures_of_one_piece_cannot_share_a_number():
    article = make_article(published=())
    make_figure(article, 1)
    with pytest.raises(IntegrityError):
        make_figure(article, 1)


def test_the_featured_image_keeps_its_credit_and_alt_rule():
    article = make_article(published=())
    image = FeaturedImage.objects.get(article=article)
    assert image.credit_text() == "The River by Jo Photographer, CC BY 2.0"
    assert str(image.credit_html()) == (
        '<a href="https://example.org/river">The River</a> by Jo Photographer, '
        '<a href="https://creativecommons.org/licenses/by/2.0/" rel="license">CC BY 2.0</a>'
    )
    image.alt_en = ""
    with pytest.raises(ValidationError, match="Describe the image"):
        image.full_clean()


def test_a_figure_credit_gives_the_year_of_the_work():
    article = make_article(published=())
    figure = make_figure(article, 1)
    assert str(figure.full_credit_html()) == (
        '<a href="https://example.org/maps/1">Camp map 1</a> by Ana Ruiz, 2023, '
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>'
    )


def test_a_figure_file_is_stored_re_encoded_under_an_unguessable_name():
    article = make_article(published=())
    figure = make_figure(article, 1)
    assert figure.file.name.startswith("images/")
    assert "figure-1" in figure.file.name
    assert figure.file.name.count("/") >= 3  # images/<year>/<random>/<name>
    assert (figure.width, figure.height) == (64, 48)


def test_a_page_body_drops_a_figures_place():
    page = Page.objects.create(
        slug="about",
        title_en="About",
        body_en='<p>One.</p><figure data-figure="1"></figure><p>Two.</p>',
    )
    page.refresh_from_db()
    assert page.body_en == "<p>One.</p><p>Two.</p>"
