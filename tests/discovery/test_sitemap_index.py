"""/sitemap.xml is an index of sections; every entry has a lastmod; robots.txt points to it."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from articles.models import Article
from tests.discovery.conftest import SITE

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def parse(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314  (our own output)


def test_the_sitemap_is_an_index_of_sections(client, library, site):
    index = parse(client, "/sitemap.xml")
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locations = [entry.findtext("s:loc", namespaces=NS) for entry in index]
    assert locations == [
        f"{SITE}/sitemap-{section}.xml"
        for section in ("static", "articles", "series", "volumes", "topics", "authors", "pages")
    ]
    assert all(entry.findtext("s:lastmod", namespaces=NS) for entry in index[:-1])


def test_a_long_section_is_split_into_pages_that_the_index_lists(
    client, library, site, monkeypatch
):
    from articles.discovery.sitemaps import LanguageSitemap

    monkeypatch.setattr(LanguageSitemap, "limit", 1)
    index = parse(client, "/sitemap.xml")
    locations = [entry.findtext("s:loc", namespaces=NS) for entry in index]
    pages = [loc for loc in locations if loc.startswith(f"{SITE}/sitemap-articles.xml?p=")]
    assert pages, locations
    listed = set()
    for location in [f"{SITE}/sitemap-articles.xml", *pages]:
        urls = parse(client, location.removeprefix(SITE)).findall("s:url", NS)
        assert len(urls) == 1, location
        listed.add(urls[0].findtext("s:loc", namespaces=NS))
    # Every page holds a different address, and together they are the whole section.
    assert len(listed) == len(pages) + 1


def test_every_entry_has_a_lastmod_and_hreflang_alternates(client, library, site):
    for section in ("static", "articles", "series", "volumes", "topics", "authors"):
        urls = parse(client, f"/sitemap-{section}.xml").findall("s:url", NS)
        assert urls, section
        for url in urls:
            assert url.findtext("s:lastmod", namespaces=NS), (section, url)
            hreflangs = {link.get("hreflang") for link in url.findall("x:link", NS)}
            assert "x-default" in hreflangs, (section, url)


def test_a_series_was_last_modified_when_its_newest_public_change_was(client, library, site):
    Article.objects.update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    Article.objects.filter(pk=library.english.pk).update(
        updated_at=datetime(2020, 3, 5, tzinfo=UTC)
    )
    # A draft's changes are not public.
    Article.objects.filter(pk=library.draft.pk).update(updated_at=datetime(2021, 1, 1, tzinfo=UTC))
    url = parse(client, "/sitemap-series.xml").find("s:url", NS)
    assert url.findtext("s:lastmod", namespaces=NS) == "2020-03-05"


def test_robots_txt_points_to_the_sitemap(client, site):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /es/search/" in lines
