"""Citations on the reading page: each <cite data-ref> in a body prints the work it names,
formatted in the series' style and the page's language, inside the numbered notes for a
note style; the bibliography lists every entry, or only the cited ones and further reading."""

import re

import pytest
from lxml import html as lxml_html

from articles.models import Article, Reference
from articles.search.index import index_articles
from series.models import BibliographyScope, CitationStyle
from tests.factories import make_article, make_series, make_volume
from tests.site.test_query_counts import EXPECTED

pytestmark = pytest.mark.django_db


def book(title: str, *authors: str, year: int = 2019) -> dict:
    return {
        "type": "book",
        "title": title,
        "author": [{"family": family, "given": "Ana"} for family in authors],
        "publisher": "Meridian Press",
        "issued": {"date-parts": [[year]]},
    }


BODY_EN = (
    "<p>Families flee one by one."
    '<span data-note="">See <cite data-ref="varga" data-label="page" data-locator="4"></cite>.'
    "</span></p>"
    '<p>Reports agree <cite data-ref="idmc"></cite>.</p>'
)
BODY_ES = (
    "<p>Las familias huyen."
    '<span data-note="">Véase <cite data-ref="varga"></cite> y <cite data-ref="espanol"></cite>.'
    "</span></p>"
)


def make_cited_piece(
    style: str = CitationStyle.OSCOLA, scope: str = BibliographyScope.ALL, slug: str = "cited"
) -> Article:
    series = make_series(citation_style=style, bibliography=scope)
    article = make_article(make_volume(series), languages=("en", "es"), slug=slug, references=0)
    entries = [
        ("varga", book("Fleeing Gangs", "Varga", "Smith"), False),
        ("idmc", book("Global Report on Displacement", "Monitor", year=2022), False),
        ("espanol", book("Desplazamiento Forzado", "Ortega"), False),
        ("unused", book("Uncited Treatise", "Nobody"), False),
        ("further", book("Further Thoughts", "Reader"), True),
    ]
    for position, (key, csl, further) in enumerate(entries):
        Reference.objects.create(
            article=article, position=position, key=key, csl=csl, further_reading=further
        )
    # Stored as the editor writes citations, whatever the sanitiser of the day does on save.
    Article.objects.filter(pk=article.pk).update(body_en=BODY_EN, body_es=BODY_ES)
    return article


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def text_of(tree, selector: str) -> str:
    return " ".join(" ".join(e.text_content().split()) for e in tree.cssselect(selector))


@pytest.mark.parametrize("style", [CitationStyle.OSCOLA, CitationStyle.CHICAGO_NOTES])
def test_a_citation_in_a_note_prints_the_cited_work_in_the_numbered_note(client, style):
    make_cited_piece(style=style)
    tree = page(client, "/en/articles/cited/")
    first_note = " ".join(tree.get_element_by_id("note-1").text_content().split())
    assert "Fleeing Gangs" in first_note
    assert "See" in first_note
    # The sidenote beside the text is a copy of the same note.
    assert "Fleeing Gangs" in text_of(tree, ".article__body .sidenote")


def test_a_citation_in_the_running_text_prints_the_cited_work(client):
    make_cited_piece()
    tree = page(client, "/en/articles/cited/")
    # In a note style it becomes a note of its own; either way the page prints the work.
    shown = text_of(tree, ".article__body") + text_of(tree, ".notes")
    assert "Global Report on Displacement" in shown


def test_no_citation_markup_reaches_the_reader(client):
    make_cited_piece()
    html = client.get("/en/articles/cited/").content.decode()
    assert "<cite" not in html
    assert "data-ref" not in html


def test_an_author_date_series_prints_the_author_and_year_where_the_work_is_cited(client):
    make_cited_piece(style=CitationStyle.APA)
    tree = page(client, "/en/articles/cited/")
    shown = text_of(tree, ".article__body") + text_of(tree, ".notes")
    assert re.search(r"Varga.{0,40}2019", shown)
    assert re.search(r"Monitor.{0,10}2022", shown)


