"""BibTeX, RIS, CSL-JSON and DOI lists are read into candidates that say what each entry
became, what changed and what was left out; duplicates are flagged; storing is all or none."""

import contextlib
import signal
from pathlib import Path

import pytest

from articles.bibliography.importing import (
    Candidate,
    ReferenceImportError,
    add_references,
    detect_format,
    read_references,
)
from articles.citations import validate_csl_item
from articles.models import Reference
from tests.factories import make_article

BIBTEX = r"""
@book{unhcr2020,
  author = {{UNHCR} and M{\"u}ller, J{\'o}s{\'e}},
  title = {The {UN} Handbook on \emph{Protection}},
  publisher = {UNHCR}, address = {Geneva}, year = 2020, month = mar,
  abstract = {An abstract}, keywords = {idps, law}, file = {handbook.pdf}
}
@incollection{cantor2019,
  author = {Cantor, David James}, editor = {Bradley, Megan},
  title = {Cases of Internal Displacement}, booktitle = {Forced Migration},
  pages = {25--48}, publisher = {Routledge}, year = {2019}, doi = {10.4324/9781315107}
}
@misc{idmc, author = {{Internal Displacement Monitoring Centre}},
  title = {Global Report}, url = {https://www.internal-displacement.org/grid},
  urldate = {2024-03-01}}
@phdthesis{varga, author = {Varga, Anna}, title = {Violence and Flight},
  school = {Oxford}, year = 2018}
@techreport{icrc, author = {{ICRC}}, title = {Displacement in Times of Armed Conflict},
  institution = {ICRC}, number = {4}, year = {2019}}
@online{blog, title = {A Post}, url = {https://example.org/post}, date = {2021-05-02}}
@legislation{kampala, title = {Kampala Convention}, date = {2009-10-23}}
"""

RIS = """TY  - CHAP
AU  - Cantor, David James
A2  - Bradley, Megan
TI  - Cases of Internal Displacement
T2  - Forced Migration
SP  - 25
EP  - 48
PB  - Routledge
CY  - London
PY  - 2019
DO  - 10.4324/9781315107
AB  - An abstract
KW  - idps
ER  -
TY  - ELEC
AU  - Internal Displacement Monitoring Centre
TI  - Global Report
UR  - https://www.internal-displacement.org/grid
Y2  - 2024/03/01
PY  - 2024
ER  -
TY  - GEN
TI  - Field notes
ER  -
"""


def test_bibtex_entries_map_types_names_and_fields():
    candidates = read_references(BIBTEX)
    by_key = {c.source: c for c in candidates}
    book = by_key["unhcr2020"]
    assert book.item == {
        "type": "book",
        "author": [{"literal": "UNHCR"}, {"family": "Müller", "given": "Jósé"}],
        "title": "The UN Handbook on Protection",
        "publisher": "UNHCR",
        "publisher-place": "Geneva",
        "issued": {"date-parts": [[2020, 3]]},
    }
    assert book.unmapped == ["abstract", "file", "keywords"]
    chapter = by_key["cantor2019"].item
    assert chapter["type"] == "chapter"
    assert chapter["container-title"] == "Forced Migration"
    assert chapter["editor"] == [{"family": "Bradley", "given": "Megan"}]
    assert chapter["page"] == "25-48"
    assert chapter["DOI"] == "10.4324/9781315107"
    web = by_key["idmc"]
    assert web.item["type"] == "webpage"
    assert web.item["author"] == [{"literal": "Internal Displacement Monitoring Centre"}]
    assert web.item["accessed"] == {"date-parts": [[2024, 3, 1]]}
    assert "Unknown type @misc mapped to webpage." in web.warnings
    assert "No year." in web.warnings
    assert by_key["varga"].item["type"] == "thesis"
    assert by_key["varga"].item["genre"] == "PhD thesis"
    assert by_key["varga"].item["publisher"] == "Oxford"
    assert by_key["icrc"].item["number"] == "4"
    assert by_key["blog"].item["issued"] == {"date-parts": [[2021, 5, 2]]}
    assert by_key["kampala"].item["type"] == "legislation"
    for candidate in candidates:
        validate_csl_item(candidate.item)


def test_a_broken_bibtex_entry_is_named_by_its_line_and_the_others_are_kept():
    candidates = read_references(
        "@book{ok, title = {Fine}, year = 2000}\n"
        "@book{bad, title = {Open\n"
        "@book{also, title={Fine too}}\n"
    )
    assert [c.source for c in candidates] == ["ok", "line 2", "also"]
    assert candidates[1].item is None
    assert "line 2" in candidates[1].warnings[0]
    assert "@book{bad" in candidates[1].warnings[0]


