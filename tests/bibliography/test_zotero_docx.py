"""Zotero's citation fields in a .docx become `<cite data-ref>` atoms where they stood, in the
text or inside the note that held them, and the works they cite become entries."""

import io
import zipfile
from pathlib import Path

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.bibliography.zotero_docx import MAX_CITATIONS, read_fields
from colophon.lib.sanitise import clean_html
from portal.body_import import docx_to_html, read_docx
from tests.docx_notes import Footnote as PlainFootnote
from tests.docx_notes import document as plain_document
from tests.zotero_docx import Cite, Endnote, Footnote, Raw, document, work

FIXTURES = Path(__file__).parent.parent / "fixtures" / "zotero"
VARGA = work("Varga", 2019, "Fleeing the Cartels", 1, DOI="10.1000/varga")
IDMC = work("IDMC", 2022, "Global Report on Internal Displacement", 2)


def imported(data: bytes):
    return read_docx(SimpleUploadedFile("piece.docx", data))


def cites(html: str) -> list[dict]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [dict(cite.attrib) for cite in root.iter("cite")]


def test_a_citation_in_the_text_becomes_a_cite_where_it_stood():
    body = imported(document([["Families flee ", Cite([VARGA], "(Varga 2019)"), " at night."]]))
    assert body.html == '<p>Families flee <cite data-ref="varga-2019"></cite> at night.</p>'
    assert body.citations.citations == 1
    assert [(w.key, w.item["title"]) for w in body.citations.works] == [
        ("varga-2019", "Fleeing the Cartels")
    ]
    assert body.citations.works[0].uri == "http://zotero.org/users/40613/items/ITEM0001"


def test_a_citation_in_a_footnote_stays_inside_the_note():
    body = imported(
        document([["Families flee.", Footnote(["See ", Cite([VARGA], "Varga, Fleeing (2019).")])]])
    )
    assert body.html == (
        '<p>Families flee.<span data-note="">See <cite data-ref="varga-2019"></cite></span></p>'
    )


def test_a_citation_of_several_works_becomes_one_cite_for_each_in_order():
    body = imported(document([["Text ", Cite([IDMC, VARGA], "(IDMC 2022; Varga 2019)"), "."]]))
    assert [c["data-ref"] for c in cites(body.html)] == ["idmc-2022", "varga-2019"]


def test_locator_label_prefix_and_suffix_are_kept_and_labels_mapped():
    pinpointed = [
        {
            **VARGA,
            "locator": "45",
            "label": "page",
            "prefix": "see <i>also</i>",
            "suffix": "emphasis added",
        },
        {**IDMC, "locator": "3", "label": "note"},
    ]
    body = imported(document([["Text ", Cite(pinpointed)]]))
    assert cites(body.html) == [
        {
            "data-ref": "varga-2019",
            "data-label": "page",
            "data-locator": "45",
            "data-prefix": "see also",
            "data-suffix": "emphasis added",
        },
        {"data-ref": "idmc-2022", "data-label": "footnote", "data-locator": "3"},
    ]


def test_an_unknown_locator_label_is_read_as_a_page_with_a_warning():
    body = imported(document([["Text ", Cite([{**VARGA, "locator": "12", "label": "folio"}])]]))
    assert cites(body.html) == [
        {"data-ref": "varga-2019", "data-label": "page", "data-locator": "12"}
    ]
    assert any("folio 12" in warning for warning in body.citations.warnings)


def test_the_bibliography_field_and_its_entries_are_removed():
    body = imported(
        document(
            [["Text ", Cite([VARGA], "(Varga 2019)")]],
            bibliography=["Varga, A. (2019). Fleeing the Cartels.", "IDMC (2022). Global Report."],
        )
    )
    assert "Fleeing the Cartels" not in body.html and "Global Report" not in body.html
    assert body.html.startswith('<p>Text <cite data-ref="varga-2019"></cite></p>')


def test_a_work_cited_twice_is_one_work_with_one_key():
    body = imported(
        document(
            [
                ["One ", Cite([VARGA], "(Varga 2019)")],
                ["Two.", Footnote([Cite([{**VARGA, "locator": "9"}], "Varga (n 1) 9.")])],
            ]
        )
    )
    assert [c["data-ref"] for c in cites(body.html)] == ["varga-2019", "varga-2019"]
    assert body.citations.citations == 2 and len(body.citations.works) == 1


def test_two_works_with_the_same_author_and_year_get_different_keys():
    other = work("Varga", 2019, "Another Book", 3)
    body = imported(document([["Text ", Cite([VARGA, other])]]))
    assert [c["data-ref"] for c in cites(body.html)] == ["varga-2019", "varga-2019b"]


def test_a_damaged_field_keeps_zotero_s_text_and_says_which_one():
    damaged = Cite([], "(Varga 2019)", code=' ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems": [')
    body = imported(document([["Families flee ", damaged, " at night."]]))
    assert body.html == "<p>Families flee (Varga 2019) at night.</p>"
    assert body.citations.citations == 0
    assert any("(Varga 2019)" in warning for warning in body.citations.warnings)


def test_a_simple_field_and_an_instruction_in_many_pieces_are_read_alike():
    simple = imported(document([["A ", Cite([VARGA], "(Varga 2019)", simple=True)]]))
    split = imported(document([["A ", Cite([VARGA], "(Varga 2019)", pieces=40)]]))
    assert simple.html == split.html == '<p>A <cite data-ref="varga-2019"></cite></p>'


