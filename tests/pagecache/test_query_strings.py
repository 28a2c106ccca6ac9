"""Query strings: one entry per set of parameters a view reads, and only so many of those.

The attack these guard against: distinct made-up query strings on one page, each of which
used to be rendered and stored again until the cache had room for nothing else.
"""

import pytest
from django.http import QueryDict
from django.test import Client

from articles.search.forms import SearchForm
from pagecache import middleware, variants
from tests.factories import make_article
from tests.pagecache.conftest import fetch, listing_pages

pytestmark = pytest.mark.django_db

# More distinct addresses than process memory keeps (300 entries by default).
FLOOD = 450


@pytest.fixture
def two_pieces(piece, committed, settings):
    """Two published pieces, one per page of the lists."""
    settings.PAGE_SIZE = 1
    with committed():
        make_article(piece.volume, title_en="Second piece", slug="second-piece")
    return piece


def test_parameters_a_view_does_not_read_are_served_the_one_stored_page(reader, piece):
    assert fetch(reader, "/en/topics/")[1] == "miss"
    for query in ["flood=1", "utm_source=news&utm_medium=mail", "page=2", "q=piece"]:
        response, status = fetch(Client(), f"/en/topics/?{query}")
        assert (response.status_code, status) == (200, "hit"), query


def test_a_flood_of_made_up_query_strings_renders_the_page_once(
    reader, piece, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_GENERATION_SECONDS = 60
    statuses = [fetch(reader, f"/en/topics/?flood={n}")[1] for n in range(FLOOD)]
    assert statuses[0] == "miss"
    assert set(statuses[1:]) == {"hit"}
    # Hits stay as cheap as they were: no query, whatever the query string.
    with django_assert_num_queries(0):
        assert fetch(Client(), "/en/topics/?flood=again")[1] == "hit"


def test_each_page_of_a_list_has_its_own_entry(reader, two_pieces):
    first, _ = fetch(reader, "/en/articles/")
    second, status = fetch(reader, "/en/articles/?page=2")
    assert status == "miss"
    assert first.content != second.content
    again, status = fetch(Client(), "/en/articles/?utm_source=x&page=2")
    assert (status, again.content) == ("hit", second.content)


def test_the_order_of_the_parameters_does_not_matter(reader, two_pieces):
    assert fetch(reader, "/en/search/?q=piece&page=2")[1] == "miss"
    assert fetch(Client(), "/en/search/?page=2&flood=1&q=piece")[1] == "hit"
    # But the values of one parameter keep their order: a view reads the last one.
    assert fetch(Client(), "/en/search/?q=nothing&q=piece&page=2")[1] == "miss"


def test_search_pagination_repeats_the_form_fields_and_nothing_else(reader, two_pieces):
    response, _ = fetch(reader, "/en/search/?q=piece&flood=evil")
    assert "q=piece&amp;page=2" in response.text
    assert "flood" not in response.text


def test_the_search_reads_its_form_fields_and_page():
    assert variants.READS["articles:search"] == set(SearchForm.base_fields) | {"page"}


def test_oai_pmh_reads_every_parameter_so_a_stray_one_is_not_served_another_answer(reader):
    assert fetch(reader, "/oai/?verb=Identify")[1] == "miss"
    response, status = fetch(reader, "/oai/?verb=Identify&flood=1")
    assert status == "miss"
    assert b'code="badArgument"' in response.content


def test_only_so_many_query_strings_of_one_address_are_stored(reader, piece, monkeypatch):
    monkeypatch.setattr(variants, "MAX_VARIANTS", 3)
    for word in ["one", "two", "three"]:
        assert fetch(reader, f"/en/search/?q={word}")[1] == "miss"
        assert fetch(reader, f"/en/search/?q={word}")[1] == "hit"
    # Still answered, never stored.
    for word in ["four", "four", "five"]:
        response, status = fetch(reader, f"/en/search/?q={word}")
        assert (response.status_code, status) == (200, "miss")
    # The address without a query string is always stored, and other addresses too.
    assert fetch(reader, "/en/search/")[1] == "miss"
    assert fetch(reader, "/en/search/")[1] == "hit"
    assert fetch(reader, "/es/search/?q=uno")[1] == "miss"
    assert fetch(reader, "/es/search/?q=uno")[1] == "hit"


def test_a_process_that_has_not_met_an_address_finds_its_stored_page(reader, piece, monkeypatch):
    assert fetch(reader, "/en/search/?q=piece")[1] == "miss"
    assert fetch(reader, "/en/topics/")[1] == "miss"
    # Another worker, which has learnt nothing yet about which parameters a path reads.
    monkeypatch.setattr(middleware, "path_reads", {})
    assert fetch(Client(), "/en/search/?q=piece")[1] == "hit"
    assert fetch(Client(), "/en/topics/?flood=1")[1] == "miss"
    assert fetch(Client(), "/en/topics/")[1] == "hit"


class RecordingQueryDict(QueryDict):
    """request.GET, noting which parameters the view asks for (None: all of them)."""

    asked: set[str | None] = set()
    ready = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ready = True  # what parsing the query string looked up is not the view's

    def note(self, key: str | None) -> None:
        if self.ready:
            self.asked.add(key)

    def get(self, key, default=None):
        self.note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.note(key)
        return super().getlist(key, default)

    def __getitem__(self, key):
        self.note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.note(key)
        return super().__contains__(key)

    def _all(self, name):
        def method(*args, **kwargs):
            self.note(None)
            return getattr(super(RecordingQueryDict, self), name)(*args, **kwargs)

        return method

    def __getattribute__(self, name):
        if name in {"items", "lists", "keys", "values", "dict", "copy", "urlencode", "__iter__"}:
            return object.__getattribute__(self, "_all")(name)
        return super().__getattribute__(name)


def test_every_cached_view_reads_only_the_parameters_it_declares(
    reader, piece, settings, monkeypatch
):
    settings.PAGE_CACHE_ENABLED = False  # every request reaches its view
    monkeypatch.setattr("django.core.handlers.wsgi.QueryDict", RecordingQueryDict)
    paths = [
        *listing_pages(piece),
        piece.get_absolute_url(),
        "/en/search/",
        "/en/feeds/rss/",
        "/en/feeds/atom/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/robots.txt",
        "/oai/",
    ]
    query = "page=1&p=1&q=piece&verb=Identify&flood=1"
    for path in paths:
        RecordingQueryDict.asked = set()
        response = reader.get(f"{path}?{query}")
        assert response.status_code == 200, path
        declared = variants.reads(response.resolver_match)
        if declared is variants.ALL:
            continue
        assert None not in RecordingQueryDict.asked, f"{path} reads every parameter"
        assert RecordingQueryDict.asked <= declared, path
