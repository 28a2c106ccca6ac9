"""One absolute_url for feeds, sitemaps, OAI-PMH, PDFs and e-mails, SITE_URL's path kept."""

import pytest
from django.urls import reverse

from colophon.lib.urls import absolute_url


@pytest.mark.parametrize(
    ("site_url", "path", "expected"),
    [
        (
            "https://series.example.org",
            "/en/articles/a/",
            "https://series.example.org/en/articles/a/",
        ),
        ("https://series.example.org/", "/en/", "https://series.example.org/en/"),
        # A site served below a path keeps it...
        ("https://example.org/series", "/en/", "https://example.org/series/en/"),
        ("https://example.org/series/", "/oai/", "https://example.org/series/oai/"),
        # ...once, when reverse() already added the script prefix.
        ("https://example.org/series", "/series/en/", "https://example.org/series/en/"),
        ("https://example.org/series", "/series", "https://example.org/series"),
        # A path that only starts with the same letters is not under it.
        ("https://example.org/series", "/seriesx/", "https://example.org/series/seriesx/"),
    ],
)
def test_it_joins_the_site_and_the_path(settings, site_url, path, expected):
    settings.SITE_URL = site_url
    assert absolute_url(path) == expected


@pytest.mark.django_db
def test_feeds_and_sitemaps_keep_a_path_in_site_url(settings, client):
    settings.SITE_URL = "https://example.org/series"
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert "https://example.org/series/sitemap-" in sitemap
