# ruff: noqa: RUF001  (OSCOLA quotes titles with typographic quotation marks)
"""OSCOLA forms of works as Crossref describes them: chapters without editors, initials
typed with full stops, journal articles with many authors."""

from articles.citations import render_csl

from .forms import note_texts
from .seed import BENITEZ, VARGA, cite, note, ref

DOI = "https://doi.org/10.1007/978-3-662-46370-3_13"
DOI_LINK = f'&lt;<a href="{DOI}">{DOI}</a>&gt;'
DIERCKS = ref("diercks", {
    "type": "chapter", "title": "Clinical Symptoms and Physical Examinations",
    "author": [{"family": "Diercks", "given": "Ronald L."},
               {"family": "Ludvigsen", "given": "Tom Clement"}],
    "container-title": "Shoulder Stiffness", "publisher": "Springer Berlin Heidelberg",
    "issued": {"date-parts": [[2015]]}, "page": "155-158",
    "DOI": "10.1007/978-3-662-46370-3_13",
})  # fmt: skip
ARTICLE_DOI = "https://doi.org/10.1093/jrs/feab001"
ARTICLE_LINK = f'&lt;<a href="{ARTICLE_DOI}">{ARTICLE_DOI}</a>&gt;'
MANY_AUTHORS = ref("many", {
    "type": "article-journal", "title": "Internal Displacement and Gang Violence",
    "author": [{"family": "Smith", "given": "J.-P."}, {"family": "Jones", "given": "Anna B."},
               {"family": "Brown", "given": "C."}, {"family": "Green", "given": "D. E."}],
    "container-title": "Journal of Refugee Studies", "volume": "35", "issue": "2",
    "page": "101-120", "issued": {"date-parts": [[2022]]}, "DOI": "10.1093/jrs/feab001",
})  # fmt: skip


def _first_note(reference, locator: str, style: str = "oscola") -> str:
    body = f'<p>A<span data-note=""><cite data-ref="{reference.key}" data-label="page" '
    body += f'data-locator="{locator}"></cite></span></p>'
    return note_texts(body, [reference], style=style)[0]


def test_a_chapter_without_editors_is_still_in_its_book_and_the_book_is_in_italics():
    assert _first_note(DIERCKS, "156") == (
        "Ronald L Diercks and Tom Clement Ludvigsen, ‘Clinical Symptoms and Physical "
        "Examinations’ in <i>Shoulder Stiffness</i> (Springer Berlin Heidelberg 2015) 156 "
        f"{DOI_LINK}."
    )
    assert render_csl(DIERCKS.csl, "oscola", "en") == (
        "Diercks RL and Ludvigsen TC, ‘Clinical Symptoms and Physical Examinations’ in "
        f"<i>Shoulder Stiffness</i> (Springer Berlin Heidelberg 2015) {DOI_LINK}"
    )


def test_a_chapter_with_editors_names_them_after_in():
    assert render_csl(BENITEZ.csl, "oscola", "en") == (
        "Benítez L, ‘Gangs and Displacement’ in Anne Bloggs and John Smith (eds), <i>The "
        "Handbook of Displacement</i> (Routledge 2022)"
    )


def test_oscola_prints_initials_without_full_stops_in_notes_and_the_bibliography():
    assert _first_note(MANY_AUTHORS, "105") == (
        "J-P Smith and others, ‘Internal Displacement and Gang Violence’ (2022) 35 Journal "
        f"of Refugee Studies 101, 105 {ARTICLE_LINK}."
    )
    assert render_csl(MANY_AUTHORS.csl, "oscola", "en").startswith("Smith J-P and others, ")


def test_oscola_joins_initials_typed_apart_and_keeps_full_given_names():
    three = {**MANY_AUTHORS.csl, "author": MANY_AUTHORS.csl["author"][1:]}
    assert _first_note(ref("three", three), "105").startswith(
        "Anna B Jones, C Brown and DE Green, ‘Internal Displacement"
    )
    assert render_csl(three, "oscola", "en").startswith(
        "Jones AB, Brown C and Green DE, ‘Internal Displacement"
    )


def test_apa_and_chicago_keep_their_full_stops_after_initials():
    assert render_csl(DIERCKS.csl, "apa", "en").startswith(
        "Diercks, R. L., &amp; Ludvigsen, T. C. (2015)."
    )
    assert render_csl(MANY_AUTHORS.csl, "chicago-author-date", "en").startswith(
        "Smith, J.-P., Anna B. Jones, C. Brown, and D. E. Green. 2022."
    )


def test_a_chapter_and_a_many_author_article_take_oscola_later_notes_and_ibid():
    def later_and_ibid(reference, first: str, later: str, ibid: str) -> list:
        body = "<p>A" + note(cite(reference.key, "page", first)) + " b" + note(cite("varga"))
        body += " c" + note(cite(reference.key, "page", later))
        body += " d" + note(cite(reference.key, "page", ibid)) + "</p>"
        return note_texts(body, [reference, VARGA])[2:]

    assert later_and_ibid(DIERCKS, "156", "157", "156") == [
        "Diercks and Ludvigsen (n 1) 157.",
        "ibid 156.",
    ]
    assert later_and_ibid(MANY_AUTHORS, "105", "106", "107") == [
        "Smith and others (n 1) 106.",
        "ibid 107.",
    ]
