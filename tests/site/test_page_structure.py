"""Guards every public page keeps: one <h1>, landmarks, a skip link, no scripts."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.site.conftest import not_found_urls, public_urls
from tests.site.html import read

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "es"]


def every_page(client, library, language: str):
    for url in public_urls(library, language):
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, read(response)
    for url in not_found_urls(language):
        response = client.get(url)
        assert response.status_code == 404, url
        yield url, read(response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_has_exactly_one_h1(client, library, language):
    for url, page in every_page(client, library, language):
        assert page.count("h1") == 1, url


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_landmarks_and_a_skip_link_to_main(client, library, language):
    for url, page in every_page(client, library, language):
        assert page.count("header") >= 1, url
        assert page.count("main") == 1, url
        assert page.find_all("main", id="main"), url
        assert page.count("footer") >= 1, url
        assert page.find_all("a", href="#main", **{"class": "skip-link"}), url
        labelled = [nav for nav in page.find_all("nav") if nav.get("aria-label")]
        assert len(labelled) == page.count("nav"), url


# Data for machines (JSON-LD) and small ES modules of our own that only add to the page.
ALLOWED_SCRIPTS = {"application/ld+json", "module"}
# Links that name a resource rather than load it.
NAMING_LINKS = {"canonical", "alternate", "schema.DC"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_readable_without_javascript_or_other_sites(client, library, language):
    for url, page in every_page(client, library, language):
        for script in page.find_all("script"):
            assert script.get("type") in ALLOWED_SCRIPTS, url
            assert script.get("src", "/static/").startswith("/static/"), url
        assert page.find_all("meta", name="viewport"), url
        for tag in ("link", "img"):
            for element in page.find_all(tag):
                source = element.get("href") or element.get("src") or ""
                if element.get("rel") not in NAMING_LINKS:
                    assert not source.startswith(("http://", "https://", "//")), (url, source)


def test_images_always_carry_alt_text(client, library):
    for language in LANGUAGES:
        for url, page in every_page(client, library, language):
            assert all("alt" in img for img in page.find_all("img")), url


def test_the_stylesheet_supports_dark_mode_focus_print_and_a_readable_measure():
    names = ["site", "listings", "article", "print"]
    css = "".join(Path(finders.find(f"css/{n}.css")).read_text(encoding="utf-8") for n in names)
    assert "prefers-color-scheme: dark" in css
    assert ":focus-visible" in css
    assert "@media print" in css
    assert "65ch" in css
    assert "@import" not in css
    # The only files a stylesheet loads are the fonts shipped beside it: no request leaves
    # the site, and nothing a font service could log or change.
    assert set(re.findall(r"url\(([^)]*)\)", css)) <= {
        f'"../fonts/source-serif-4/web/ColophonSerif-{face}.woff2"'
        for face in ("Regular", "It", "Semibold", "SemiboldIt", "Bold")
    }
