"""Footnotes survive every way a contributor sends a body: .docx, Markdown and pasted HTML.

Each ends as one `<span data-note="">` per note, at its call, in order, with its text.
"""

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from portal.body_import import docx_to_html, markdown_to_html, pasted_html
from tests.docx_notes import Endnote, Footnote, document
from tests.personas import client_for, post_submission, submission_form


def notes(html: str) -> list[lxml.html.HtmlElement]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return list(root.iterfind(".//span[@data-note]"))


def texts(html: str) -> list[str]:
    return [note.text_content() for note in notes(html)]


def text_outside_notes(html: str) -> str:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for note in list(root.iterfind(".//span[@data-note]")):
        note.drop_tree()
    return root.text_content()


PIECE = document(
    [
        [
            "Families leave at night.",
            Footnote("Interview with a *community leader*, 2023."),
            " Most return within a year.",
            Endnote("UNHCR, Global Trends (2024)."),
        ],
        ["A second paragraph.", Footnote("First paragraph.\n\nSecond paragraph.")],
        ["Last.", Endnote("Closing endnote.")],
    ]
)


def test_a_docx_keeps_its_footnotes_and_endnotes_as_notes_in_order():
    html = docx_to_html(SimpleUploadedFile("piece.docx", PIECE))
    assert texts(html) == [
        "Interview with a community leader, 2023.",
        "UNHCR, Global Trends (2024).",
        "First paragraph.Second paragraph.",
        "Closing endnote.",
    ]
    first, _endnote, two_paragraphs, _last = notes(html)
    assert first.find("em") is not None and first.find("em").text == "community leader"
    assert [child.tag for child in two_paragraphs] == ["br"]


def test_a_docx_body_keeps_its_text_and_loses_the_note_list():
    html = docx_to_html(SimpleUploadedFile("piece.docx", PIECE))
    assert text_outside_notes(html) == (
        "Families leave at night. Most return within a year.A second paragraph.Last."
    )
    assert "<ol" not in html and "↑" not in html and "[1]" not in html
    assert 'href="#' not in html


def test_markdown_footnotes_and_inline_notes_become_notes_in_order():
    html = markdown_to_html(
        "Families leave at night.[^night] Most return^[Within a *year*.] later.[^long]\n\n"
        "[^night]: Interview with a [community leader](https://example.org/interview).\n\n"
        "[^long]: First paragraph.\n\n    Second paragraph.\n"
    )
    assert texts(html) == [
        "Interview with a community leader.",
        "Within a year.",
        "First paragraph.Second paragraph.",
    ]
    first, inline, _long = notes(html)
    assert first.find("a").get("href") == "https://example.org/interview"
    assert inline.find("em").text == "year"
    assert text_outside_notes(html) == "Families leave at night. Most return later."
    assert "<hr" not in html and "<ol" not in html


def test_pasted_html_with_pandoc_footnotes_keeps_them_as_notes():
    html = pasted_html(
        '<p>Text.<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref">'
        "<sup>1</sup></a></p>\n"
        '<section id="footnotes" class="footnotes footnotes-end-of-document" '
        'role="doc-endnotes">\n<hr />\n<ol>\n<li id="fn1"><p>The note.<a href="#fnref1" '
        'class="footnote-back" role="doc-backlink">↩︎</a></p></li>\n</ol>\n</section>'
    )
    assert html == '<p>Text.<span data-note="">The note.</span></p>'


@pytest.mark.django_db
def test_a_submitted_docx_is_stored_with_its_notes(contributor, series):
    data = submission_form(
        series, body_format="docx", docx=SimpleUploadedFile("piece.docx", PIECE)
    )
    data["submit"] = "1"
    response = post_submission(client_for(contributor), data)
    assert response.status_code == 302
    body = Article.objects.get().body_en
    assert len(notes(body)) == 4
    assert texts(body)[0] == "Interview with a community leader, 2023."
