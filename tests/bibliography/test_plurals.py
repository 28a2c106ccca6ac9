# ruff: noqa: RUF001  (styles print page and article ranges with an en dash)
"""Whether a pinpoint's label is singular or plural: a locator is plural when it holds a
range or a list of numbers ("4-6", "4, 6", "4 & 6", "4 and 6"), not when one number has
parts ("5(4)", "3(1)(b)", "12a", "12.3")."""

import re

import pytest

from articles.bibliography.citing import is_note_style, render_citations
from articles.citations import render_csl

from .forms import note_texts
from .seed import CANTOR, KAMPALA, OBSERVATORY, cite, note

_CITATION = re.compile(r'<span class="citation">(.*?)</span>')

SINGULAR = ["5(4)", "3(1)(b)", "12a", "12.3", "2"]
PLURAL = ["4-6", "4–6", "4, 6", "4 & 6", "4 and 5", "4a-4c"]


def printed(style: str, label: str, locator: str, language: str = "en", reference=KAMPALA):
    """The citation's text, in a note (a note style) or in the text (author-date)."""
    body = "<p>A" + note(cite(reference.key, label, locator)) + "</p>"
    if is_note_style(style):
        (text,) = note_texts(body, [reference], style, language)
        return text
    found = _CITATION.search(render_citations(body, [reference], style, language))
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("locator", SINGULAR)
def test_one_article_with_parts_takes_the_singular_label(locator):
    assert printed("oscola", "article", locator).endswith(f", art {locator}.")
    assert printed("apa", "article", locator).endswith(f", Article {locator})")


@pytest.mark.parametrize("locator", PLURAL)
def test_a_range_or_list_of_articles_takes_the_plural_label(locator):
    assert ", arts " in printed("oscola", "article", locator)
    assert ", Articles " in printed("apa", "article", locator)


def test_a_spanish_list_joined_by_y_is_plural():
    assert printed("chicago-author-date", "article", "1 y 3", "es").endswith(", arts. 1 y 3)")
    assert printed("chicago-author-date", "article", "5(4)", "es").endswith(", art. 5(4))")


def test_pages_take_p_for_one_and_pp_for_a_range_in_apa():
    def apa(locator: str) -> str:
        return printed("apa", "page", locator, reference=OBSERVATORY)

    assert apa("5(4)").endswith(", p. 5(4))")
    assert apa("4-6").endswith(", pp. 4–6)")
    assert apa("4, 6").endswith(", pp. 4, 6)")


def test_a_bibliography_entry_keeps_its_plural_page_range():
    chapter = {"type": "chapter", "title": "T", "container-title": "C", "page": "45-67",
               "author": [{"family": "Benítez", "given": "Lucía"}], "publisher": "P",
               "issued": {"date-parts": [[2022]]}}  # fmt: skip
    assert "pp. 45–67" in render_csl(chapter, "apa", "en")


def test_an_apa_edition_in_spanish_is_a_spanish_ordinal():
    assert "(2.ª ed.)" in render_csl(CANTOR.csl, "apa", "es")
