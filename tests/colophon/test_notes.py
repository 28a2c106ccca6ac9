"""colophon.lib.notes on its own: what each rendering makes of the stored notes."""

import pytest
from django.utils.translation import override
from lxml import html as lxml_html

from colophon.lib import notes


def note(text: str) -> str:
    return f'<span data-note="">{text}</span>'


def test_a_body_without_notes_comes_back_unchanged():
    body = "<p>Plain <em>text</em> &amp; more.</p>"
    assert notes.for_page(body) == (body, [])
    assert notes.for_pdf(body, "p-") == body
    assert notes.without_notes(body) == body


def test_the_text_around_a_note_stays_where_it_was():
    text, found = notes.for_page(f"<p>Before{note('N')} after <em>x</em>.</p>")
    assert text.startswith('<p>Before<sup class="note-call">')
    assert text.endswith("</span> after <em>x</em>.</p>")
    assert [n.text for n in found] == ["N"]


def test_notes_are_numbered_in_document_order_across_blocks():
    body = f"<h2>A{note('one')}</h2><ul><li><p>B{note('two')}</p></li></ul><p>C{note('three')}</p>"
    found = notes.notes(body, prefix="x-")
    assert [(n.number, n.text, n.id, n.call_id) for n in found] == [
        (1, "one", "x-note-1", "x-note-call-1"),
        (2, "two", "x-note-2", "x-note-call-2"),
        (3, "three", "x-note-3", "x-note-call-3"),
    ]


def test_a_note_inside_a_note_is_read_as_its_text():
    found = notes.notes(f"<p>A{note('outer ' + note('inner'))}</p>")
    assert [(n.number, str(n.html)) for n in found] == [(1, "outer inner")]


def test_the_call_label_is_in_the_active_language():
    with override("es"):
        text, _found = notes.for_page(f"<p>A{note('n')}</p>")
    assert 'aria-label="Nota 1"' in text


def test_escaped_text_in_a_note_stays_escaped_everywhere():
    body = f"<p>A{note('&lt;script&gt;x&lt;/script&gt; &amp;lt;')}</p>"
    text, found = notes.for_page(body)
    assert "<script>" not in text
    assert found[0].html == "&lt;script&gt;x&lt;/script&gt; &amp;lt;"
    assert "<script>" not in notes.for_pdf(body, "p-")


def test_headings_lose_their_notes_for_the_contents():
    assert notes.without_notes(f"<h2>Title{note('n')} end</h2>") == "<h2>Title end</h2>"


@pytest.fixture
def small_pieces(monkeypatch):
    monkeypatch.setattr(notes, "PDF_PIECE_CHARS", 30)


def test_a_long_note_is_printed_in_pieces_never_cut_inside_a_mark(small_pieces):
    text = "First sentence here. Second one <em>with a long emphasis inside it</em> and the end."
    html = notes.for_pdf(f"<p>A{note(text)}</p>", "p-")
    assert html.count('class="footnote') == 3
    assert (
        'class="footnote footnote--split" id="p-note-1" data-number="1">First sentence here.<'
        in html
    )
    assert "<em>with a long emphasis inside it</em>" in html
    assert html.count("footnote--continued") == 2
    # Put back together, the pieces are the note, word for word and space for space.
    pieces = lxml_html.fragment_fromstring(html, create_parent="div").cssselect(".footnote")
    assert "".join(piece.text_content() for piece in pieces) == (
        "First sentence here. Second one with a long emphasis inside it and the end."
    )
