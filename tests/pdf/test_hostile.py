"""Contributor HTML is hostile: WeasyPrint may read our own static and media files only.

The body is sanitised on save, so these tests also write it with a queryset update,
which skips the sanitiser: then the fetcher and the render options are what stop it.
"""

import socket

import pytest
from django.core.files.storage import default_storage

from articles.models import Article
from articles.pdf.content import article_source, articles_for_pdf
from articles.pdf.fetcher import RefusedURL, RenderLimitExceeded, SafeURLFetcher
from articles.pdf.render import render_html, render_source, source_html
from tests.factories import make_article
from tests.pdf.conftest import pdf_reader, pdf_text

pytestmark = pytest.mark.django_db

METADATA = "http://169.254.169.254/latest/meta-data"
HOSTILE_BODY = f"""
<p>Hostile body marker.</p>
<img src="file:///etc/passwd" alt="passwd">
<img src="{METADATA}/iam.png" alt="metadata">
<img src="colophon-media:../../../../etc/passwd" alt="traversal">
<img src="colophon-static:%2e%2e/%2e%2e/%2e%2e/etc/passwd" alt="encoded traversal">
<img src="/media/../../etc/passwd" alt="relative traversal">
<link rel="attachment" href="file:///etc/passwd" title="passwd">
<link rel="attachment" href="colophon-static:pdf/pdf.css" title="our own file">
<a rel="attachment" href="file:///etc/hostname">attached file</a>
<a rel="attachment" href="colophon-static:pdf/pdf.css">attached own file</a>
<link rel="stylesheet" href="{METADATA}/style.css">
<style>
  @import url("{METADATA}/import.css");
  @import url("file:///etc/passwd");
  body {{ background: url("{METADATA}/background.png"); }}
  p {{ background-image: url("file:///etc/passwd"); }}
  h2 {{ background-image: url("colophon-static:../../../../../etc/passwd"); }}
  @font-face {{ font-family: x; src: url("{METADATA}/font.ttf"); }}
</style>
<div style="background: url('{METADATA}/inline.png')">Inline style marker.</div>
<object data="file:///etc/passwd"></object>
<embed src="{METADATA}/embed.svg">
<iframe src="file:///etc/passwd"></iframe>
<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>
"""


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything opens a network connection."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network access in a PDF render")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def hostile_article():
    article = make_article()
    # .update() skips Article.save() and so the sanitiser: the worst case.
    Article.objects.filter(pk=article.pk).update(body_en=HOSTILE_BODY)
    return article_source(articles_for_pdf().get(pk=article.pk), "en")


def test_the_unsanitised_hostile_body_reaches_the_renderer():
    assert '<img src="file:///etc/passwd"' in source_html(hostile_article())


def test_a_hostile_body_still_renders_without_reading_anything_outside_the_site(no_network):
    rendered = render_source(hostile_article())
    text = pdf_text(rendered.data)
    assert "Hostile body marker." in text
    assert "Inline style marker." in text
    assert "root:" not in text  # nothing of /etc/passwd
    assert no_network == []
    refused = " ".join(rendered.refused)
    for reached_for in ("file:///etc/passwd", METADATA, "etc/passwd"):
        assert reached_for in refused


def test_a_hostile_body_embeds_no_file(no_network):
    reader = pdf_reader(render_source(hostile_article()).data)
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    assert "/AF" not in root
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            assert annotation.get_object()["/Subtype"] != "/FileAttachment"


def test_a_hostile_body_adds_no_image_but_the_featured_one(no_network):
    reader = pdf_reader(render_source(hostile_article()).data)
    # WeasyPrint shares one resource dictionary between pages: count distinct images.
    images = {image.name for page in reader.pages for image in page.images}
    assert len(images) == 1


def test_a_hostile_body_is_harmless_after_the_sanitiser_too(no_network):
    article = make_article(body_en=HOSTILE_BODY)
    assert "file:///" not in Article.objects.get(pk=article.pk).body_en
    rendered = render_source(article_source(articles_for_pdf().get(pk=article.pk), "en"))
    assert "Hostile body marker." in pdf_text(rendered.data)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        f"{METADATA}/",
        "https://example.org/style.css",
        "ftp://example.org/x",
        "data:text/css,body{}",
        "colophon-static:../settings.py",
        "colophon-static:pdf/../../colophon/settings.py",
        "colophon-static:%2e%2e/colophon/settings.py",
        "colophon-static:%252e%252e/colophon/settings.py",
        "colophon-static:/etc/passwd",
        "colophon-static:..\\..\\etc\\passwd",
        "colophon-static:pdf//pdf.css",
        "colophon-static:pdf/./pdf.css",
        "colophon-static:pdf/pdf.css%00.png",
        "colophon-media:../db.sqlite3",
        "colophon-media:file:///etc/passwd",
        "colophon-media:images/does-not-exist.jpg",
    ],
)
def test_the_fetcher_refuses_anything_but_our_own_files(url, no_network):
    fetcher = SafeURLFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert no_network == []


def test_the_fetcher_serves_our_static_and_media_files():
    article = make_article()
    fetcher = SafeURLFetcher()
    css = fetcher.fetch("colophon-static:pdf/pdf.css")
    assert css.content_type == "text/css"
    assert b"@page" in css.read()
    image = fetcher.fetch(f"colophon-media:{article.image.file.name}")
    assert image.content_type == "image/jpeg"
    assert image.read() == default_storage.open(article.image.file.name).read()


def test_the_fetcher_has_no_urllib_handlers():
    # Nothing falls through to urllib's file, http, ftp or redirect handlers.
    fetcher = SafeURLFetcher()
    assert fetcher.handlers == []
    assert fetcher.handle_open == {}


def test_the_fetcher_caps_the_bytes_it_hands_out():
    fetcher = SafeURLFetcher(max_bytes=100)
    with pytest.raises(RenderLimitExceeded):
        fetcher.fetch("colophon-static:pdf/pdf.css")


def test_an_oversized_document_is_refused_before_rendering(settings):
    settings.PDF_MAX_HTML_BYTES = 1000
    with pytest.raises(RenderLimitExceeded, match="HTML"):
        render_html("<p>" + "x" * 2000 + "</p>")


def test_a_document_over_the_page_cap_is_stopped(settings):
    settings.PDF_MAX_PAGES = 2
    with pytest.raises(RenderLimitExceeded, match="pages"):
        render_html("<p style='break-after: page'>page</p>" * 5)


def test_presentational_hints_are_off(monkeypatch):
    from weasyprint import HTML

    seen = {}
    original = HTML.render

    def spy(self, *args, **kwargs):
        seen.update(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "render", spy)
    render_html('<p><font color="red" size="7">hint</font></p>')
    assert seen["presentational_hints"] is False
