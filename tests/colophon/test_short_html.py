"""Short rich text (bios, series and volume descriptions): what the sanitiser keeps, and
the plain-text conversions both ways."""

import pytest

from colophon.lib.sanitise import clean_short_html, short_html_to_text, text_to_short_html

CASES = [
    ("plain words", "<p>plain words</p>"),
    ("<b>bold</b> and <i>italic</i>", "<p><strong>bold</strong> and <em>italic</em></p>"),
    ("<p>one</p><p>two<br>three</p>", "<p>one</p><p>two<br>three</p>"),
    ("before <p>inside</p> after", "<p>before</p><p>inside</p><p>after</p>"),
    ("<h2>Heading</h2><ul><li>one</li><li>two</li></ul>", "<p>Heading</p><p>one</p><p>two</p>"),
    ("<blockquote><p>quoted</p></blockquote>", "<p>quoted</p>"),
    ("<p>x<script>alert(1)</script><style>p{}</style><!-- c --></p>", "<p>x</p>"),
    ('<span style="color:red" class="c" id="i">red</span>', "<p>red</p>"),
    ("<u>under</u> <sup>1</sup> <code>c</code>", "<p>under 1 c</p>"),
    ('<a href="https://example.org/a?b=1&c=2">x</a>', '<p><a href="https://example.org/a?b=1&amp;c=2">x</a></p>'),
    ('<a href="mailto:a@b.c" rel="x">m</a>', '<p><a href="mailto:a@b.c">m</a></p>'),
    ('<a href="/en/authors/">site</a>', '<p><a href="/en/authors/">site</a></p>'),
    ('<a href="javascript:alert(1)">js</a>', "<p>js</p>"),
    ('<a href="//evil.example/">proto</a>', "<p>proto</p>"),
    ('<a href="\\\\evil.example/">slashes</a>', "<p>slashes</p>"),
    ('<a href="data:text/html,x">data</a>', "<p>data</p>"),
    ('<a href="#note-1">fragment</a>', "<p>fragment</p>"),
    ("<a>no href</a>", "<p>no href</p>"),
    # Marks nest as the editor nests them: link outside, then bold, then italic.
    ("<em><strong>x</strong></em>", "<p><strong><em>x</em></strong></p>"),
    ('<strong><a href="https://x.org/">l</a></strong>', '<p><a href="https://x.org/"><strong>l</strong></a></p>'),
    ("<strong>a</strong><strong>b</strong>", "<p><strong>ab</strong></p>"),
    ("<strong><b>double</b></strong>", "<p><strong>double</strong></p>"),
    ("<strong>a<br>b</strong>", "<p><strong>a<br>b</strong></p>"),
    ("<strong></strong><em> </em>", ""),
    # Spaces collapse as the editor's parser collapses them; a line break stays where it
    # is, and empty paragraphs after the text go, as the editor's short profile writes it.
    (
        "<p>  spaced \n  out  <br>  line  <br></p><p> </p><p></p>",
        "<p>spaced out <br>line <br></p>",
    ),
    ("<br><p><br>x</p>", "<p><br></p><p><br>x</p>"),
    ("Smith &amp; Sons &lt;b&gt;x&lt;/b&gt;", "<p>Smith &amp; Sons &lt;b&gt;x&lt;/b&gt;</p>"),
    ("a&nbsp;b", "<p>a&nbsp;b</p>"),
    ("<p>unclosed <em>mark", "<p>unclosed <em>mark</em></p>"),
    ("", ""),
    ("   ", ""),
]  # fmt: skip


@pytest.mark.parametrize(("html", "expected"), CASES)
def test_it_keeps_paragraphs_breaks_bold_italic_and_safe_links_only(html, expected):
    assert clean_short_html(html) == expected


@pytest.mark.parametrize(("html", "expected"), CASES)
def test_cleaning_twice_changes_nothing(html, expected):
    assert clean_short_html(clean_short_html(html)) == clean_short_html(html)


def test_plain_text_is_escaped_into_paragraphs_and_line_breaks():
    text = "Smith & Sons <b>x</b>\nsecond line\n\n\nNew paragraph\r\n  with a break"
    assert text_to_short_html(text) == (
        "<p>Smith &amp; Sons &lt;b&gt;x&lt;/b&gt;<br>second line</p>"
        "<p>New paragraph<br>with a break</p>"
    )


def test_empty_text_stays_empty():
    assert text_to_short_html("") == ""
    assert text_to_short_html(" \n\n ") == ""


def test_short_html_goes_back_to_the_text_it_was_made_from():
    text = "Smith & Sons <b>x</b>\nsecond line\n\nNew paragraph"
    assert short_html_to_text(text_to_short_html(text), keep_breaks=True) == text


def test_plain_text_has_no_tags_no_entities_and_one_line():
    html = "<p>Smith &amp; Sons <strong>&lt;b&gt;x&lt;/b&gt;</strong></p><p>Next<br>line</p>"
    assert short_html_to_text(html) == "Smith & Sons <b>x</b> Next line"


def test_plain_text_of_unsanitised_markup_drops_scripts():
    assert short_html_to_text("<p>a<script>alert(1)</script></p>b") == "a b"