def test_the_spanish_page_formats_citations_in_spanish(client):
    make_cited_piece()
    spanish = text_of(page(client, "/es/articles/cited/"), ".article__body")
    english = text_of(page(client, "/en/articles/cited/"), ".article__body")
    assert re.search(r"Varga.{0,12}\by\b.{0,12}Smith", spanish)
    assert not re.search(r"Varga.{0,12}\band\b.{0,12}Smith", spanish)
    assert re.search(r"Varga.{0,12}\band\b.{0,12}Smith", english)


def test_a_changed_reference_shows_its_new_title_in_the_note(client):
    article = make_cited_piece()
    assert "Fleeing Gangs" in text_of(page(client, "/en/articles/cited/"), ".notes")
    reference = article.references.get(key="varga")
    reference.csl = book("Fleeing the Cartels", "Varga", "Smith")
    reference.save()
    notes = text_of(page(client, "/en/articles/cited/"), ".notes")
    assert "Fleeing the Cartels" in notes
    assert "Fleeing Gangs" not in notes


def test_a_citation_whose_entry_was_deleted_is_marked_for_editors(client):
    article = make_cited_piece()
    article.references.filter(key="idmc").delete()
    tree = page(client, "/en/articles/cited/")
    assert len(tree.cssselect(".article__body .citation--missing")) >= 1
    assert "Global Report on Displacement" not in text_of(tree, ".article__body")


def bibliography(tree) -> list[str]:
    return [" ".join(li.text_content().split()) for li in tree.cssselect(".bibliography li")]


def titles_in(entries: list[str]) -> set[str]:
    titles = {
        "Fleeing Gangs",
        "Global Report on Displacement",
        "Desplazamiento Forzado",
        "Uncited Treatise",
        "Further Thoughts",
    }
    return {title for title in titles if any(title in entry for entry in entries)}


def test_a_series_that_prints_every_entry_lists_the_uncited_ones_too(client):
    make_cited_piece(scope=BibliographyScope.ALL)
    entries = bibliography(page(client, "/en/articles/cited/"))
    assert len(entries) == 5
    assert "Uncited Treatise" in titles_in(entries)


def test_a_cited_only_series_lists_the_works_cited_in_any_language_and_further_reading(
    client,
):
    make_cited_piece(scope=BibliographyScope.CITED)
    for language in ("en", "es"):
        entries = bibliography(page(client, f"/{language}/articles/cited/"))
        # "Desplazamiento Forzado" is cited in the Spanish text only: still the piece's source.
        assert titles_in(entries) == {
            "Fleeing Gangs",
            "Global Report on Displacement",
            "Desplazamiento Forzado",
            "Further Thoughts",
        }
        assert len(entries) == 4


def test_the_preview_prints_citations_and_the_cited_only_bibliography(client, superuser_client):
    article = make_cited_piece(scope=BibliographyScope.CITED)
    response = superuser_client.get(f"/admin/articles/article/{article.pk}/preview/")
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content.decode())
    assert "Fleeing Gangs" in text_of(tree, ".notes")
    assert "Uncited Treatise" not in titles_in(bibliography(tree))


def test_citations_cost_the_article_page_no_query(client, django_assert_num_queries):
    make_cited_piece(scope=BibliographyScope.CITED)
    with django_assert_num_queries(EXPECTED["article"]):
        assert client.get("/en/articles/cited/").status_code == 200


def test_the_search_index_holds_the_words_around_a_citation_and_no_markup(client):
    # The index reads the stored body: a citation, empty there, adds no words (its work's
    # title is not the piece's text) and leaves no markup in the snippets.
    article = make_cited_piece()
    index_articles([article.pk])
    document = article.search_documents.get(language="en")
    assert "Reports agree" in document.body
    assert "<" not in document.body
    assert "data-ref" not in document.body
