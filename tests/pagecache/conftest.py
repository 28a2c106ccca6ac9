"""Two ways to run a page cache test.

Modules marked django_db(transaction=True) commit for real, so commit callbacks run as in
production; they cost a database flush each, so only the invalidation tests use them.
The others run inside the usual test transaction, where the middleware would step aside
(a page made from uncommitted rows is never stored: pagecache/middleware.py); there it
is told the transaction does not count, and each change is made inside `committed()`,
which runs the commit callbacks (the generation bump) as a commit would.
"""

from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client

from pagecache import generation, middleware
from tests.factories import make_article, make_volume


@pytest.fixture(autouse=True)
def _page_cache(request, settings, monkeypatch):
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        monkeypatch.setattr(middleware, "in_transaction", lambda: False)
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CDN_SECONDS = 60
    cache = caches[settings.PAGE_CACHE_ALIAS]
    cache.clear()
    LocMemCache(middleware.LOCAL_CACHE_NAME, {}).clear()
    # The generation this process remembers belongs to another test's database state.
    generation.forget()
    yield
    cache.clear()
    LocMemCache(middleware.LOCAL_CACHE_NAME, {}).clear()
    generation.forget()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    @contextmanager
    def commit():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return commit


@pytest.fixture
def reader() -> Client:
    return Client()


@pytest.fixture
def piece(committed):
    """A published English piece with an author, references, an image and a topic."""
    with committed():
        return make_article(make_volume(), languages=("en",))


def listing_pages(piece) -> list[str]:
    """The reading site's lists and landing pages around `piece`: every one is cached."""
    topic = piece.topics.get()
    author = piece.authorships.get().contributor
    return [
        "/en/",
        "/en/articles/",
        f"/en/articles/{piece.slug}/cite.bib",
        "/en/topics/",
        topic.get_absolute_url(),
        "/en/series/",
        piece.volume.series.get_absolute_url(),
        piece.volume.get_absolute_url(),
        "/en/authors/",
        author.get_absolute_url(),
    ]


def fetch(client: Client, path: str, **extra):
    response = client.get(path, **extra)
    return response, response.headers.get("X-Page-Cache")
