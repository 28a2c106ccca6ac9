"""Citations in a body are stored as `<cite data-ref>` atoms in one canonical form."""

from colophon.lib.canonical import cited_keys
from colophon.lib.sanitise import clean_html


def test_a_citation_keeps_its_reference_pinpoint_and_affixes_in_a_fixed_order():
    html = (
        '<p>A<span data-note="">See <cite data-suffix=" emphasis  added" data-locator="4" '
        'data-label="paragraph" data-ref="k1" data-prefix="cf">stale text</cite>.</span></p>'
    )
    assert clean_html(html) == (
        '<p>A<span data-note="">See <cite data-ref="k1" data-label="paragraph" '
        'data-locator="4" data-prefix="cf" data-suffix="emphasis added"></cite>.</span></p>'
    )


def test_the_stored_form_is_stable():
    stored = '<p>A <em><cite data-ref="k2"></cite></em> b</p>'
    assert clean_html(stored) == stored
    assert clean_html(clean_html(stored)) == stored


def test_a_cite_naming_no_reference_keeps_only_its_text():
    assert clean_html("<p><cite>Title</cite> and <cite data-ref='Bad Key'>x</cite></p>") == (
        "<p>Title and x</p>"
    )


def test_an_unknown_pinpoint_label_becomes_page_and_a_label_without_locator_is_dropped():
    html = (
        '<p><cite data-ref="k" data-label="folio" data-locator="3"></cite>'
        '<cite data-ref="j" data-label="article"></cite></p>'
    )
    assert clean_html(html) == (
        '<p><cite data-ref="k" data-label="page" data-locator="3"></cite>'
        '<cite data-ref="j"></cite></p>'
    )


def test_only_the_citation_attributes_survive_and_values_are_escaped():
    html = (
        '<p><cite data-ref="k" onclick="x()" style="color:red" '
        'data-prefix="<b>see</b>"></cite></p>'
    )
    assert (
        clean_html(html)
        == '<p><cite data-ref="k" data-prefix="&lt;b&gt;see&lt;/b&gt;"></cite></p>'
    )


def test_cited_keys_reads_stored_bodies():
    assert cited_keys(
        '<p><cite data-ref="a"></cite><span data-note=""><cite data-ref="b-2"></cite></span></p>',
        "",
        None,
    ) == {"a", "b-2"}
