"""DOIs are looked up in Crossref (a local fake serving recorded answers), politely and
with a timeout, and a DOI Crossref cannot describe is kept for the editor to complete."""

import pytest

from articles.bibliography.doi_lookup import lookup
from articles.bibliography.importing import ReferenceImportError, read_references
from articles.citations import validate_csl_item
from tests.bibliography.fake_crossref import fake_crossref  # noqa: F401  (a fixture)

CHAPTER = "10.1007/978-3-662-46370-3_13"
ARTICLE = "10.1371/journal.pone.0033693"


def test_a_book_chapter_is_read_from_crossrefs_record(fake_crossref):  # noqa: F811
    (candidate,) = read_references(CHAPTER)
    assert candidate.item == {
        "type": "chapter",
        "title": "Clinical Symptoms and Physical Examinations",
        "container-title": "Shoulder Stiffness",
        "author": [
            {"family": "Diercks", "given": "Ronald L."},
            {"family": "Ludvigsen", "given": "Tom Clement"},
        ],
        "publisher": "Springer Berlin Heidelberg",
        "publisher-place": "Berlin, Heidelberg",
        "page": "155-158",
        "DOI": CHAPTER,
        "language": "en",
        "issued": {"date-parts": [[2015]]},
    }
    assert candidate.warnings == []
    assert candidate.unmapped == ["ISBN"]
    validate_csl_item(candidate.item)


def test_a_journal_article_keeps_its_journal_volume_and_issue(fake_crossref):  # noqa: F811
    (candidate,) = read_references(f"https://doi.org/{ARTICLE}")
    item = candidate.item
    assert item["type"] == "article-journal"
    assert item["container-title"] == "PLoS ONE"
    assert item["volume"] == "7" and item["issue"] == "3"
    assert item["DOI"] == ARTICLE
    assert item["author"][0] == {"family": "Sadasivan", "given": "Shankar"}
    assert "ORCID" not in str(item) and "sequence" not in str(item)
    assert "ISSN" in candidate.unmapped
    validate_csl_item(item)


def test_the_request_is_polite_and_answers_are_cached(fake_crossref):  # noqa: F811
    read_references(CHAPTER)
    read_references(CHAPTER)
    (request,) = fake_crossref
    assert request["path"] == f"/works/{CHAPTER}"
    assert request["query"] == "mailto=editors%40example.org"
    assert "mailto:editors@example.org" in request["agent"]


def test_an_unknown_doi_is_kept_as_text_to_complete(fake_crossref):  # noqa: F811
    (candidate,) = read_references("10.1371/notarealdoi")
    assert candidate.item is None
    assert candidate.text == "https://doi.org/10.1371/notarealdoi"
    assert candidate.warnings == [
        "Crossref does not know this DOI; it was kept, fill in the details."
    ]


def test_a_slow_crossref_is_given_up_on_after_the_timeout_and_not_cached(fake_crossref):  # noqa: F811
    result = lookup("10.5555/slow")
    assert result.item is None
    assert result.warning == (
        "Crossref did not answer in 0.5 s; the DOI was kept, fill in the details."
    )
    lookup("10.5555/slow")
    assert len(fake_crossref) == 2  # asked again: a timeout is not remembered


def test_a_malformed_answer_keeps_the_doi(fake_crossref):  # noqa: F811
    result = lookup("10.5555/broken")
    assert result.item is None
    assert "could not be asked" in result.warning


def test_with_lookups_off_nothing_is_asked_and_the_doi_is_kept(fake_crossref, settings):  # noqa: F811
    settings.CROSSREF_LOOKUP = False
    (candidate,) = read_references(CHAPTER)
    assert candidate.text == f"https://doi.org/{CHAPTER}"
    assert candidate.warnings == [
        "Crossref lookup is turned off; the DOI was kept, fill in the details."
    ]
    assert fake_crossref == []


def test_more_than_fifty_dois_are_refused_before_any_lookup(fake_crossref):  # noqa: F811
    text = "\n".join(f"10.5555/n{n}" for n in range(51))
    with pytest.raises(ReferenceImportError, match="at most 50"):
        read_references(text)
    assert fake_crossref == []


def test_tests_never_reach_the_network_by_default(settings):
    assert settings.CROSSREF_LOOKUP is False
    assert settings.CROSSREF_API_URL.startswith("http://127.0.0.1")


@pytest.mark.parametrize(
    "doi", ["10.1234/../../elsewhere", "10.1234/./x", "10.1234/a/../../../elsewhere"]
)
def test_a_doi_with_dot_segments_never_leaves_crossrefs_works_path(fake_crossref, doi):  # noqa: F811
    found = lookup(doi)
    assert found.item is None
    assert found.warning
    # Either nothing was asked, or only something under /works/.
    assert all(r["path"].startswith("/works/") and "/../" not in r["path"] for r in fake_crossref)


@pytest.mark.parametrize("doi", ["10.1234/x?rows=1000", "10.1234/x#frag", "10.1234/x%2F..%2Fy"])
def test_query_and_fragment_characters_in_a_doi_stay_in_the_works_path(fake_crossref, doi):  # noqa: F811
    lookup(doi)
    (asked,) = fake_crossref
    assert asked["path"] == f"/works/{doi}"
    assert asked["query"] == "mailto=editors%40example.org"


def test_a_redirect_from_crossref_is_not_followed(fake_crossref):  # noqa: F811
    found = lookup("10.5555/moved")
    assert found.item is None
    assert [r["path"] for r in fake_crossref] == ["/works/10.5555/moved"]


def test_an_overlong_doi_is_refused_by_line_without_asking_crossref(fake_crossref):  # noqa: F811
    with pytest.raises(ReferenceImportError, match="line 2"):
        read_references(f"{ARTICLE}\n10.1234/{'x' * 400}")
    assert fake_crossref == []
