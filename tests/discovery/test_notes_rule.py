"""One rule for notes wherever a piece is read as text (docs/notes.md): a note is part of
the text, so search finds its words; it is never part of a summary, so feeds, Google
Scholar tags, JSON-LD and OAI-PMH records, which carry the summary and not the text, never
carry a note."""

import pytest
from lxml import etree

from articles.models import Article, SearchDocument
from articles.search.index import index_articles
from tests.discovery.test_scholar_tags import json_ld

pytestmark = pytest.mark.django_db

NOTE_WORD = "Quetzaltenango"
BODY = f'<p>Families left the city<span data-note="">{NOTE_WORD} archives, 2019.</span>.</p>'


@pytest.fixture
def noted(library):
    Article.objects.filter(pk=library.both.pk).update(body_en=BODY)
    index_articles([library.both.pk])
    return library


def test_the_search_index_holds_a_notes_words_apart_from_the_word_that_calls_it(noted):
    body = SearchDocument.objects.get(article=noted.both, language="en").body
    assert f"city {NOTE_WORD} archives" in body


def test_search_finds_a_word_that_occurs_only_in_a_note(client, noted):
    response = client.get("/en/search/", {"q": NOTE_WORD})
    assert response.status_code == 200
    assert "/en/articles/both/" in response.content.decode()


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feeds_carry_the_summary_and_no_note(client, noted, site, kind):
    content = client.get(f"/en/feeds/{kind}/").content.decode()
    assert noted.both.summary_en in content
    assert NOTE_WORD not in content


def test_json_ld_and_scholar_tags_carry_no_note(client, noted, site):
    assert NOTE_WORD not in str(json_ld(client, noted.both, "en"))
    head = client.get("/en/articles/both/").content.decode().split("</head>")[0]
    assert NOTE_WORD not in head


@pytest.mark.parametrize("prefix", ["oai_dc", "mods"])
def test_oai_records_carry_no_note(oai, noted, prefix):
    tree = oai(verb="GetRecord", identifier="oai:colophon.example.org:both", metadataPrefix=prefix)
    assert NOTE_WORD not in etree.tostring(tree, encoding="unicode")
