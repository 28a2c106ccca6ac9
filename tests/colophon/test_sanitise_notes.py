"""The sanitiser keeps the stored note and figure markup, and converts foreign notes first."""

from pathlib import Path

import pytest

from colophon.lib.sanitise import clean_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notes"


def test_a_note_keeps_its_marker_with_an_empty_value():
    assert clean_html('<p>A<span data-note="">Note.</span></p>') == (
        '<p>A<span data-note="">Note.</span></p>'
    )
    assert clean_html('<p>A<span data-note="1" onclick="x()">Note.</span></p>') == (
        '<p>A<span data-note="">Note.</span></p>'
    )


@pytest.mark.parametrize(
    ("value", "kept"),
    [("3", "3"), ("12", "12"), ("0", None), ("03", "3"), ("3a", None), ("-1", None), ("", None)],
)
def test_a_figure_keeps_its_number_and_nothing_else(value, kept):
    html = clean_html(f'<figure data-figure="{value}" data-x="y"></figure>')
    # A figure without a number has nothing to show: it is dropped.
    assert html == (f'<figure data-figure="{kept}"></figure>' if kept else "")


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.html")))
def test_cleaning_a_body_with_converted_notes_again_changes_nothing(name):
    once = clean_html((FIXTURES / name).read_text(encoding="utf-8"))
    assert 'data-note=""' in once
    assert clean_html(once) == once
