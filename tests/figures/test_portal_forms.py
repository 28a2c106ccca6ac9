"""The contributors' figure formset: the same checks as the admin, in one language."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, BodyFigure
from portal.figure_forms import figure_formset
from tests.admin.test_image_uploads import BAD_UPLOADS
from tests.factories import make_article, make_upload
from tests.figures.helpers import body_with, make_figure

pytestmark = pytest.mark.django_db


def _data(*figures: dict, initial: int = 0) -> dict:
    data = {
        "figures-TOTAL_FORMS": str(len(figures)),
        "figures-INITIAL_FORMS": str(initial),
        "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "30",
    }
    for index, fields in enumerate(figures):
        data |= {f"figures-{index}-{name}": value for name, value in fields.items()}
    return data


def _figure(number: int, language: str = "es", **fields) -> dict:
    return {
        "number": str(number),
        f"alt_{language}": "Un mapa de los campamentos",
        f"caption_{language}": "Campamentos en 2023",
        "title": "Mapa",
        "creator": "Ana Ruiz",
        "year": "2023",
        "licence": "CC-BY-4.0",
        **fields,
    }


def _bind(article: Article, *figures: dict, files: dict | None = None, initial: int = 0):
    FormSet = figure_formset("es")
    return FormSet(_data(*figures, initial=initial), files or {}, instance=article)


def test_a_valid_figure_is_saved_in_the_contributors_language():
    article = make_article(languages=("es",), published=(), image=False)
    formset = _bind(article, _figure(1), files={"figures-0-file": make_upload()})
    assert formset.is_valid(), formset.errors
    formset.save()
    figure = BodyFigure.objects.get(article=article)
    assert (figure.number, figure.alt_es, figure.caption_es) == (
        1,
        "Un mapa de los campamentos",
        "Campamentos en 2023",
    )


def test_a_figure_needs_its_file_alt_text_and_credit():
    article = make_article(languages=("es",), published=(), image=False)
    formset = _bind(article, _figure(1, alt_es="", creator="", licence=""))
    assert not formset.is_valid()
    assert set(formset.errors[0]) == {"file", "alt_es", "creator", "licence"}


@pytest.mark.parametrize(("upload", "message"), BAD_UPLOADS)
def test_a_bad_file_is_refused_with_the_reason(upload, message):
    article = make_article(languages=("es",), published=(), image=False)
    file: SimpleUploadedFile = upload()
    formset = _bind(article, _figure(1), files={"figures-0-file": file})
    assert not formset.is_valid()
    assert formset.errors[0]["file"] == [message]


def test_the_body_may_place_only_the_figures_the_formset_keeps():
    article = make_article(languages=("es",), published=(), image=False)
    formset = _bind(article, _figure(1), files={"figures-0-file": make_upload()})
    formset.check_body(body_with(1, language="es"), "el texto")
    with pytest.raises(ValidationError) as caught:
        formset.check_body(body_with(1, 3, language="es"), "the body")
    assert caught.value.messages == [
        "the body places figure 3, but this piece has no figure 3. "
        "Add it under “Figures” or remove it from the text."
    ]


def test_planned_figures_let_the_piece_validate_its_body_before_they_are_saved():
    article = make_article(languages=("es",), published=(), image=False)
    article.body_es = body_with(1, language="es")
    formset = _bind(article, _figure(1), files={"figures-0-file": make_upload()})
    formset.plan(article)
    article.clean()
    article.planned_figure_numbers = set()
    with pytest.raises(ValidationError, match="no figure 1"):
        article.clean()


def test_a_deleted_figure_no_longer_counts():
    article = make_article(languages=("es",), published=(), image=False)
    figure = make_figure(article, 1)
    formset = _bind(article, _figure(1, id=str(figure.pk), DELETE="on"), initial=1)
    assert formset.numbers() == set()


def test_a_restricted_licence_is_flagged_as_for_the_featured_image():
    article = make_article(languages=("es",), published=(), image=False)
    formset = _bind(
        article,
        _figure(4, licence="CC-BY-ND-4.0"),
        files={"figures-0-file": make_upload()},
    )
    assert formset.is_valid(), formset.errors
    assert formset.licence_warnings() == [
        "The licence of figure 4 (CC BY-ND 4.0) does not allow republication; the editors "
        "may ask for another image."
    ]
