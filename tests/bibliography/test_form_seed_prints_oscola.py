# ruff: noqa: RUF001  (OSCOLA quotes titles with typographic quotation marks)
"""The seed bibliography as an editor types it into the reference form prints exactly as
OSCOLA wants: each stored entry in the bibliography, and each work's first note."""

import pytest

from articles.bibliography.forms import ReferenceForm
from articles.citations import render_csl
from articles.models import Reference
from tests.bibliography.form_seed import ENTRIES, posted

from .forms import note_texts
from .seed import cite, note

# The form gives new entries keys of its own; the notes below cite them by these.
KEYS = ["cantor", "orchard", "vidal", "idmc", "unhcr", "refugee-convention"]
IDMC_URL = "https://www.internal-displacement.org/global-report/grid2022/"
IDMC_LINK = f'&lt;<a href="{IDMC_URL}">{IDMC_URL}</a>&gt; accessed 1 March 2023'
# The bibliography entry and the first note (no pinpoint) of each seed entry.
EXPECTED = [
    (
        "Cantor DJ, <i>Returns of Internally Displaced Persons During Armed Conflict</i> "
        "(Brill Nijhoff 2018)",
        "David James Cantor, <i>Returns of Internally Displaced Persons During Armed "
        "Conflict</i> (Brill Nijhoff 2018).",
    ),
    (
        "Orchard P, <i>Protecting the Internally Displaced: Rhetoric and Reality</i> (2nd "
        "edn, Routledge 2018)",
        "Phil Orchard, <i>Protecting the Internally Displaced: Rhetoric and Reality</i> (2nd "
        "edn, Routledge 2018).",
    ),
    (
        "Vidal López R, ‘Truth-Telling and Internal Displacement in Colombia’ in Roger Duthie "
        "and Megan Bradley (eds), <i>Transitional Justice and Displacement</i> (Social "
        "Science Research Council 2012)",
        "Roberto Vidal López, ‘Truth-Telling and Internal Displacement in Colombia’ in Roger "
        "Duthie and Megan Bradley (eds), <i>Transitional Justice and Displacement</i> (Social "
        "Science Research Council 2012).",
    ),
    (
        "Internal Displacement Monitoring Centre, <i>Global Report on Internal Displacement "
        f"2022</i> (IDMC 2022) {IDMC_LINK}",
        "Internal Displacement Monitoring Centre, <i>Global Report on Internal Displacement "
        f"2022</i> (IDMC 2022) {IDMC_LINK}.",
    ),
    (
        "UNHCR, <i>Global Trends: Forced Displacement in 2021</i> (GT-2021, UNHCR 2022)",
        "UNHCR, <i>Global Trends: Forced Displacement in 2021</i> (GT-2021, UNHCR 2022).",
    ),
    (
        "Convention Relating to the Status of Refugees (adopted 28 July 1951, entered into "
        "force 22 April 1954) 189 UNTS 137",
        "Convention Relating to the Status of Refugees (adopted 28 July 1951, entered into "
        "force 22 April 1954) 189 UNTS 137.",
    ),
]


def typed() -> list[Reference]:
    """Each seed entry posted through the form, as the form would store it."""
    references = []
    for position, (key, (entry, _item)) in enumerate(zip(KEYS, ENTRIES, strict=True)):
        form = ReferenceForm(posted("r", {"position": str(position), **entry}), prefix="r")
        assert form.is_valid(), form.errors
        references.append(Reference(key=key, position=position, csl=form.cleaned_data["csl"]))
    return references


@pytest.mark.parametrize("index", range(len(EXPECTED)), ids=KEYS)
def test_each_seed_entry_typed_into_the_form_prints_its_oscola_bibliography_entry(index):
    assert render_csl(typed()[index].csl, "oscola", "en") == EXPECTED[index][0]


def test_each_seed_entry_typed_into_the_form_prints_its_oscola_first_note():
    body = "<p>" + " ".join(f"W{note(cite(key))}" for key in KEYS) + "</p>"
    assert note_texts(body, typed()) == [first_note for _entry, first_note in EXPECTED]


def test_a_report_number_prints_inside_the_parentheses_before_the_publisher():
    entry = render_csl(typed()[4].csl, "oscola", "en")
    assert entry.endswith("(GT-2021, UNHCR 2022)")
    assert ") GT-2021" not in entry
