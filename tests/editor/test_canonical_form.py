"""clean_html writes rich text exactly as the editor (Tiptap) serialises it: one rule per
test, idempotence over every case, and hostile input kept out. The same outputs are loaded
into the real editor by tests/browser/test_editor.py, which checks they come back unchanged.
"""

import pytest

from colophon.lib.canonical import canonicalise
from colophon.lib.sanitise import _allowlist, clean_html

# (what arrives, what is stored)
RULES = {
    "inline text at the top level is a paragraph": ("text only", "<p>text only</p>"),
    "whitespace collapses as the editor's parser collapses it": (
        "<p>  a \n\t b  </p>\n<p>c</p>",
        "<p>a b</p><p>c</p>",
    ),
    "a space after a line break goes, one before it stays": (
        "<p>a <br> b</p>",
        "<p>a <br>b</p>",
    ),
    "a no-break space is kept and written as the browser writes it": (
        "<p>a\u00a0b &amp; &lt;c&gt;</p>",
        "<p>a&nbsp;b &amp; &lt;c&gt;</p>",
    ),
    "b and i become strong and em": (
        "<p><b>b</b> <i>i</i></p>",
        "<p><strong>b</strong> <em>i</em></p>",
    ),
    "marks nest in the editor's order": (
        "<p><em><strong>x</strong></em><sub><sup>y</sup></sub></p>",
        "<p><strong><em>x</em></strong><sup><sub>y</sub></sup></p>",
    ),
    "a link is the outermost mark": (
        '<p><strong><a href="https://example.org">x</a></strong></p>',
        '<p><a href="https://example.org"><strong>x</strong></a></p>',
    ),
    "adjacent identical marks merge": (
        "<p><strong>a</strong><strong>b</strong> <em>c</em><em>d</em></p>",
        "<p><strong>ab</strong> <em>cd</em></p>",
    ),
    "a mark stays open across neighbours that share it": (
        "<p><strong>a</strong><strong><em>b</em></strong></p>",
        "<p><strong>a<em>b</em></strong></p>",
    ),
    "empty marks vanish": ("<p>a<strong></strong></p>", "<p>a</p>"),
    "h1 becomes h2, h5 and h6 become h4": (
        "<h1>a</h1><h3>b</h3><h5>c</h5><h6>d</h6>",
        "<h2>a</h2><h3>b</h3><h4>c</h4><h4>d</h4>",
    ),
    "list items hold paragraphs": (
        "<ul><li>a</li><li>b</li></ul>",
        "<ul><li><p>a</p></li><li><p>b</p></li></ul>",
    ),
    "a list in a list stays in its item": (
        "<ol><li>a<ul><li>b</li></ul></li></ol>",
        "<ol><li><p>a</p><ul><li><p>b</p></li></ul></li></ol>",
    ),
    "an item that starts with a list gets an empty paragraph first": (
        "<ul><li><ul><li>b</li></ul></li></ul>",
        "<ul><li><p></p><ul><li><p>b</p></li></ul></li></ul>",
    ),
    "a list written straight inside a list joins the item before": (
        "<ul><li>a</li><ul><li>b</li></ul></ul>",
        "<ul><li><p>a</p><ul><li><p>b</p></li></ul></li></ul>",
    ),
    "a numbered list keeps start only when it is not 1": (
        '<ol start="3"><li>a</li></ol><ol start="1"><li>b</li></ol><ol start="x"><li>c</li></ol>',
        '<ol start="3"><li><p>a</p></li></ol><ol><li><p>b</p></li></ol><ol><li><p>c</p></li></ol>',
    ),
    "a quotation holds paragraphs and loses its cite": (
        '<blockquote cite="https://example.org">q</blockquote>',
        "<blockquote><p>q</p></blockquote>",
    ),
    "tables lose row groups, captions become a paragraph, cells hold paragraphs": (
        "<table><caption>Cap</caption><thead><tr><th>h</th></tr></thead>"
        '<tbody><tr><td colspan="1">a</td></tr></tbody></table>',
        "<p>Cap</p><table><tbody><tr><th><p>h</p></th></tr><tr><td><p>a</p></td></tr></tbody></table>",
    ),
    "a ragged table is filled to a rectangle": (
        '<table><tr><td colspan="2">a</td></tr><tr><td>b</td></tr></table>',
        '<table><tbody><tr><td colspan="2"><p>a</p></td></tr>'
        "<tr><td><p>b</p></td><td><p></p></td></tr></tbody></table>",
    ),
    "ids, classes, styles and unknown attributes go": (
        '<p id="x" class="y" style="color:red" title="t" lang="en" data-x="1">a</p>',
        "<p>a</p>",
    ),
    "unknown inline tags are unwrapped, their text kept": (
        "<p><u>u</u><code>c</code><span>s</span><abbr>a</abbr></p>",
        "<p>ucsa</p>",
    ),
    "containers are unwrapped without running their text together": (
        "<div>a</div><section><div>b</div></section>",
        "<p>a</p><p>b</p>",
    ),
    "a fragment link that is not a note is unwrapped": (
        '<p>See <a href="#fn1" id="ref1">1</a> and <a href="#top">top</a></p>',
        "<p>See 1 and top</p>",
    ),
    "a note keeps its inline content and marks": (
        '<p>Text<span data-note="x" class="c">See <em>this</em> and '
        '<a href="https://example.org">that</a><sup>2</sup>.</span> more.</p>',
        '<p>Text<span data-note="">See <em>this</em> and '
        '<a href="https://example.org">that</a><sup>2</sup>.</span> more.</p>',
    ),
    "a note's whitespace collapses as a paragraph's does": (
        "<p>a<span data-note>  x \n y  </span> b</p>",
        '<p>a<span data-note="">x y</span> b</p>',
    ),
    "a note inside a note is flattened into it": (
        "<p>x<span data-note>a<span data-note>b</span>c</span></p>",
        '<p>x<span data-note="">abc</span></p>',
    ),
    "a note's paragraphs are joined by line breaks": (
        "<span data-note><p>one</p><p>two</p></span>",
        '<p><span data-note="">one<br>two</span></p>',
    ),
    "an empty note is dropped": ("<p>a<span data-note> </span></p>", "<p>a</p>"),
    "a note within bold text takes the mark around it, not inside it": (
        "<p><strong>a<span data-note>n</span>b</strong></p>",
        '<p><strong>a<span data-note="">n</span>b</strong></p>',
    ),
    "a figure is an empty element with its number": (
        '<figure data-figure="07" id="f"><img src="/x.png" alt="x">'
        "<figcaption>c</figcaption></figure>",
        '<figure data-figure="7"></figure>',
    ),
    "a figure below the top level is dropped": (
        '<ul><li>a<figure data-figure="2"></figure></li></ul>'
        '<blockquote><figure data-figure="3"></figure></blockquote>',
        "<ul><li><p>a</p></li></ul>",
    ),
    "a figure without a whole number is dropped": (
        '<figure data-figure="two"></figure><figure data-figure="0"></figure><p>a</p>',
        "<p>a</p>",
    ),
    "an ordinary figure keeps its caption's text": (
        '<figure><img src="/x.png"><figcaption>Caption</figcaption></figure>',
        "<p>Caption</p>",
    ),
    "a document with nothing in it is empty": ("<p></p><p> </p>", ""),
}


