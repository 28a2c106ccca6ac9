"""Figures on the article change form: added with their place in the text, refused when a
body places a figure that is not there, re-encoded like every other upload."""

from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import BodyFigure
from tests.admin.formdata import form_errors, get_form_data
from tests.admin.test_image_uploads import BAD_UPLOADS
from tests.factories import image_bytes, make_article, make_upload
from tests.figures.helpers import body_with, make_figure

pytestmark = pytest.mark.django_db


def _figure_fields(index: int, number: int, upload=None, **fields) -> dict:
    prefix = f"figures-{index}-"
    values = {
        "number": str(number),
        "alt_en": f"Map {number} of the camps",
        "caption_en": f"The camps in 2023 ({number})",
        "title": "Camp map",
        "creator": "Ana Ruiz",
        "year": "2023",
        "licence": "CC-BY-4.0",
        **fields,
    }
    if upload is not None:
        values["file"] = upload
    return {prefix + name: value for name, value in values.items()}


def _post(client, article, *figures: dict, **changes):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = get_form_data(client, url) | changes
    existing = int(data["figures-TOTAL_FORMS"])
    for fields in figures:
        data |= fields
    data["figures-TOTAL_FORMS"] = str(max(existing, len(figures)))
    return client.post(url, data)


def test_a_figure_added_together_with_its_place_in_the_text_is_saved(superuser_client):
    article = make_article(references=0, published=())
    response = _post(
        superuser_client,
        article,
        _figure_fields(0, 2, make_upload("map.png", image_bytes("PNG"))),
        body_en=body_with(2),
    )
    assert response.status_code == 302, form_errors(response)
    figure = BodyFigure.objects.get(article=article)
    assert (figure.number, figure.alt_en, figure.width) == (2, "Map 2 of the camps", 64)
    assert figure.file.name.endswith(".png")
    article.refresh_from_db()
    assert '<figure data-figure="2"></figure>' in article.body_en


def test_a_body_placing_a_missing_figure_is_refused_on_the_body_with_its_number(
    superuser_client,
):
    article = make_article(references=0, published=())
    make_figure(article, 1)
    response = _post(superuser_client, article, body_es=body_with(1, 7, language="es"))
    assert response.status_code == 200
    assert form_errors(response)["form"]["body_es"] == [
        "Body (Spanish) places figure 7, but this piece has no figure 7. "
        "Add it under “Figures” or remove it from the text."
    ]
    article.refresh_from_db()
    assert "data-figure" not in article.body_es


def test_deleting_a_figure_the_text_still_places_is_refused(superuser_client):
    article = make_article(references=0, published=(), body_en=body_with(1))
    make_figure(article, 1)
    response = _post(superuser_client, article, **{"figures-0-DELETE": "on"})
    assert response.status_code == 200
    assert "places figure 1" in form_errors(response)["form"]["body_en"][0]
    assert BodyFigure.objects.filter(article=article).exists()


def test_a_figure_needs_alt_text_in_the_original_language(superuser_client):
    article = make_article(references=0, published=())
    response = _post(superuser_client, article, _figure_fields(0, 1, make_upload(), alt_en=""))
    assert form_errors(response)["figures-0"]["alt_en"] == [
        "Describe the image for readers who cannot see it."
    ]
    assert not BodyFigure.objects.exists()


def test_two_figures_cannot_share_a_number(superuser_client):
    article = make_article(references=0, published=())
    response = _post(
        superuser_client,
        article,
        _figure_fields(0, 1, make_upload()),
        _figure_fields(1, 1, make_upload()),
    )
    assert response.status_code == 200
    assert form_errors(response)["figures"] == ["Please correct the duplicate data for number."]
    assert not BodyFigure.objects.exists()


@pytest.mark.parametrize(("upload", "message"), BAD_UPLOADS)
def test_a_bad_figure_file_is_refused_with_the_reason_and_nothing_is_stored(
    superuser_client, settings, upload, message
):
    article = make_article(references=0, published=(), image=False)
    response = _post(superuser_client, article, _figure_fields(0, 1, upload()))
    assert form_errors(response)["figures-0"]["file"] == [message]
    assert not BodyFigure.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not [p for p in media.rglob("*") if p.is_file()] if media.exists() else True


def test_the_change_form_flags_a_figure_whose_licence_forbids_republication(
    superuser_client,
):
    article = make_article(references=0, published=(), body_en=body_with(1))
    make_figure(article, 1, licence="LicenseRef-All-Rights-Reserved")
    url = reverse("admin:articles_article_change", args=[article.pk])
    html = superuser_client.get(url).content.decode()
    assert "figure 1: its licence (All rights reserved) does not allow republication" in html
    assert "Place figure N in the text with <code>&lt;figure" in html