def test_ris_records_map_types_and_tags_and_list_what_they_leave():
    chapter, web, general = read_references(RIS)
    assert chapter.source == "line 1"
    assert chapter.item == {
        "type": "chapter",
        "author": [{"family": "Cantor", "given": "David James"}],
        "editor": [{"family": "Bradley", "given": "Megan"}],
        "title": "Cases of Internal Displacement",
        "container-title": "Forced Migration",
        "publisher": "Routledge",
        "publisher-place": "London",
        "DOI": "10.4324/9781315107",
        "page": "25-48",
        "issued": {"date-parts": [[2019]]},
    }
    assert chapter.unmapped == ["abstract", "keywords"]
    assert web.item["type"] == "webpage"
    assert web.item["author"] == [{"literal": "Internal Displacement Monitoring Centre"}]
    assert web.item["accessed"] == {"date-parts": [[2024, 3, 1]]}
    assert general.item["type"] == "report"
    assert general.warnings == ["Unknown type GEN mapped to report.", "No year."]


def test_csl_json_is_read_as_a_list_or_a_single_object():
    (one,) = read_references('{"type": "book", "title": "Alone", "issued": "2001"}')
    assert one.item == {"type": "book", "title": "Alone", "issued": {"date-parts": [[2001]]}}
    two = read_references('[{"id": "a", "type": "book", "title": "A"}, 7]')
    assert [c.source for c in two] == ["a", "entry 2"]
    assert two[1].item is None


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ("@article{a, title={T}}", "", "bibtex"),
        ("TY  - BOOK\nTI  - T\nER  - \n", "", "ris"),
        ('[{"title": "T"}]', "", "json"),
        ("10.1000/a\nhttps://doi.org/10.1000/b\ndoi:10.1000/c\n", "", "doi"),
        ("TY  - BOOK\n", "refs.bib", "bibtex"),
        ("@book{a, title={T}}", "refs.txt", "bibtex"),
    ],
)
def test_the_format_is_told_by_extension_else_by_content(text, filename, expected):
    assert detect_format(text, filename) == expected


def test_text_in_no_known_format_is_refused_with_a_clear_message():
    with pytest.raises(ReferenceImportError, match="does not look like BibTeX"):
        read_references("Smith, J. (2020) A book. London: Press.")
    with pytest.raises(ReferenceImportError, match="could not be read"):
        read_references("[{broken", "refs.json")
    with pytest.raises(ReferenceImportError, match="empty"):
        read_references("  \n")


def test_more_than_five_hundred_entries_or_two_megabytes_are_refused():
    many = "".join(f"@book{{k{n}, title={{T{n}}}}}\n" for n in range(501))
    with pytest.raises(ReferenceImportError, match="at most 500"):
        read_references(many)
    with pytest.raises(ReferenceImportError, match="larger than 2 MB"):
        read_references("@book{a, title={" + "x" * (2 * 1024 * 1024) + "}}")


@pytest.mark.django_db
def test_duplicates_of_the_piece_and_of_earlier_entries_are_flagged():
    article = make_article(references=0)
    Reference.objects.create(
        article=article, csl={"type": "book", "title": "Forced Migration", "DOI": "10.1234/ABC"}
    )
    Reference.objects.create(
        article=article,
        csl={"type": "book", "title": "The Handbook!", "issued": {"date-parts": [[2020]]}},
    )
    text = """@book{a, title={Other title}, doi={10.1234/abc}}
@book{b, title={The  handbook}, year=2020}
@book{c, title={The handbook}, year=2021}
@book{d, title={Fresh}, year=2022}
@book{e, title={FRESH}, year=2022}"""
    candidates = read_references(text, existing=article.references.all())
    flags = {c.source: c.duplicate_of for c in candidates}
    assert "already in this piece" in flags["a"]
    assert "already in this piece" in flags["b"]
    assert flags["c"] == "" and flags["d"] == ""
    assert flags["e"] == "entry d above"


@pytest.mark.django_db
def test_added_references_come_after_the_existing_ones_with_new_keys():
    article = make_article(references=0)
    Reference.objects.create(article=article, position=4, text="An old entry")
    added = add_references(
        article,
        [
            Candidate("a", {"type": "book", "title": "New"}),
            Candidate("b", None),  # nothing to add
            Candidate("c", None, text="https://doi.org/10.1/x"),
        ],
    )
    assert [(r.position, r.csl, r.text) for r in added] == [
        (5, {"type": "book", "title": "New"}, ""),
        (6, None, "https://doi.org/10.1/x"),
    ]
    keys = set(article.references.values_list("key", flat=True))
    assert len(keys) == 3


