"""Other tools' footnotes become inline notes, `<span data-note="">`, where they are called.

The fixtures in tests/fixtures/notes/ are each tool's own output shape (README there says
where each comes from); markdown-it's is made by the plugin itself.
"""

from pathlib import Path

import lxml.html
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from colophon.lib.foreign_notes import inline_notes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notes"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html, create_parent="div")


def note_texts(html: str) -> list[str]:
    return [note.text_content() for note in tree(html).iterfind(".//span[@data-note]")]


def note_markup(html: str) -> list[str]:
    """Each note's inner HTML."""
    notes = []
    for note in tree(html).iterfind(".//span[@data-note]"):
        inner = (note.text or "") + "".join(
            lxml.html.tostring(child, encoding="unicode") for child in note
        )
        notes.append(inner)
    return notes


def outside_notes(html: str) -> str:
    """The text with the notes taken out."""
    root = tree(html)
    for note in list(root.iterfind(".//span[@data-note]")):
        note.drop_tree()
    return root.text_content()


SHAPES = {
    "pandoc.html": [
        "Interview with a community leader, 2023.",
        "Here is the long note. It has two paragraphs.The second cites the report.",
        "In quote.",
    ],
    "pandoc_aside.html": ["A note in an aside."],
    "mammoth.html": ["Interview, 2023.", "An endnote.", "First paragraph.Second paragraph."],
    "google_docs.html": [
        "Interview with a community leader, 2023.",
        "Two paragraphs, the first.The second, with a link.",
    ],
    "word.html": ["Interview with a community leader, 2023.A second paragraph.", "An endnote."],
    "word_conditional.html": ["Types are checked early."],
    "libreoffice.html": [
        "Interview with a community leader, 2023.",
        "An endnote.",
        "Note two, paragraph one.Note two, paragraph two.",
    ],
    "wordpress.html": ["Interview with a community leader, 2023.", "See the report."],
    "wp_footnotes_plugin.html": ["Interview with a community leader, 2023.", "See the report."],
}


@pytest.mark.parametrize("name", SHAPES)
def test_each_tools_footnotes_become_notes_in_order_with_their_exact_text(name):
    assert note_texts(inline_notes(fixture(name))) == SHAPES[name]


@pytest.mark.parametrize("name", SHAPES)
def test_back_links_labels_and_note_lists_are_gone(name):
    html = inline_notes(fixture(name))
    rest = outside_notes(html)
    for leftover in ("↩", "↑", "[1]", "[i]", "Interview", "An endnote", "See the report"):
        assert leftover not in rest, leftover
    root = tree(html)
    assert not root.xpath(".//ol | .//section | .//aside | .//hr")
    linked = [a.get("href") for a in root.iter("a") if (a.get("href") or "").startswith("#")]
    # Only links that were never note calls stay (the sanitiser unwraps them).
    assert all(href in {"#displacement", "#cmnt1", "#cmnt_ref1"} for href in linked), linked


def test_the_text_around_each_call_is_kept_in_place():
    html = inline_notes(fixture("pandoc.html"))
    assert "Families leave at night. Most return within a\nyear." in outside_notes(html)
    first = tree(html).findall("p")[0]
    assert first.text == "Families leave at night."
    assert first[0].get("data-note") == "" and first[0].tail == " Most return within a\nyear."


def test_marks_and_links_inside_a_note_are_kept_and_paragraphs_joined_by_a_line_break():
    pandoc = note_markup(inline_notes(fixture("pandoc.html")))
    assert pandoc[0] == "Interview with a <em>community leader</em>, 2023."
    assert pandoc[1] == (
        "Here is the long note. It has two paragraphs.<br>"
        'The second cites <a href="https://example.org/report">the report</a>.'
    )
    assert note_markup(inline_notes(fixture("word_conditional.html"))) == [
        "Types are <b>checked</b> early."
    ]
    assert note_markup(inline_notes(fixture("mammoth.html")))[2] == (
        "First paragraph.<br>Second paragraph."
    )


def test_markdown_it_footnotes_inline_and_repeated_calls_become_notes():
    markdown = MarkdownIt("commonmark").use(footnote_plugin)
    html = markdown.render(
        "Leave at night[^a] and ^[An *inline* note.] come back[^a] later[^long].\n\n"
        "[^a]: First, with [a link](https://example.org).\n\n"
        "[^long]: Para one.\n\n    Para two.\n"
    )
    result = inline_notes(html)
    first = 'First, with <a href="https://example.org">a link</a>.'
    # A note called twice is written out at both calls: stored notes have no references.
    assert note_markup(result) == [
        first,
        "An <em>inline</em> note.",
        first,
        "Para one.<br>Para two.",
    ]
    assert outside_notes(result).strip() == "Leave at night and  come back later."
    assert not tree(result).xpath(".//hr | .//section | .//ol")


def test_a_second_call_without_its_own_back_link_repeats_the_note():
    html = (
        '<p>A<a href="#fn1" id="fnref1"><sup>1</sup></a> and B<a href="#fn1"><sup>1</sup></a>.'
        ' See <a href="#fn1">the first note</a>.</p>'
        '<ol><li id="fn1"><p>Shared.<a href="#fnref1">↩</a></p></li></ol>'
    )
    result = inline_notes(html)
    assert note_texts(result) == ["Shared.", "Shared."]
    # A link in running text that is no label stays a link, for the sanitiser to unwrap.
    assert '<a href="#fn1">the first note</a>' in result


