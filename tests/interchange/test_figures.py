"""Figures in the interchange format: exported with their files like the featured image,
imported back field for field, checked like everything else, and optional."""

import copy
import json

import pytest

from articles.interchange.common import InterchangeError, schema_errors
from articles.interchange.exporter import export_to
from articles.interchange.importer import import_file
from articles.models import Article, BodyFigure
from tests.factories import image_bytes, make_article, make_upload
from tests.figures.helpers import body_with, make_figure, make_illustrated_article
from tests.interchange.builders import article, document, dump, media_files, write
from tests.interchange.test_round_trip import empty_the_site

pytestmark = pytest.mark.django_db

FIGURE = {
    "number": 2,
    "file": "images/map.png",
    "title": "Camps in the north-east",
    "creator": "Ana Ruiz",
    "year": 2023,
    "source_url": "https://example.org/maps/12",
    "licence": "CC-BY-4.0",
    "alt": {"en": "Map of the region with twelve camps", "es": "Mapa de la región"},
    "caption": {"en": "Camps in 2023", "es": "Campamentos en 2023"},
}
IMAGES = {"images/hillside.jpg": image_bytes("JPEG"), "images/map.png": image_bytes("PNG")}


def illustrated(**fields) -> dict:
    defaults = {
        "body": {"en": body_with(2), "es": body_with(2, language="es")},
        "figures": [copy.deepcopy(FIGURE)],
    }
    return article(**(defaults | fields))


def test_export_then_import_into_an_empty_database_brings_the_figures_back(tmp_path):
    piece = make_illustrated_article(1, 3)
    make_figure(piece, 7, file=make_upload("seven.png", image_bytes("PNG")), year=None)
    make_article(languages=("en",))  # a piece without figures beside it
    before = dump()
    assert len(before["articles.BodyFigure"]) == 3
    export_to(tmp_path / "out" / "site.json")
    items = json.loads((tmp_path / "out" / "site.json").read_text())["articles"]
    assert [len(item.get("figures", [])) for item in items if item["slug"] == piece.slug] == [3]
    assert [item for item in items if item["slug"] != piece.slug and "figures" in item] == []

    empty_the_site()
    assert media_files() == []
    import_file(tmp_path / "out" / "site.json")

    assert dump() == before


def test_a_document_with_figures_follows_the_schema_and_imports_them(tmp_path):
    doc = document(illustrated())
    assert schema_errors(doc) == []
    import_file(write(tmp_path, doc, IMAGES))
    figure = BodyFigure.objects.get()
    assert (figure.number, figure.alt_es, figure.caption_en) == (
        2,
        "Mapa de la región",
        "Camps in 2023",
    )
    assert figure.file.name.endswith("map.png")
    assert '<figure data-figure="2"></figure>' in figure.article.body_en


def test_a_document_without_figures_still_imports(tmp_path):
    doc = document()
    assert "figures" not in doc["articles"][0]
    result = import_file(write(tmp_path, doc))
    assert result.articles_new == 1
    assert not BodyFigure.objects.exists()


def test_a_body_placing_a_figure_the_item_does_not_list_is_refused(tmp_path):
    doc = document(illustrated(figures=[]))
    with pytest.raises(InterchangeError) as caught:
        import_file(write(tmp_path, doc, IMAGES))
    assert caught.value.errors == [
        'articles[0] "protection-gaps": body.en: body (English) places figure 2, but this '
        "piece has no figure 2. Add it under “Figures” or remove it from the text.",
        'articles[0] "protection-gaps": body.es: body (Spanish) places figure 2, but this '
        "piece has no figure 2. Add it under “Figures” or remove it from the text.",
    ]
    assert not Article.all_objects.exists()
    assert media_files() == []


def test_a_figure_without_alt_text_or_with_a_bad_file_is_refused_and_nothing_is_kept(tmp_path):
    figure = copy.deepcopy(FIGURE) | {"alt": {"es": "Mapa"}}
    doc = document(illustrated(figures=[figure]))
    images = IMAGES | {"images/map.png": b"%PDF-1.4 not a picture"}
    with pytest.raises(InterchangeError) as caught:
        import_file(write(tmp_path, doc, images))
    assert caught.value.errors == [
        'articles[0] "protection-gaps": figures[0].alt.en: describe the image for readers who '
        "cannot see it, at least in the original language",
        'articles[0] "protection-gaps": figures[0].file: the file is not a JPEG, PNG or WebP '
        "image.",
    ]
    assert not BodyFigure.objects.exists()
    assert media_files() == []


def test_a_figure_number_given_twice_is_refused(tmp_path):
    doc = document(illustrated(figures=[FIGURE, FIGURE]))
    with pytest.raises(InterchangeError) as caught:
        import_file(write(tmp_path, doc, IMAGES))
    assert 'articles[0] "protection-gaps": figures[1].number: figure 2 is listed twice' in (
        caught.value.errors
    )


def test_reimporting_replaces_the_figures_with_the_files(
    tmp_path, django_capture_on_commit_callbacks
):
    import_file(write(tmp_path / "one", document(illustrated()), IMAGES))
    kept = BodyFigure.objects.get().file.name
    second = illustrated(
        body={"en": "<p>No figures.</p>", "es": "<p>Sin figuras.</p>"}, figures=[]
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_file(write(tmp_path / "two", document(second)))
    assert not BodyFigure.objects.exists()
    assert kept not in media_files()
