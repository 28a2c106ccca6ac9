"""Notes in `body`: foreign footnotes are converted on import, stored notes travel as they are."""

import json

import pytest

from articles.interchange.exporter import export_to
from articles.interchange.importer import import_file
from articles.models import Article
from tests.interchange.builders import article, document, write

pytestmark = pytest.mark.django_db

PANDOC_BODY = (
    '<p>Families leave at night.<a href="#fn1" class="footnote-ref" id="fnref1"\n'
    'role="doc-noteref"><sup>1</sup></a> Most return.<a href="#fn2" class="footnote-ref"\n'
    'id="fnref2" role="doc-noteref"><sup>2</sup></a></p>\n'
    '<section id="footnotes" class="footnotes footnotes-end-of-document"\n'
    'role="doc-endnotes">\n<hr />\n<ol>\n'
    '<li id="fn1"><p>Interview with a <em>community leader</em>.<a href="#fnref1"\n'
    'class="footnote-back" role="doc-backlink">↩︎</a></p></li>\n'
    '<li id="fn2"><p>First paragraph.</p>\n<p>Second paragraph.<a href="#fnref2"\n'
    'class="footnote-back" role="doc-backlink">↩︎</a></p></li>\n'
    "</ol>\n</section>"
)


def test_importing_pandoc_footnotes_stores_them_as_notes_where_they_are_called(tmp_path):
    body = {"en": PANDOC_BODY, "es": "<p>El cuerpo.</p>"}
    import_file(write(tmp_path / "doc", document(article(body=body))))
    assert Article.objects.get().body_en == (
        '<p>Families leave at night.<span data-note="">Interview with a <em>community '
        'leader</em>.</span> Most return.<span data-note="">First paragraph.<br>'
        "Second paragraph.</span></p>"
    )


def test_a_body_without_notes_imports_as_it_did_before(tmp_path):
    body = {"en": "<p>The body, with <em>marks</em>.</p>", "es": "<p>El cuerpo.</p>"}
    import_file(write(tmp_path / "doc", document(article(body=body))))
    piece = Article.objects.get()
    assert (piece.body_en, piece.body_es) == (body["en"], body["es"])


def test_stored_notes_export_and_import_unchanged(tmp_path):
    stored = '<p>Text.<span data-note="">A note with <em>marks</em>.</span></p>'
    body = {"en": stored, "es": "<p>El cuerpo.</p>"}
    import_file(write(tmp_path / "doc", document(article(body=body))))
    export_to(tmp_path / "out.json")
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert exported["articles"][0]["body"]["en"] == stored
