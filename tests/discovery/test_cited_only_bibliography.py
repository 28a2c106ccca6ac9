"""What machines are told a piece cites follows its printed bibliography: every entry, or,
where the series lists only the works cited, those cited in any language and further
reading. Scholar's citation_reference tags, JSON-LD's citation and Crossref's citation_list."""

import json

import pytest
from django.urls import reverse
from lxml import etree

from articles.discovery.crossref import deposit_xml, depositable_articles
from articles.models import Article
from series.models import BibliographyScope
from tests.discovery.conftest import assert_valid
from tests.site.html import read
from tests.site.test_citations_on_the_page import make_cited_piece

pytestmark = pytest.mark.django_db

CR = "{http://www.crossref.org/schema/5.3.1}"
CITED = {"Fleeing Gangs", "Global Report on Displacement", "Desplazamiento Forzado"}
FURTHER = {"Further Thoughts"}
EVERY = CITED | FURTHER | {"Uncited Treatise"}
SCOPES = [(BibliographyScope.ALL, EVERY), (BibliographyScope.CITED, CITED | FURTHER)]


def titles(texts: list[str]) -> set[str]:
    assert all("<" not in text and "data-ref" not in text for text in texts)
    return {title for title in EVERY for text in texts if title in text}


@pytest.mark.parametrize(("scope", "expected"), SCOPES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_scholar_citation_references_are_the_printed_bibliography(
    client, scope, expected, language
):
    make_cited_piece(scope=scope)
    page = read(client.get(f"/{language}/articles/cited/"))
    references = page.meta("citation_reference")
    assert len(references) == len(expected)
    assert titles(references) == expected


@pytest.mark.parametrize(("scope", "expected"), SCOPES)
def test_json_ld_citations_are_the_printed_bibliography(client, scope, expected):
    make_cited_piece(scope=scope)
    html = client.get("/en/articles/cited/").content.decode()
    opening = '<script type="application/ld+json">'
    start = html.index(opening) + len(opening)
    data = json.loads(html[start : html.index("</script>", start)])
    assert len(data["citation"]) == len(expected)
    assert titles(data["citation"]) == expected


@pytest.mark.parametrize(("scope", "expected"), SCOPES)
def test_the_crossref_citation_list_is_the_printed_bibliography(scope, expected):
    make_cited_piece(scope=scope)
    Article.objects.filter(slug="cited").update(doi="10.5555/cited.1")
    xml = deposit_xml(depositable_articles(Article.objects.filter(slug="cited")))
    tree = assert_valid("crossref/crossref5.3.1.xsd", xml)
    citations = tree.findall(f".//{CR}citation_list/{CR}citation")
    assert [c.get("key") for c in citations] == [f"ref{n}" for n in range(1, len(expected) + 1)]
    texts = [c.findtext(f"{CR}unstructured_citation") for c in citations]
    assert titles(texts) == expected


def test_the_feeds_carry_no_citation_markup(client):
    # A feed entry carries the summary, never the body: a citation cannot reach it.
    make_cited_piece()
    for name in ("feeds:pieces_rss", "feeds:pieces_atom"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        etree.fromstring(response.content)
        assert b"cited" in response.content
        assert b"data-ref" not in response.content
