"""The reading site in a real browser: a reader's journey, axe-core on every page type in
both languages, and screenshots at phone and desktop widths (artifacts/screenshots/)."""

import importlib
import json
import mimetypes
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import RequestFactory
from django.views.defaults import server_error

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(django_settings.BASE_DIR)
AXE = ROOT / ".tools/node/node_modules/axe-core/axe.min.js"
SCREENSHOTS = ROOT / "artifacts/screenshots"
WIDTHS = {"phone": 360, "desktop": 1280}
SHOWN = "protection-gaps-criminal-violence"  # a demo piece in both languages, with an image


@pytest.fixture
def site(live_server, settings):
    settings.SITE_URL = live_server.url
    # "How to contribute" is made by a data migration, and a transactional test that ran
    # earlier in this worker emptied every table when it ended; put it back.
    importlib.import_module("pages.migrations.0002_contribute_page").create_page(apps, None)
    call_command("import_articles", str(ROOT / "demo/demo.json"), verbosity=0)
    article = Article.objects.select_related("volume__series").get(slug=SHOWN)
    return {
        "url": live_server.url,
        "article": article,
        "series": article.volume.series,
        "volume": article.volume,
        "topic": article.topics.first(),
        "author": article.authorships.first().contributor,
    }


def serve_media_and_errors(page, base: str) -> None:
    """The live server serves static files only; media come from MEDIA_ROOT here, and the
    500 page is Django's own server_error response at a made-up address."""
    media_root = Path(django_settings.MEDIA_ROOT)

    def media(route):
        path = media_root / route.request.url.split("/media/", 1)[1]
        if not path.is_file():
            return route.fulfill(status=404)
        return route.fulfill(path=str(path), content_type=mimetypes.guess_type(path)[0])

    def error(route):
        response = server_error(RequestFactory().get("/"))
        return route.fulfill(status=500, body=response.content, content_type="text/html")

    page.route(f"{base}/media/**", media)
    page.route(f"{base}/_server-error/", error)


def page_types(site: dict, lang: str) -> dict[str, str]:
    article, series, volume = site["article"], site["series"], site["volume"]
    query = "desplazamiento" if lang == "es" else "displacement"
    return {
        "home": f"/{lang}/",
        "series": f"/{lang}/series/{series.slug}/",
        "volume": f"/{lang}/series/{series.slug}/{volume.number}/",
        "article": f"/{lang}/articles/{article.slug}/",
        "author": f"/{lang}/authors/{site['author'].slug}/",
        "topic": f"/{lang}/topics/{site['topic'].slug}/",
        "search": f"/{lang}/search/?q={query}",
        "contribute": f"/{lang}/contribute/",
        "404": f"/{lang}/no-such-page/",
        "500": "/_server-error/",
    }


LOAD_ALL_IMAGES = """Promise.all([...document.images].map((img) => {
  img.loading = "eager";
  return img.complete ? null : new Promise((done) => { img.onload = img.onerror = done; });
}))"""


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_every_page_type_passes_axe_in_both_languages_and_is_photographed(browser, site):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: make browser-tools")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failures = {}
    for size, width in WIDTHS.items():
        # axe-core goes in as an inline script, which the site's policy rightly refuses;
        # whether the pages themselves keep to it is tests/browser/test_csp.py's business.
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        serve_media_and_errors(page, site["url"])
        for lang in ("en", "es"):
            for name, path in page_types(site, lang).items():
                if name == "500" and lang == "es":
                    continue
                response = page.goto(site["url"] + path)
                expected = {"404": 404, "500": 500}.get(name, 200)
                assert response.status == expected, path
                # A full-page shot shows what a reader scrolls to: load the lazy images too.
                page.evaluate(LOAD_ALL_IMAGES)
                page.screenshot(path=SCREENSHOTS / f"{name}-{lang}-{width}.png", full_page=True)
                if size == "phone":
                    # No horizontal scrolling on a phone.
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    )
                    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
                    continue
                found = serious_violations(page)
                if found:
                    failures[path] = found
        context.close()
    assert failures == {}, json.dumps(failures, indent=1)


def test_the_widest_pages_fit_a_320_pixel_phone_in_dark_mode_without_motion(browser, site):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, color_scheme="dark", reduced_motion="reduce"
    )
    page = context.new_page()
    serve_media_and_errors(page, site["url"])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("home", "article", "search"):
        page.goto(site["url"] + page_types(site, "es")[name])
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(23, 22, 20)", name  # --paper in dark mode
    page.screenshot(path=SCREENSHOTS / "search-es-320-dark.png")
    # Focus is visible: the skip link is the first stop and gets an outline.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    context.close()


def test_a_reader_goes_from_the_home_page_to_a_cited_spanish_piece_and_searches(browser, site):
    base, article, series = site["url"], site["article"], site["series"]
    context = browser.new_context(
        accept_downloads=True, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    serve_media_and_errors(page, base)

    page.goto(f"{base}/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Series").click()
    page.get_by_role("link", name=series.title_en).first.click()
    assert page.url.endswith(series.get_absolute_url().replace("/es/", "/en/"))
    page.get_by_role("link", name=article.title_en).first.click()
    page.get_by_role("heading", level=1, name=article.title_en).wait_for()
    assert page.locator(".article__image img").get_attribute("loading") is None

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    page.get_by_role("heading", level=1, name=article.title_es).wait_for()
    assert page.url == f"{base}/es/articles/{article.slug}/"
    assert page.locator("html").get_attribute("lang") == "es"

    pdf_link = page.locator(".pdf-link a")
    pdf = page.request.get(base + pdf_link.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"

    page.get_by_role("button", name="Copiar").first.click()
    page.get_by_text("Copiado").wait_for(state="attached")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert article.title_es in copied

    with page.expect_download() as download:
        page.get_by_role("link", name="BibTeX", exact=True).click()
    assert download.value.suggested_filename == f"{article.slug}.bib"
    assert "@" in Path(download.value.path()).read_text(encoding="utf-8")

    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Buscar").click()
    page.get_by_role("searchbox").first.fill("desplazamiento")
    page.get_by_role("searchbox").first.press("Enter")
    page.locator(f"a[href='/es/articles/{article.slug}/']").first.wait_for()
    context.close()
