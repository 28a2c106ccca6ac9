"""What is answered from the cache, for whom, and at what cost."""

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from pagecache import generation
from pagecache.models import Generation
from tests.factories import make_article
from tests.pagecache.conftest import fetch, listing_pages

pytestmark = pytest.mark.django_db


def test_a_second_reader_gets_the_stored_page(reader, piece):
    first, first_status = fetch(reader, piece.get_absolute_url())
    second, second_status = fetch(Client(), piece.get_absolute_url())
    assert (first_status, second_status) == ("miss", "hit")
    assert second.status_code == 200
    assert second.content == first.content
    assert piece.title.encode() in second.content


def test_a_hit_costs_one_query_at_most_and_usually_none(
    reader, piece, settings, django_assert_max_num_queries, django_assert_num_queries
):
    settings.PAGE_CACHE_GENERATION_SECONDS = 0  # read the generation row every time
    fetch(reader, piece.get_absolute_url())
    with django_assert_max_num_queries(1):
        _response, status = fetch(reader, piece.get_absolute_url())
    assert status == "hit"
    settings.PAGE_CACHE_GENERATION_SECONDS = 60
    fetch(reader, piece.get_absolute_url())
    with django_assert_num_queries(0):
        _response, status = fetch(reader, piece.get_absolute_url())
    assert status == "hit"


def test_a_change_made_by_another_process_shows_within_the_generation_seconds(
    reader, piece, settings, monkeypatch
):
    settings.PAGE_CACHE_GENERATION_SECONDS = 5
    url = piece.get_absolute_url()
    fetch(reader, url)
    assert fetch(reader, url)[1] == "hit"
    # Another server's bump: this process has not looked at the row since.
    Generation.objects.update(number=F("number") + 1)
    assert fetch(reader, url)[1] == "hit"
    later = generation._clock() + 6
    monkeypatch.setattr(generation, "_clock", lambda: later)
    assert fetch(reader, url)[1] == "miss"


def test_a_hit_carries_every_header_a_miss_had(reader, piece):
    miss, _ = fetch(reader, piece.get_absolute_url())
    hit, _ = fetch(reader, piece.get_absolute_url())
    # Whatever the inner and outer middleware add (CSP, nosniff, Referrer-Policy, COOP,
    # X-Frame-Options...), a hit must carry it too, with the same value.
    expected = {name: value for name, value in miss.items() if name != "X-Page-Cache"}
    actual = {name: value for name, value in hit.items() if name != "X-Page-Cache"}
    assert actual == expected
    assert "X-Frame-Options" in actual  # added inside the cache, so replayed from the entry


def test_head_is_answered_from_the_get_entry_but_never_fills_it(reader, piece):
    url = piece.get_absolute_url()
    head = reader.head(url)
    assert head.headers["X-Page-Cache"] == "miss"
    assert fetch(reader, url)[1] == "miss"
    head = reader.head(url)
    assert head.headers["X-Page-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == fetch(reader, url)[0]["Content-Length"]


def test_each_query_string_and_language_has_its_own_entry(reader, piece, committed):
    with committed():
        make_article(piece.volume, languages=("en", "es"), slug="both-languages")
    assert fetch(reader, "/en/search/?q=Piece")[1] == "miss"
    other, status = fetch(reader, "/en/search/?q=Pieza")
    assert status == "miss"
    assert fetch(reader, "/es/articles/")[1] == "miss"
    assert fetch(reader, "/en/search/?q=Piece")[1] == "hit"
    assert other.status_code == 200


def test_each_scheme_and_host_has_its_own_entry_and_bad_hosts_are_refused(reader, piece):
    url = piece.get_absolute_url()
    assert fetch(reader, url)[1] == "miss"
    assert fetch(reader, url, secure=True)[1] == "miss"
    assert fetch(reader, url, secure=True)[1] == "hit"
    assert fetch(reader, url)[1] == "hit"
    # A host outside ALLOWED_HOSTS never reaches a stored page, nor stores one.
    for _ in range(2):
        assert reader.get(url, HTTP_HOST="evil.example").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/admin/login/",
        "/en/accounts/login/",
        "/en/submissions/",
        "/en/articles/no-such-piece/",
        "/en/articles",  # a redirect to the address with its slash
        "/healthz",
    ],
)
def test_private_pages_errors_and_redirects_are_never_stored(reader, piece, path):
    first = reader.get(path)
    second = reader.get(path)
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    assert "s-maxage" not in second.get("Cache-Control", "")


@pytest.mark.subprocess  # renders the PDF, in a forked child
def test_the_pdf_keeps_its_own_validators_and_answers_304(reader, piece):
    url = reverse("pdf:article", args=[piece.slug, piece.slug])
    response = reader.get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    etag = response["ETag"]
    assert response["Cache-Control"] == "public, no-cache"
    again = reader.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag


def test_every_kind_of_reading_page_is_cached(reader, piece):
    paths = [*listing_pages(piece), "/en/search/?q=piece"]
    for path in paths:
        assert fetch(reader, path)[1] == "miss", path
        response, status = fetch(reader, path)
        assert (response.status_code, status) == (200, "hit"), path


def test_feeds_sitemaps_robots_and_oai_are_cached(reader, piece):
    for path in ["/en/feeds/rss/", "/sitemap.xml", "/robots.txt", "/oai/?verb=Identify"]:
        assert fetch(reader, path)[1] == "miss", path
        response, status = fetch(reader, path)
        assert (response.status_code, status) == (200, "hit"), path


def test_a_session_gets_a_fresh_private_page(reader, piece, superuser):
    fetch(reader, piece.get_absolute_url())
    superuser_client = Client()
    superuser_client.force_login(superuser)
    response, status = fetch(superuser_client, piece.get_absolute_url())
    assert status is None
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_switch_turns_the_cache_off(reader, piece, settings):
    settings.PAGE_CACHE_ENABLED = False
    for _ in range(2):
        response, status = fetch(reader, piece.get_absolute_url())
        assert status is None
        assert "s-maxage" not in response.get("Cache-Control", "")


def test_a_missing_generation_row_means_no_caching_until_the_next_change(reader, piece, committed):
    Generation.objects.all().delete()
    generation.forget()
    assert fetch(reader, piece.get_absolute_url())[1] is None
    with committed():
        piece.save()  # any change starts a generation again
    assert fetch(reader, piece.get_absolute_url())[1] == "miss"
    assert fetch(reader, piece.get_absolute_url())[1] == "hit"


def test_each_process_keeps_hot_pages_in_front_of_a_shared_cache(piece, settings, committed):
    settings.CACHES = {
        **settings.CACHES,
        # Stands for Redis: shared, and here storing nothing at all.
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    reader = Client()  # a new handler, so the middleware sees the new settings
    url = piece.get_absolute_url()
    assert fetch(reader, url)[1] == "miss"
    assert fetch(reader, url)[1] == "hit"
    piece.title_en = "Changed while kept locally"
    with committed():
        piece.save()
    response, status = fetch(reader, url)
    assert status == "miss"
    assert b"Changed while kept locally" in response.content
