"""Foreign CSL-JSON is mapped onto stored entries, and every change is reported."""

import pytest

from articles.bibliography.csl_input import normalise_csl
from articles.citations import validate_csl_item

# As Zotero's "Export to CSL JSON" writes an item (trimmed from a real export).
ZOTERO = {
    "id": "http://zotero.org/users/123/items/ABCD1234",
    "type": "article-journal",
    "title": "Invisible Flight: Measuring <i>Displacement</i> Caused by Extortion",
    "container-title": "Journal of Displacement Studies",
    "page": "211-236",
    "volume": "34",
    "issue": "2",
    "source": "DOI.org (Crossref)",
    "abstract": "We measure…",
    "DOI": "https://doi.org/10.5555/jds.2021.342",
    "ISSN": "1234-5678",
    "journalAbbreviation": "J Displ Stud",
    "language": "en",
    "author": [
        {"family": "Whitfield", "given": "Joanna"},
        {"family": "Serrano", "given": "Diego"},
    ],
    "issued": {"date-parts": [["2021", "6"]]},
    "accessed": {"date-parts": [["2024", 3, 1]]},
}


def test_a_zotero_item_keeps_what_prints_and_lists_what_it_leaves_behind():
    result = normalise_csl(ZOTERO)
    assert result.item == {
        "type": "article-journal",
        "title": "Invisible Flight: Measuring Displacement Caused by Extortion",
        "container-title": "Journal of Displacement Studies",
        "page": "211-236",
        "volume": "34",
        "issue": "2",
        "DOI": "10.5555/jds.2021.342",
        "container-title-short": "J Displ Stud",
        "language": "en",
        "author": [
            {"family": "Whitfield", "given": "Joanna"},
            {"family": "Serrano", "given": "Diego"},
        ],
        "issued": {"date-parts": [[2021, 6]]},
        "accessed": {"date-parts": [[2024, 3, 1]]},
    }
    assert result.unmapped == ["ISSN", "abstract", "source"]
    assert result.warnings == []
    validate_csl_item(result.item)


def test_an_unknown_type_is_mapped_with_a_warning():
    result = normalise_csl({"type": "post-weblog", "title": "A post", "issued": "2020-05-02"})
    assert result.item == {
        "type": "webpage",
        "title": "A post",
        "issued": {"date-parts": [[2020, 5, 2]]},
    }
    assert result.warnings == ["Unknown type post-weblog mapped to webpage."]


def test_an_entry_without_a_year_is_kept_with_a_warning():
    result = normalise_csl({"type": "book", "title": "Undated"})
    assert result.item == {"type": "book", "title": "Undated"}
    assert result.warnings == ["No year."]


def test_an_entry_without_a_title_is_not_kept():
    result = normalise_csl({"type": "book", "author": [{"family": "Doe"}]})
    assert result.item is None
    assert "This entry has no title." in result.warnings


def test_names_without_a_family_name_become_organisations_and_junk_names_go():
    result = normalise_csl(
        {
            "type": "report",
            "title": "Global Report",
            "author": [{"given": "UNHCR"}, {"family": "Doe", "literal": "x"}, "junk", {}],
        }
    )
    assert result.item["author"] == [{"literal": "UNHCR"}, {"family": "Doe"}]


def test_a_non_web_url_is_left_out_with_a_warning():
    result = normalise_csl({"type": "webpage", "title": "T", "URL": "javascript:alert(1)"})
    assert "URL" not in result.item
    assert result.warnings[0].startswith("The URL javascript:alert(1) is not a web address")


def test_something_that_is_not_an_object_is_refused():
    assert normalise_csl(["a"]).item is None


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"type": "book", "title": "T" * 2001}, "title"),
        ({"type": "book", "title": "T", "publisher": "P" * 2001}, "publisher"),
        ({"type": "book", "title": "T", "author": [{"family": "F" * 301}]}, "author"),
        ({"type": "book", "title": "T", "author": [{"family": "F"}] * 101}, "author"),
    ],
)
def test_an_entry_larger_than_the_form_allows_is_not_kept_and_the_field_is_named(item, field):
    # The form caps what an editor types; an import must not store a megabyte-long title
    # or forty thousand authors that every page and PDF then formats.
    normalised = normalise_csl(item)
    assert normalised.item is None
    assert any(field in warning for warning in normalised.warnings)