@pytest.mark.parametrize(("given", "stored"), RULES.values(), ids=list(RULES))
def test_each_rule_of_the_canonical_form(given, stored):
    assert clean_html(given) == stored


@pytest.mark.parametrize("given", [given for given, _stored in RULES.values()], ids=list(RULES))
def test_cleaning_a_cleaned_body_changes_nothing(given):
    once = clean_html(given)
    assert clean_html(once) == once


def test_a_page_body_drops_figures():
    html = '<p>a</p><figure data-figure="1"></figure>'
    assert clean_html(html, figures=False) == "<p>a</p>"


HOSTILE = [
    "<script>alert(1)</script><p>a</p>",
    '<p onclick="alert(1)" onmouseover="alert(2)">a</p>',
    '<p><a href="javascript:alert(1)">a</a> <a href=" JaVaScRiPt:alert(1)">b</a></p>',
    '<p><a href="vbscript:x">a</a><a href="data:text/html;base64,PHNjcmlwdD4=">b</a></p>',
    '<p><img src="data:image/png;base64,iVBORw0KGgo=" onerror="alert(1)">a</p>',
    '<p><a href="//evil.example/">a</a><a href="/\\evil.example/">b</a></p>',
    '<p style="background:url(https://evil.example/t.png)">a</p>',
    "<style>p{color:red}</style><p>a</p>",
    "<svg><script>alert(1)</script></svg><math><mi>x</mi></math><p>a</p>",
    '<iframe src="https://evil.example"></iframe><object data="x"></object><p>a</p>',
    '<span data-note onclick="alert(1)" style="x">n</span>',
    '<figure data-figure="1" onclick="alert(1)"><script>alert(1)</script></figure>',
    "<p>a<!-- comment --></p>",
    '<form action="https://evil.example"><input name="q"><button>b</button></form>',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markup_stays_out(hostile):
    cleaned = clean_html(hostile)
    for needle in (
        "<script", "alert", "onclick", "onerror", "onmouseover", "javascript:", "vbscript:",
        "data:", "evil.example", "style", "<img", "<svg", "<iframe", "<object", "<form",
        "<input", "<!--",
    ):  # fmt: skip
        assert needle not in cleaned.lower(), (needle, cleaned)
    assert clean_html(cleaned) == cleaned


def test_the_short_profile_keeps_paragraphs_breaks_bold_italic_and_links_only():
    html = (
        '<h2>T</h2><ul><li>a <sup>b</sup> <a href="https://example.org"><b>c</b></a></li></ul>'
        '<p>x<br>y</p><table><tr><td>t</td></tr></table><figure data-figure="1"></figure>'
    )
    assert canonicalise(_allowlist(html), profile="short") == (
        '<p>T</p><p>a b <a href="https://example.org"><strong>c</strong></a></p>'
        "<p>x<br>y</p><p>t</p>"
    )
