# ruff: noqa: RUF001  (OSCOLA quotes titles with typographic quotation marks)
"""The OSCOLA forms of a seed-style bibliography, pinned exactly: entry, first note, later
note (after another work) and ibid with another pinpoint."""

import pytest

from articles.citations import render_csl

from .forms import forms, note_texts
from .seed import ALL, CANTOR, KAMPALA, REFUGEE_CONVENTION, cite, note

URL = "https://www.internal-displacement.org/global-report/grid2022/"
LINK = f'&lt;<a href="{URL}">{URL}</a>&gt; accessed 1 March 2024'
EXPECTED = {
    "varga": (
        "page", "4", "9",
        "Varga A, <i>Violence and Flight</i> (Oxford University Press 2019)",
        "Anna Varga, <i>Violence and Flight</i> (Oxford University Press 2019) 4.",
        "Varga (n 1) 9.",
    ),
    "cantor": (
        "chapter", "2", "3",
        "Cantor DJ, <i>Returns of Internally Displaced Persons</i> (2nd edn, Brill 2020)",
        "David James Cantor, <i>Returns of Internally Displaced Persons</i> (2nd edn, Brill "
        "2020) ch 2.",
        "Cantor (n 1) ch 3.",
    ),
    "benitez": (
        "page", "50", "52",
        "Benítez L, ‘Gangs and Displacement’ in Anne Bloggs and John Smith (eds), <i>The "
        "Handbook of Displacement</i> (Routledge 2022)",
        "Lucía Benítez, ‘Gangs and Displacement’ in Anne Bloggs and John Smith (eds), <i>The "
        "Handbook of Displacement</i> (Routledge 2022) 50.",
        "Benítez (n 1) 52.",
    ),
    "idmc": (
        "page", "4", "7",
        "Internal Displacement Monitoring Centre, <i>Global Report on Internal Displacement "
        f"2022</i> (IDMC 2022) {LINK}",
        "Internal Displacement Monitoring Centre, <i>Global Report on Internal Displacement "
        f"2022</i> (IDMC 2022) 4 {LINK}.",
        "Internal Displacement Monitoring Centre (n 1) 7.",
    ),
    "observatory": (
        "page", "12", "14",
        "Observatory on Urban Displacement, <i>Cities and Crime</i> (Observatory on Urban "
        "Displacement 2023)",
        "Observatory on Urban Displacement, <i>Cities and Crime</i> (Observatory on Urban "
        "Displacement 2023) 12.",
        "Observatory on Urban Displacement (n 1) 14.",
    ),
    "refugee-convention": (
        "article", "33", "1",
        "Convention Relating to the Status of Refugees (adopted 28 July 1951, entered into "
        "force 22 April 1954) 189 UNTS 137",
        "Convention Relating to the Status of Refugees (adopted 28 July 1951, entered into "
        "force 22 April 1954) 189 UNTS 137, art 33.",
        "Refugee Convention, art 1.",
    ),
    "soering": (
        "paragraph", "88", "91",
        "<i>Soering v United Kingdom</i> (1989) 11 EHRR 439",
        "<i>Soering v United Kingdom</i> (1989) 11 EHRR 439 [88].",
        "<i>Soering</i> (n 1) [91].",
    ),
    "immigration-act": (
        "section", "3", "2",
        "Immigration Act 1971",
        "Immigration Act 1971, s 3.",
        "Immigration Act 1971, s 2.",
    ),
}  # fmt: skip
IBID = {
    "varga": "ibid 4.", "cantor": "ibid ch 2.", "benitez": "ibid 50.", "idmc": "ibid 4.",
    "observatory": "ibid 12.", "refugee-convention": "ibid art 33.", "soering": "ibid [88].",
    "immigration-act": "ibid s 3.",
}  # fmt: skip


@pytest.mark.parametrize("reference", ALL, ids=lambda r: r.key)
def test_each_seed_work_prints_its_oscola_entry_first_note_later_note_and_ibid(reference):
    label, first, later, entry, first_note, later_note = EXPECTED[reference.key]
    assert render_csl(reference.csl, "oscola", "en") == entry
    assert forms(reference.key, label, first, later) == [
        first_note,
        later_note,
        IBID[reference.key],
    ]


def test_a_treaty_without_dates_prints_no_adopted_or_entry_into_force():
    item = dict(REFUGEE_CONVENTION.csl)
    del item["issued"], item["event-date"]
    assert render_csl(item, "oscola", "en") == (
        "Convention Relating to the Status of Refugees 189 UNTS 137"
    )


KAMPALA_TITLE = (
    "African Union Convention for the Protection and Assistance of Internally Displaced "
    "Persons in Africa"
)


def test_a_treaty_without_a_treaty_series_takes_its_article_after_a_comma_in_the_singular():
    body = note(cite("kampala", "article", "5(4)")) + note(cite("kampala", "article", "4-6"))
    assert note_texts(body, [KAMPALA]) == [
        f"{KAMPALA_TITLE} (adopted 23 October 2009, entered into force 6 December 2012), "
        "art 5(4).",
        "ibid arts 4–6.",
    ]


def test_a_spanish_treaty_says_when_it_was_adopted_and_entered_into_force_in_spanish():
    assert render_csl(KAMPALA.csl, "oscola", "es") == (
        f"{KAMPALA_TITLE} (adoptada el 23 de octubre de 2009, en vigor desde el 6 de "
        "diciembre de 2012)"
    )
    assert note_texts(note(cite("kampala", "article", "5(4)")), [KAMPALA], language="es") == [
        f"{KAMPALA_TITLE} (adoptada el 23 de octubre de 2009, en vigor desde el 6 de "
        "diciembre de 2012), art 5(4)."
    ]


def test_a_spanish_edition_is_a_spanish_ordinal():
    assert render_csl(CANTOR.csl, "oscola", "es") == (
        "Cantor DJ, <i>Returns of Internally Displaced Persons</i> (2.ª ed, Brill 2020)"
    )
