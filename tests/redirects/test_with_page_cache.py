"""Redirects and the page cache leave each other alone: a cached page costs no redirect
query, a 301 is never stored, and an old host is redirected even where a page is cached."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pagecache import generation, middleware
from redirects.models import Redirect
from tests.factories import make_article

pytestmark = pytest.mark.django_db

OLD = "blog.example.org"


@pytest.fixture(autouse=True)
def page_cache(settings, monkeypatch, django_capture_on_commit_callbacks):
    # Tests run inside a transaction, where the cache steps aside; here it must not.
    monkeypatch.setattr(middleware, "in_transaction", lambda: False)
    settings.PAGE_CACHE_ENABLED = True
    settings.PDF_RENDER_AHEAD = False
    settings.SITE_URL = "https://series.example.org"
    settings.REDIRECT_OLD_HOSTS = [OLD]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OLD]

    def clear():
        caches[settings.PAGE_CACHE_ALIAS].clear()
        LocMemCache(middleware.LOCAL_CACHE_NAME, {}).clear()
        generation.forget()

    clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_article(slug="my-post")
        Redirect.objects.point("/2019/05/my-post/", "/en/articles/my-post/")
    yield
    clear()


def redirect_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "redirects_redirect" in q["sql"]]


def test_a_cached_page_is_served_without_a_redirect_query():
    reader = Client()
    assert reader.get("/en/articles/my-post/")["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = reader.get("/en/articles/my-post/")
    assert response["X-Page-Cache"] == "hit"
    assert redirect_queries(queries) == []


def test_a_redirect_is_never_stored_in_the_page_cache():
    reader = Client()
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = reader.get("/2019/05/my-post/")
        assert response.status_code == 301
        assert len(redirect_queries(queries)) == 1
        assert response.get("X-Page-Cache") != "hit"


def test_the_old_host_is_redirected_even_for_a_cached_path():
    assert Client().get("/en/articles/my-post/")["X-Page-Cache"] == "miss"
    assert Client().get("/en/articles/my-post/")["X-Page-Cache"] == "hit"
    response = Client(HTTP_HOST=OLD).get("/en/articles/my-post/")
    assert response.status_code == 301
    assert response["Location"] == "https://series.example.org/en/articles/my-post/"
