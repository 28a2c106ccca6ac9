import pytest
from django.core.exceptions import ValidationError

from articles.citations import render_csl, render_reference, validate_csl_item
from articles.models import Reference

CHAPTER = {
    "type": "chapter",
    "author": [{"family": "Cantor", "given": "David James"}],
    "editor": [{"family": "Bloggs", "given": "Anne Marie"}],
    "title": "Displacement and Gangs",
    "container-title": "The Handbook",
    "publisher": "Oxford University Press",
    "page": "45-67",
    "issued": {"date-parts": [[2020]]},
}
REPORT = {
    "type": "report",
    "author": [{"literal": "Internal Displacement Monitoring Centre"}],
    "title": "Global Report",
    "publisher": "IDMC",
    "issued": {"date-parts": [[2023]]},
    "URL": "https://example.org/report?a=1&b=2",
}


def test_an_organisation_author_is_printed_whole_as_a_literal_name():
    for style in ("oscola", "apa", "chicago-author-date"):
        html = render_csl(REPORT, style, "en")
        assert html.startswith("Internal Displacement Monitoring Centre"), (style, html)


def test_apa_initialises_given_names():
    assert render_csl(CHAPTER, "apa", "en").startswith("Cantor, D. J. (2020).")


def test_chicago_keeps_full_given_names_as_its_style_says():
    # citeproc-py ignores initialize="false" unless patched.
    html = render_csl(CHAPTER, "chicago-author-date", "en")
    assert html.startswith("Cantor, David James. 2020.")
    assert "Anne Marie Bloggs" in html


def test_oscola_prints_initials_without_full_stops():
    assert render_csl(CHAPTER, "oscola", "en").startswith("Cantor DJ, ")


def test_urls_become_links_and_oscola_angle_brackets_are_escaped():
    html = render_csl(REPORT, "oscola", "en")
    assert '&lt;<a href="https://example.org/report?a=1&amp;b=2">' in html
    assert html.endswith("</a>&gt;")


def test_the_style_terms_follow_the_language():
    assert " En " in render_csl(CHAPTER, "apa", "es")
    assert " In " in render_csl(CHAPTER, "apa", "en")


def test_markup_in_a_reference_is_escaped():
    hostile = {
        **REPORT,
        "title": "<script>alert(1)</script>",
        "author": [{"literal": "<img src=x>"}],
    }
    html = render_csl(hostile, "apa", "en")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_a_free_text_entry_is_escaped_and_its_url_linked():
    html = render_reference(
        Reference(text="Interview <b>notes</b>, https://example.org/x."), "apa", "en"
    )
    assert (
        html
        == 'Interview &lt;b&gt;notes&lt;/b&gt;, <a href="https://example.org/x">https://example.org/x</a>.'
    )


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"type": "manuscript", "title": "T"}, "not one of"),
        ({"type": "book"}, "needs a title"),
        ({"type": "book", "title": "T", "author": [{"given": "Only"}]}, "family"),
        ({"type": "book", "title": "T", "issued": {"date-parts": [[2020, 13]]}}, "valid year"),
        ({"type": "book", "title": "T", "URL": "javascript:alert(1)"}, "https://"),
        ({"type": "book", "title": "T", "DOI": "doi:123"}, "not a DOI"),
        ({"type": "book", "title": "T", "colour": "red"}, "Unknown reference field"),
    ],
)
def test_a_malformed_csl_item_is_refused_with_a_clear_message(item, message):
    with pytest.raises(ValidationError, match=message):
        validate_csl_item(item)


def test_a_reference_is_either_structured_or_free_text():
    with pytest.raises(ValidationError, match="not both"):
        Reference(csl=REPORT, text="also text").clean()
    with pytest.raises(ValidationError):
        Reference().clean()
