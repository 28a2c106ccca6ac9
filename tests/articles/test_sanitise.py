import pytest

from colophon.lib.sanitise import clean_html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<a href="//evil.example/">x</a>',
        '<a href="\\\\evil.example/">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(https://evil.example/t.png)">x</p>',
        "<svg><script>alert(1)</script></svg>",
        '<form action="https://evil.example"><input name="q"></form>',
        '<link rel="attachment" href="file:///etc/passwd">',
    ],
)
def test_hostile_markup_is_removed(hostile):
    cleaned = clean_html(hostile)
    for needle in (
        "script",
        "onerror",
        "javascript:",
        "data:",
        "evil.example",
        "iframe",
        "style=",
        "file:",
    ):
        assert needle not in cleaned


def test_structure_a_reader_needs_is_kept():
    html = (
        '<h2>Section</h2><blockquote cite="https://example.org">Quote</blockquote>'
        '<ol start="2"><li>One</li></ol><p><a href="https://example.org/a">link</a> '
        '<a href="/en/articles/x/">site</a> <a href="mailto:ed@example.org">mail</a></p>'
    )
    cleaned = clean_html(html)
    assert "<h2>Section</h2>" in cleaned
    # The editor has no place for a quotation's source URL: the quotation stays, bare.
    assert "<blockquote><p>Quote</p></blockquote>" in cleaned
    assert '<ol start="2"><li><p>One</p></li></ol>' in cleaned
    assert 'href="https://example.org/a"' in cleaned
    assert 'href="/en/articles/x/"' in cleaned
    assert 'href="mailto:ed@example.org"' in cleaned


def test_a_contributors_h1_becomes_a_section_heading_so_the_page_keeps_one_h1():
    assert clean_html("<h1>Intro</h1>") == "<h2>Intro</h2>"


def test_cleaning_twice_changes_nothing():
    once = clean_html('<h1 id="a">T</h1><p>x <a href="https://example.org">y</a></p>')
    assert clean_html(once) == once
