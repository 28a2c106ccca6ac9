"""Bios and descriptions are short rich text: pages show their formatting, and every
plain-text output gets their text once escaped, never tags or escaped entities."""

import json

import pytest
from django.utils import timezone
from django.utils.translation import override

from articles.interchange.exporter import export_to
from articles.interchange.importer import import_file
from articles.pdf.content import article_source, series_source, volume_source
from articles.pdf.render import document_context, source_html
from series.models import Series
from tests.factories import make_article, make_series, make_volume
from tests.personas import make_person

pytestmark = pytest.mark.django_db

# Typed in the editor: an ampersand, a bold word and text that looks like a tag.
RICH = "<p>Smith &amp; Sons <b>x</b> &lt;i&gt;</p><p>Second</p>"
STORED = "<p>Smith &amp; Sons <strong>x</strong> &lt;i&gt;</p><p>Second</p>"
# The text, escaped exactly once, as it appears in an HTML attribute or plain element.
ESCAPED_TEXT = "Smith &amp; Sons x &lt;i&gt; Second"


@pytest.fixture
def piece():
    series = make_series(slug="rich", description_en=RICH)
    volume = make_volume(series, number=1, description_en=RICH)
    article = make_article(volume, languages=("en",))
    author = article.authorships.get().contributor
    author.bio_en = RICH
    author.save()
    return article


def _page(client, url: str) -> str:
    with override("en"):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_series_volume_author_and_article_pages_show_the_formatting(client, piece):
    volume = piece.volume
    author = piece.authorships.get().contributor
    with override("en"):
        urls = [
            volume.series.get_absolute_url(),
            volume.get_absolute_url(),
            author.get_absolute_url(),
            piece.get_absolute_url(),
            "/en/series/",
        ]
    for url in urls:
        html = _page(client, url)
        assert "<p>Smith &amp; Sons <strong>x</strong> &lt;i&gt;</p><p>Second</p>" in html, url
        assert "&amp;amp;" not in html and "&lt;strong&gt;" not in html, url


def test_the_series_meta_description_is_plain_text_escaped_once(client, piece):
    html = _page(client, piece.volume.series.get_absolute_url())
    assert f'<meta name="description" content="{ESCAPED_TEXT}">' in html


def test_the_submission_form_lists_a_series_description_as_plain_text(client, piece):
    Series.objects.filter(pk=piece.volume.series_id).update(call_for_contributions_en="")
    client.force_login(make_person("writer@example.org", given="Wren", family="Writer"))
    html = _page(client, "/en/submit/")
    assert f"<dd>{ESCAPED_TEXT}</dd>" in html


def test_the_pdf_prints_the_bio_with_its_formatting_inside_the_authors_paragraph(piece):
    html = source_html(article_source(piece, "en"))
    assert "Smith &amp; Sons <strong>x</strong> &lt;i&gt;<br>Second" in html
    assert "&amp;amp;" not in html


@pytest.mark.parametrize("kind", ["volume", "series"])
def test_the_pdf_cover_and_metadata_give_the_description_as_plain_text(piece, kind):
    source = (
        volume_source(piece.volume, "en")
        if kind == "volume"
        else series_source(piece.volume.series, "en")
    )
    assert source is not None
    context = document_context(source, timezone.now())
    assert context["cover_description"] == "Smith & Sons x <i> Second"
    assert context["meta"]["subject"] == "Smith & Sons x <i> Second"
    html = source_html(source)
    assert f'<p class="cover__description">{ESCAPED_TEXT}</p>' in html
    assert f'<meta name="description" content="{ESCAPED_TEXT}">' in html


def test_the_export_writes_the_stored_short_html(piece, tmp_path):
    export_to(tmp_path / "out.json")
    document = json.loads((tmp_path / "out.json").read_text())
    assert document["version"] == 2
    assert document["series"][0]["description"]["en"] == STORED
    assert document["articles"][0]["authors"][0]["bio"]["en"] == STORED


def _write(tmp_path, version: int | None, text: str):
    document = {
        "format": "colophon-interchange",
        "series": [{"slug": "old", "title": {"en": "Old"}, "description": {"en": text}}],
        "volumes": [{"series": "old", "number": 1, "description": {"en": text}}],
        "articles": [],
    }
    if version is not None:
        document["version"] = version
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize("version", [1, None])
def test_an_old_files_plain_text_is_converted_as_the_migration_converts_it(tmp_path, version):
    import_file(_write(tmp_path, version, "Smith & Sons <b>x</b>\nline\n\nNext"))
    series = Series.objects.get(slug="old")
    expected = "<p>Smith &amp; Sons &lt;b&gt;x&lt;/b&gt;<br>line</p><p>Next</p>"
    assert series.description_en == expected
    assert series.volumes.get().description_en == expected


def test_a_version_2_files_short_html_is_kept_and_sanitised(tmp_path):
    import_file(_write(tmp_path, 2, RICH + "<script>alert(1)</script>"))
    assert Series.objects.get(slug="old").description_en == STORED