@pytest.mark.django_db
def test_adding_is_all_or_nothing():
    article = make_article(references=0)
    bad = Candidate("bad", {"type": "book", "title": "Bad", "URL": "ftp://x"})
    with pytest.raises(Exception):  # noqa: B017  (a ValidationError, whichever message)
        add_references(article, [Candidate("ok", {"type": "book", "title": "Ok"}), bad])
    assert article.references.count() == 0


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "references"
# What each real export holds, field by field, that Colophon does not store.
LEFT_OUT = {
    "zotero-bbt-incollection.bib": [[]],
    "zotero-bbt-webpage-misc.bib": [[], [], []],
    "sciencedirect-journal.ris": [["abstract", "issn", "keywords"]],
    "endnote-journal.ris": [
        ["abstract", "author address", "issn", "keywords", "name of database", "urls"]
    ],
}


@pytest.mark.parametrize("name", sorted(LEFT_OUT))
def test_real_exports_are_read_with_nothing_lost_silently(name):
    candidates = read_references((FIXTURES / name).read_text(), name)
    assert [c.unmapped for c in candidates] == LEFT_OUT[name]
    for candidate in candidates:
        validate_csl_item(candidate.item)
        assert candidate.item["title"]


def test_a_zotero_web_page_keeps_its_address_from_howpublished():
    first = read_references((FIXTURES / "zotero-bbt-webpage-misc.bib").read_text())[0]
    assert first.item["URL"] == "http://www.ntp.org/ntpfaq/NTP-s-sw-clocks-quality.htm"
    assert first.item["author"] == [{"literal": "NTP.org"}]


def test_a_doi_written_as_a_link_and_a_relative_url_are_reported():
    (entry,) = read_references((FIXTURES / "sciencedirect-journal.ris").read_text())
    assert entry.item["DOI"] == "10.1016/j.actamat.2016.09.028"
    assert entry.item["issued"] == {"date-parts": [[2016, 12]]}
    assert any("not a web address" in warning for warning in entry.warnings)


def test_csl_json_nested_too_deeply_is_refused_with_a_message():
    with pytest.raises(ReferenceImportError, match="CSL-JSON"):
        read_references("[" * 100_000 + "]" * 100_000)


def test_bibtex_with_far_more_entries_than_allowed_is_refused_before_it_is_parsed(monkeypatch):
    def parse(text):
        raise AssertionError("parsed")

    monkeypatch.setattr("articles.bibliography.bibtex.bibtexparser.parse_string", parse)
    with pytest.raises(ReferenceImportError, match="500"):
        read_references("@book{k, title={T}}\n" * 20_000)


def test_ris_with_far_more_records_than_allowed_is_refused_before_it_is_parsed(monkeypatch):
    def loads(text):
        raise AssertionError("parsed")

    monkeypatch.setattr("articles.bibliography.ris.rispy.loads", loads)
    with pytest.raises(ReferenceImportError, match="500"):
        read_references("TY  - BOOK\nTI  - T\nER  -\n" * 20_000)


class _Hung(Exception):
    pass


@contextlib.contextmanager
def _hang_guard(seconds: int = 10):
    """Fails a regular expression that backtracks without end (quadratic on 2 MB takes
    hours; linear takes milliseconds), without timing anything finer than a hang."""

    def hung(signum, frame):
        raise _Hung

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("filler", ["\n", " \n", "\t\n"])
def test_text_of_blank_lines_is_told_apart_without_backtracking_for_hours(filler):
    text = "x" + filler * (1_900_000 // len(filler)) + "x"
    with _hang_guard(), pytest.raises(ReferenceImportError, match="does not look like"):
        read_references(text)


@pytest.mark.django_db
def test_a_lone_surrogate_escaped_in_csl_json_never_reaches_what_is_stored(client):
    # "\ud800" is valid JSON but no character: stored, it made every page that prints the
    # entry fail to encode, for every reader.
    article = make_article(references=0, slug="surrogate")
    text = '{"id": "a\\udc00", "type": "book", "title": "Flight\\ud800", "issued": "2019"}'
    (candidate,) = read_references(text)
    assert candidate.source.encode() and candidate.item["title"].encode()
    add_references(article, [candidate])
    assert client.get("/en/articles/surrogate/").status_code == 200