def test_a_document_without_notes_comes_back_unchanged():
    for html in (
        "<p>Plain <em>text</em>.</p>",
        '<h2 id="a">A</h2><p>See <a href="#a">above</a> and <a href="#nowhere">there</a>.</p>',
        '<p>Cited<span data-note="">Already a note.</span>.</p>',
        "",
    ):
        assert inline_notes(html) == html


def test_an_unmatched_fragment_link_is_left_for_the_sanitiser():
    html = (
        '<p>Text<a href="#fn1" id="fnref1"><sup>1</sup></a> and <a href="#gone">gone</a>.</p>'
        '<ol><li id="fn1">Note.<a href="#fnref1">↩</a></li></ol>'
    )
    result = inline_notes(html)
    assert note_texts(result) == ["Note."]
    assert '<a href="#gone">gone</a>' in result


def test_a_note_whose_text_starts_with_a_number_keeps_it():
    html = (
        '<p>Text<sup><a href="#n1" id="r1">1</a></sup>.</p>'
        '<div id="n1"><p><a href="#r1">1</a> 1998 was the year. <a href="#r1">1.</a></p></div>'
        '<p>More<sup><a href="#n2" id="r2">2</a></sup>.</p>'
        '<ol><li id="n2">2. Labelled by hand. <a href="#r2">↩</a></li></ol>'
    )
    assert note_texts(inline_notes(html)) == ["1998 was the year.", "Labelled by hand."]


def test_google_docs_comments_are_not_made_notes():
    result = inline_notes(fixture("google_docs.html"))
    assert "Check this figure." not in "".join(note_texts(result))
    assert "Check this figure." in outside_notes(result)


def test_a_call_inside_a_note_does_not_nest_notes_and_loses_no_text():
    html = (
        '<p>Text<a href="#fn1" id="fnref1">1</a>.</p><ol>'
        '<li id="fn1">See also<a href="#fn2" id="fnref2">2</a>. <a href="#fnref1">↩</a></li>'
        '<li id="fn2">Inner. <a href="#fnref2">↩</a></li></ol>'
    )
    result = inline_notes(html)
    assert note_texts(result) == ["See also2."]
    assert tree(result).xpath("count(.//span[@data-note]//span[@data-note])") == 0
    assert "Inner." in outside_notes(result)  # left in the text rather than lost


HOSTILE = [
    "<p>" * 5_000
    + '<a href="#x" id="y">1</a>'
    + "</p>" * 5_000
    + '<p id="x"><a href="#y">b</a></p>',
    "<div>" * 30_000 + '<a href="#x">1</a>',
    '<a href="#x" id="x">myself</a>',
    '<p id="a"><a href="#b" id="c">1</a></p><p id="b"><a href="#a">2</a><a href="#c">3</a></p>',
    '<a href="#">empty</a><a href="# ">space</a><a href="#%zz">bad escape</a>',
    '<a href="#fn1" id="r">1</a><li id="fn1"><a href="#r">\udcff</a></li>',
    '<table><a href="#n" id="r">1</a><tr><td id="n">x<a href="#r">b</a></table></td>',
    "<p><a href='#n' id=r>1</a><p><div id=n><p>unclosed <a href=#r>back",
    '<?xml version="1.0" encoding="latin-1"?>'
    '<a href="#n" id="r">1</a><p id="n"><a href="#r">b</a>',
    '<html><head><meta charset="latin-1"></head><body><a href="#n" id="r">1</a>'
    '<p id="n">é<a href="#r">b</a></p><script>alert(1)</script></body></html>',
    '<a href="#n" id="r">1</a><p id="n"><a href="#r">b</a><script>alert(1)</script></p>\x00',
]


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_or_broken_markup_never_raises_and_gives_text(html):
    result = inline_notes(html)
    assert isinstance(result, str)
    for note in tree(result or "<p></p>").iterfind(".//span[@data-note]"):
        assert not note.xpath(".//script | .//p | .//div | .//span[@data-note]")


def test_a_note_holds_no_blocks_and_no_script():
    html = (
        '<p>Text<a href="#fn1" id="fnref1">1</a>.</p><ol><li id="fn1">'
        "<blockquote><p>Quoted.</p></blockquote><ul><li>One</li><li>Two</li></ul>"
        '<script>alert(1)</script><pre>code</pre><a href="#fnref1">↩</a></li></ol>'
    )
    result = inline_notes(html)
    assert note_markup(result) == ["Quoted.<br>One<br>Two<br>code"]


def test_a_note_with_nothing_but_its_back_link_goes_with_its_call():
    html = (
        '<p>Text<sup><a href="#fn1" id="fnref1">1</a></sup> ends.</p>'
        '<ol><li id="fn1"><a href="#fnref1">↩</a></li></ol>'
    )
    assert inline_notes(html) == "<p>Text ends.</p>"


def test_inline_markup_in_a_note_loses_scripts_and_a_hard_break_ends_no_paragraph_twice():
    html = (
        '<p>Text<a href="#fn1" id="fnref1">1</a>.</p><ol><li id="fn1">'
        "<p>One<br></p><p><em>Two<script>alert(1)</script></em></p>"
        '<a href="#fnref1">↩</a></li></ol>'
    )
    assert note_markup(inline_notes(html)) == ["One<br><em>Two</em>"]