def test_text_that_looks_like_a_token_is_left_as_text():
    body = imported(document([["\u27e6zotero-cite:0\u27e7 and ", Cite([VARGA])]]))
    assert body.html == '<p>\u27e6zotero-cite:0\u27e7 and <cite data-ref="varga-2019"></cite></p>'


def test_citations_past_the_cap_are_kept_as_text(monkeypatch):
    monkeypatch.setattr("articles.bibliography.zotero_docx.MAX_CITATIONS", 1)
    body = imported(document([["A ", Cite([VARGA], "(V)"), " B ", Cite([IDMC], "(I)")]]))
    assert body.html == '<p>A <cite data-ref="varga-2019"></cite> B (I)</p>'
    assert any("first 1 citations" in warning for warning in body.citations.warnings)
    assert MAX_CITATIONS == 2_000


def test_the_body_is_stored_canonical():
    body = imported(
        document(
            [
                ["Text ", Cite([{**VARGA, "locator": "4", "prefix": "see"}, IDMC])],
                ["More.", Footnote([Cite([VARGA]), " and ", Cite([IDMC])])],
            ],
            bibliography=["Entry."],
        )
    )
    assert clean_html(body.html) == body.html


def test_a_document_without_zotero_fields_imports_as_before():
    data = plain_document([["Families leave.", PlainFootnote("A note.")], ["Second."]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        fields = read_fields(archive)
    assert fields.parts == {} and fields.citations == [] and fields.warnings == []
    body = imported(data)
    assert body.citations is None
    assert body.html == docx_to_html(SimpleUploadedFile("piece.docx", data))
    assert body.html == '<p>Families leave.<span data-note="">A note.</span></p><p>Second.</p>'


@pytest.mark.parametrize(
    ("name", "tool", "keys"),
    [
        (
            "zotero_citations.docx",
            "Zotero",
            ["smith-2013", "boer-2016", "smith-2013", "bellomo-2016"],
        ),
        (
            "mendeley_citations.docx",
            "Mendeley",
            ["hadwen-bennett-2018", "seo-2019", "lee-2011", "koh-2015"],
        ),
    ],
)
def test_real_documents_from_zotero_and_mendeley_are_read(name, tool, keys):
    body = imported((FIXTURES / name).read_bytes())
    assert [c["data-ref"] for c in cites(body.html)] == keys
    assert body.citations.tool == tool
    assert "https://doi.org" not in body.html  # the printed bibliography is gone
    assert clean_html(body.html) == body.html


def test_the_real_zotero_document_keeps_its_pinpoint_prefix_and_suffix():
    body = imported((FIXTURES / "zotero_citations.docx").read_bytes())
    assert cites(body.html)[-1] == {
        "data-ref": "bellomo-2016",
        "data-label": "page",
        "data-locator": "2",
        "data-prefix": "prefix",
        "data-suffix": "suffix",
    }
    assert body.citations.works[0].item["DOI"] == "10.1007/s00382-013-1683-2"


def test_a_footnote_holding_only_a_citation_stays_a_note_holding_the_cite():
    # Note styles (OSCOLA, Chicago notes): Zotero's footnote is the citation and nothing else.
    body = imported(document([["Families flee.", Footnote([Cite([VARGA], "Varga (2019).")])]]))
    assert body.html == (
        '<p>Families flee.<span data-note=""><cite data-ref="varga-2019"></cite></span></p>'
    )


def test_citations_stored_as_bookmarks_are_kept_as_text_with_a_warning():
    mark = Raw('<w:bookmarkStart w:id="0" w:name="ZOTERO_BREF_ab12"/>')
    end = Raw('<w:bookmarkEnd w:id="0"/>')
    data = document([["Families flee ", mark, "(Varga 2019)", end, "."], ["And ", Cite([IDMC])]])
    body = imported(data)
    assert body.html.startswith("<p>Families flee (Varga 2019).</p>")
    assert any("bookmarks" in warning for warning in body.citations.warnings)


def test_a_citation_in_an_endnote_stays_inside_that_note():
    body = imported(document([["Families flee.", Endnote(["As in ", Cite([IDMC])])]]))
    assert body.html == (
        '<p>Families flee.<span data-note="">As in <cite data-ref="idmc-2022"></cite></span></p>'
    )


def test_a_field_code_nested_too_deeply_is_a_damaged_field_not_a_crash():
    nested = "[" * 100_000 + "]" * 100_000
    code = ' ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems": ' + nested + "}"
    body = imported(document([["Families flee ", Cite([], "(Varga 2019)", code=code), "."]]))
    assert body.html == "<p>Families flee (Varga 2019).</p>"
    assert any("(Varga 2019)" in warning for warning in body.citations.warnings)


def test_a_lone_surrogate_escaped_in_a_field_code_never_reaches_the_body():
    code = (
        ' ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems": [{"id": 1, "prefix": "see\\ud800",'
        ' "locator": "4\\udfff", "itemData": {"type": "book", "title": "T\\ud800",'
        ' "issued": {"date-parts": [[2019]]}}}]}'
    )
    body = imported(document([["Text ", Cite([], "(Varga 2019)", code=code)]]))
    assert body.html.encode()
    assert body.citations.citations == 1
    assert all(str(work.item).encode() for work in body.citations.works)
