"""Citations in the PDF: real footnotes that print the cited work, a bibliography that
follows the series' scope, and a content version that moves when a cited entry changes,
so that one save of a reference changes every note that cites it, on the page and in the
PDF."""

import json
import re

import pytest
from django.urls import reverse
from django.utils.translation import override
from lxml import html as lxml_html

from articles.models import Article, Reference
from articles.pdf.content import article_source, articles_for_pdf
from articles.pdf.render import render_source, source_html
from series.models import BibliographyScope, Series
from tests.admin.formdata import form_errors, get_form_data
from tests.pdf.conftest import pdf_reader, pdf_text
from tests.site.test_citations_on_the_page import book, make_cited_piece

pytestmark = pytest.mark.django_db


def source(article: Article, language: str = "en"):
    return article_source(articles_for_pdf().get(pk=article.pk), language)


def tree_of(article: Article, language: str = "en"):
    return lxml_html.fromstring(source_html(source(article, language)))


def texts(elements) -> str:
    return " ".join(" ".join(e.text_content().split()) for e in elements)


def test_a_citation_in_a_note_is_printed_in_its_footnote():
    tree = tree_of(make_cited_piece())
    first = tree.cssselect('.body .footnote[data-number="1"]')
    assert "Fleeing Gangs" in texts(first)
    assert "<cite" not in source_html(source(Article.objects.get(slug="cited")))


def test_the_citation_is_at_the_foot_of_the_page_that_calls_it():
    pages = [
        " ".join(page.extract_text().split())
        for page in pdf_reader(render_source(source(make_cited_piece())).data).pages
    ]
    calling = next(n for n, text in enumerate(pages) if "Families flee" in text)
    # The note reads "See <the work>"; the bibliography's entry has no "See".
    assert re.search(r"\bSee .{0,80}Fleeing Gangs", pages[calling])


def test_the_spanish_pdf_formats_citations_in_spanish():
    tree = tree_of(make_cited_piece(), "es")
    first = texts(tree.cssselect('.body .footnote[data-number="1"]'))
    assert "Fleeing Gangs" in first
    assert " y " in first.split("Fleeing Gangs")[0]


@pytest.mark.parametrize(
    ("scope", "count", "uncited"),
    [(BibliographyScope.ALL, 5, True), (BibliographyScope.CITED, 4, False)],
)
def test_the_pdf_bibliography_follows_the_series_scope(scope, count, uncited):
    tree = tree_of(make_cited_piece(scope=scope))
    entries = tree.cssselect("section.bibliography li")
    assert len(entries) == count
    assert ("Uncited Treatise" in texts(entries)) is uncited
    assert "Further Thoughts" in texts(entries)
    assert "Desplazamiento Forzado" in texts(entries)  # cited in the Spanish text only


def test_a_change_to_a_cited_entry_alone_makes_a_new_content_version():
    article = make_cited_piece()
    before = source(article).version
    Reference.objects.filter(article=article, key="varga").update(
        csl=book("Fleeing the Cartels", "Varga", "Smith")
    )
    assert source(article).version != before


def test_a_change_to_the_series_scope_makes_a_new_content_version():
    article = make_cited_piece()
    before = source(article).version
    Series.objects.filter(pk=article.series_id).update(bibliography=BibliographyScope.CITED)
    assert source(article).version != before


def test_a_spanish_citation_of_another_entry_makes_a_new_english_version_in_a_cited_series():
    article = make_cited_piece(scope=BibliographyScope.CITED)
    before = source(article, "en").version
    body = article.body_es.replace('<cite data-ref="espanol">', '<cite data-ref="unused">')
    Article.objects.filter(pk=article.pk).update(body_es=body)
    assert source(article, "en").version != before


def _retitled(data: dict, prefix: str, title: str) -> dict:
    """The change form's data with the entry's title replaced, whichever way the form
    takes a structured entry (a CSL-JSON field, or a field per part)."""
    if f"{prefix}-csl" in data:
        return data | {
            f"{prefix}-csl": json.dumps({**json.loads(data[f"{prefix}-csl"]), "title": title})
        }
    return data | {f"{prefix}-title": title}


def test_one_save_of_a_reference_in_the_admin_changes_every_note_that_cites_it(
    client, superuser_client
):
    article = make_cited_piece()
    with override("en"):
        pdf_url = reverse("pdf:article", args=[article.slug, article.slug])
    old_pdf = b"".join(client.get(pdf_url).streaming_content)
    assert re.search(r"\bSee .{0,80}Fleeing Gangs", pdf_text(old_pdf))
    assert "Fleeing Gangs" in client.get("/en/articles/cited/").content.decode()

    change = reverse("admin:articles_article_change", args=[article.pk])
    data = get_form_data(superuser_client, change)
    position = [r.key for r in article.references.order_by("position", "pk")].index("varga")
    response = superuser_client.post(
        change, _retitled(data, f"references-{position}", "Fleeing the Cartels")
    )
    assert response.status_code == 302, form_errors(response)
    assert article.references.get(key="varga").csl["title"] == "Fleeing the Cartels"

    tree = lxml_html.fromstring(client.get("/en/articles/cited/").content.decode())
    notes = texts(tree.cssselect(".notes")) + texts(tree.cssselect(".article__body"))
    assert "Fleeing the Cartels" in notes
    assert "Fleeing Gangs" not in notes
    new_pdf = pdf_text(b"".join(client.get(pdf_url).streaming_content))
    assert re.search(r"\bSee .{0,80}Fleeing the Cartels", new_pdf)
    assert "Fleeing Gangs" not in new_pdf
