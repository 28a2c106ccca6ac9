"""Validators and Cache-Control: what browsers and a CDN are told about each page."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from pagecache import generation
from pagecache.generation import State
from pagecache.middleware import last_modified
from pagecache.models import Generation
from tests.pagecache.conftest import fetch

pytestmark = pytest.mark.django_db


def _settled(minutes: int = 5) -> None:
    """Pretend the last change was a while ago, so pages carry a Last-Modified date."""
    Generation.objects.update(changed_at=timezone.now() - timedelta(minutes=minutes))
    generation.forget()  # as if written by another process a while ago


def test_a_known_etag_is_answered_with_304_on_a_miss_and_on_a_hit(reader, piece, settings):
    url = piece.get_absolute_url()
    first, status = fetch(reader, url)
    assert status == "miss"
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    hit = reader.get(url, headers={"if-none-match": etag})
    assert (hit.status_code, hit["X-Page-Cache"]) == (304, "hit")
    assert hit.content == b""
    assert hit["ETag"] == etag
    assert hit["Cache-Control"] == first["Cache-Control"]
    caches[settings.PAGE_CACHE_ALIAS].clear()
    miss = reader.get(url, headers={"if-none-match": etag})
    assert (miss.status_code, miss["X-Page-Cache"]) == (304, "miss")
    other = reader.get(url, headers={"if-none-match": '"something-else"'})
    assert other.status_code == 200


def test_the_etag_changes_with_the_page(reader, piece, committed):
    etag = fetch(reader, piece.get_absolute_url())[0]["ETag"]
    piece.title_en = "Another title"
    with committed():
        piece.save()
    response = reader.get(piece.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_if_modified_since_is_answered_from_the_generation_date(reader, piece, committed):
    _settled()
    url = piece.get_absolute_url()
    first, _ = fetch(reader, url)
    changed = Generation.objects.get().changed_at
    assert first["Last-Modified"] == http_date(changed.timestamp())
    hit = reader.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert hit.status_code == 304
    earlier = http_date((changed - timedelta(days=1)).timestamp())
    assert reader.get(url, headers={"if-modified-since": earlier}).status_code == 200
    with committed():
        piece.save()
    _settled(minutes=1)  # the change above, seen a minute later
    after = reader.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert after.status_code == 200


def test_no_last_modified_is_claimed_within_the_second_of_a_change():
    now = timezone.now()
    assert last_modified(State(1, now + timedelta(seconds=2), None)) is None
    assert last_modified(State(1, now - timedelta(minutes=1), None)) == int(
        (now - timedelta(minutes=1)).timestamp()
    )


def test_a_cdn_may_keep_a_public_page_for_the_configured_seconds(reader, piece, settings):
    settings.PAGE_CACHE_CDN_SECONDS = 120
    response, _ = fetch(reader, piece.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=120"
    assert fetch(reader, piece.get_absolute_url())[0]["Cache-Control"] == response["Cache-Control"]


def test_zero_cdn_seconds_makes_every_cache_ask_again(reader, piece, settings):
    settings.PAGE_CACHE_CDN_SECONDS = 0
    response, _ = fetch(reader, piece.get_absolute_url())
    assert response["Cache-Control"] == "public, no-cache"


def test_vary_is_kept_as_the_view_sent_it(reader, piece):
    miss, _ = fetch(reader, "/sitemap.xml", headers={"accept-language": "es"})
    hit, status = fetch(reader, "/sitemap.xml", headers={"accept-language": "es"})
    assert status == "hit"
    assert hit.get("Vary") == miss.get("Vary")
    # Outside the language prefix the negotiated language is part of the key.
    assert fetch(Client(), "/sitemap.xml", headers={"accept-language": "en"})[1] == "miss"
