"""Figures in the text on the image step: added, changed and removed with the step, placed
by the text step, named in "Still missing" until they are complete and placed, and shown
on the public page once an editor publishes the piece."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article, BodyFigure
from articles.workflow.steps import publish_language, transition
from tests.factories import image_bytes
from tests.personas import client_for, make_volume_for
from tests.portal.test_steps import start_draft, step_url
from tests.portal.test_steps_plain import buttons, send

pytestmark = pytest.mark.django_db


def upload(name: str = "map.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(), "image/jpeg")


def figure_fields(index: int = 0, language: str = "en", **fields) -> dict:
    values = {
        "number": "1",
        f"alt_{language}": "A map of the camps",
        f"caption_{language}": "The camps in 2023",
        "title": "Camp map",
        "creator": "Ana Ruiz",
        "year": "2023",
        "source_url": "https://example.org/map",
        "licence": "CC-BY-4.0",
        **fields,
    }
    return {f"figures-{index}-{name}": value for name, value in values.items()}


def figures_post(*rows: dict, initial: int = 0, **extra) -> dict:
    data = {"figures-TOTAL_FORMS": str(len(rows)), "figures-INITIAL_FORMS": str(initial)}
    for row in rows:
        data |= row
    return {**data, "save": "1", **extra}


def add_figure(client, article, language="en", **fields) -> BodyFigure:
    data = figures_post({**figure_fields(language=language, **fields), "figures-0-file": upload()})
    response = client.post(step_url(article, "image", language), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return BodyFigure.objects.get(article=article, number=int(fields.get("number", "1")))


def test_a_figure_added_on_the_image_step_is_saved_with_it_and_shown_with_a_hint(
    contributor, series
):
    client = client_for(contributor)
    article = start_draft(client, series)
    figure = add_figure(client, article)
    assert (figure.alt_en, figure.caption_en, figure.title, figure.year) == (
        "A map of the camps",
        "The camps in 2023",
        "Camp map",
        2023,
    )
    page = client.get(step_url(article, "image")).content.decode()
    assert "Figures in the text" in page
    assert f'<img src="{figure.file.url}" alt="A map of the camps" width="160">' in page
    assert "Figure button" in page
    assert '<code>&lt;figure data-figure="1"&gt;&lt;/figure&gt;</code>' in page
    assert 'name="figures-1-number" value="2"' in page  # the next figure's number


def test_a_saved_figure_is_edited_and_removed_on_the_same_step(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    figure = add_figure(client, article)
    edited = figure_fields(id=str(figure.pk), number="2", caption_en="Camps, 2024")
    response = client.post(step_url(article, "image"), figures_post(edited, initial=1))
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.number, figure.caption_en) == (2, "Camps, 2024")
    assert figure.file  # the file is kept when none is chosen again
    removed = figure_fields(id=str(figure.pk), number="2", DELETE="on")
    assert (
        client.post(step_url(article, "image"), figures_post(removed, initial=1)).status_code
        == 302
    )
    assert not BodyFigure.objects.exists()


def test_a_figure_without_alt_text_is_refused_and_nothing_of_the_step_is_saved(
    contributor, series
):
    client = client_for(contributor)
    article = start_draft(client, series)
    data = figures_post({**figure_fields(alt_en=""), "figures-0-file": upload()})
    response = client.post(step_url(article, "image"), data)
    assert response.status_code == 400
    assert "Some fields need your attention" in response.content.decode()
    assert not BodyFigure.objects.exists()


def test_a_number_already_taken_or_given_twice_is_refused(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    figure = add_figure(client, article)
    kept = figure_fields(id=str(figure.pk))
    again = {**figure_fields(1, number="1"), "figures-1-file": upload()}
    response = client.post(step_url(article, "image"), figures_post(kept, again, initial=1))
    assert response.status_code == 400
    assert "This piece already has a figure with this number." in response.content.decode()
    twins = [{**figure_fields(i, number="5"), f"figures-{i}-file": upload()} for i in (1, 2)]
    response = client.post(step_url(article, "image"), figures_post(kept, *twins, initial=1))
    assert response.status_code == 400
    assert "Two figures have the same number; give each its own." in response.content.decode()
    assert list(BodyFigure.objects.values_list("number", flat=True)) == [1]


def test_a_restricted_licence_is_flagged_after_saving(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    add_figure(client, article, licence="CC-BY-ND-4.0")
    page = client.get(step_url(article, "image")).content.decode()
    assert "The licence of figure 1 (CC BY-ND 4.0) does not allow republication" in page


def test_the_text_places_figure_1_and_the_published_page_shows_it(contributor, editor, series):
    client = client_for(contributor)
    article = start_draft(client, series, summary="What it says.")
    body = '<p>Before.</p>\n<figure data-figure="1"></figure>\n<p>After.</p>'
    text = {"body_format": "html", "body": body, "go": "authors"}
    assert client.post(step_url(article, "text"), text).status_code == 302
    add_figure(client, article)
    declarations = {"licence": "CC-BY-4.0", "original_work": "on", "consent": "on"}
    submitted = client.post(step_url(article, "declarations"), {**declarations, "submit": "1"})
    assert submitted.status_code == 302, submitted.content.decode()[:3000]
    article.refresh_from_db()
    assert '<figure data-figure="1"></figure>' in article.body_en
    transition(article, "start_review", editor)
    transition(article, "accept", editor)
    make_volume_for(article)
    publish_language(article, "en", at=timezone.now(), by=editor)
    page = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert 'alt="A map of the camps"' in page
    assert "The camps in 2023" in page and "Camp map" in page


def test_a_figure_the_text_places_but_the_piece_lacks_blocks_submission_by_number(
    contributor, series
):
    client = client_for(contributor)
    article = start_draft(client, series, summary="What it says.")
    text = {"body_format": "html", "body": '<p>A.</p><figure data-figure="3"></figure>'}
    assert client.post(step_url(article, "text"), {**text, "save": "1"}).status_code == 302
    label = "figure 3, which the text places but the piece does not have"
    assert (
        f'<a href="#id_body">{label}</a>' in client.get(step_url(article, "text")).content.decode()
    )
    declarations = {"licence": "CC-BY-4.0", "original_work": "on", "consent": "on"}
    refused = client.post(step_url(article, "declarations"), {**declarations, "submit": "1"})
    assert refused.status_code == 400
    assert "Not submitted yet" in refused.content.decode()
    assert f'<a href="{step_url(article, "text")}#id_body">{label}</a>' in refused.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_an_unplaced_or_unfinished_figure_is_still_missing(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series, summary="What it says.")
    client.post(step_url(article, "text"), {"body_format": "html", "body": "<p>A.</p>"})
    figure = add_figure(client, article, year="", source_url="")
    BodyFigure.objects.filter(pk=figure.pk).update(alt_en="")  # as an import may leave it
    text = client.get(step_url(article, "text")).content.decode()
    assert '<a href="#id_body">a place in the text for figure 1</a>' in text
    assert "Figures this piece has, to place in the text: 1." in text
    image = client.get(step_url(article, "image")).content.decode()
    for field, label in [
        ("alt_en", "alt text for figure 1"),
        ("year", "the year of figure 1"),
        ("source_url", "the source URL of figure 1"),
    ]:
        assert f'<a href="#id_figures-0-{field}">{label}</a>' in image
        assert f'id="id_figures-0-{field}"' in image
    assert "the creator of figure 1" not in image


def test_the_figures_read_in_spanish_and_a_browser_without_javascript_keeps_them(
    contributor, series
):
    client = client_for(contributor)
    article = start_draft(client, series, language="es")
    add_figure(client, article, language="es")
    page = client.get(step_url(article, "image", "es"))
    html = page.content.decode()
    for words in ("Figuras en el texto", "Figura 1", "Texto alternativo", "Pie de imagen"):
        assert words in html
    assert "Quitar esta figura" in html
    assert 'lang="es"' in html
    response = send(client, page, buttons(page)["Guardar el borrador"])
    assert response.status_code == 302
    assert BodyFigure.objects.get().alt_es == "A map of the camps"
