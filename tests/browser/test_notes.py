"""Notes in a real browser: sidenotes beside their calls on a wide screen, only the list on
a phone, calls and back-links that move the reader, and axe-core on a page with notes."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from articles.models import Article
from tests.browser.test_reading_site import AXE, serious_violations
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(django_settings.BASE_DIR) / "artifacts/screenshots"
FILLER = "<p>" + "Families leave one district after another when the roads close. " * 12 + "</p>"
BODY = (
    f"{FILLER}<p>Officials count them"
    '<span data-note="">See <em>Varga</em> 2019 and <a href="https://example.org/">the report</a>.'
    "</span> rarely.</p>"
    f"{FILLER}{FILLER}<p>Nobody asks"
    '<span data-note="">A second note, long enough to wrap over a few lines in the margin '
    "of a wide screen.</span> why.</p>"
    f"{FILLER}"
)


@pytest.fixture
def noted(live_server, settings):
    settings.SITE_URL = live_server.url
    article = make_article(languages=("en", "es"), slug="noted", image=False)
    Article.objects.filter(pk=article.pk).update(body_en=BODY)
    return f"{live_server.url}/en/articles/noted/"


def _box(page, selector: str) -> dict:
    return page.locator(selector).bounding_box()


def test_on_a_wide_screen_each_sidenote_sits_in_the_margin_beside_its_call(browser, noted):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(noted)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "notes-en-1280.png", full_page=True)
    body = _box(page, ".article__body")
    for n in (1, 2):
        call = _box(page, f"#note-call-{n}")
        side = _box(page, f".sidenote >> nth={n - 1}")
        assert side["x"] >= body["x"] + body["width"], "the sidenote overlaps the text"
        assert side["x"] + side["width"] <= 1280
        assert abs(side["y"] - call["y"]) < 40, "the sidenote is not beside its call"
    assert page.locator("section.notes").is_visible()


def test_on_a_phone_only_the_list_after_the_text_shows_the_notes(browser, noted):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(noted)
    assert not page.locator(".sidenote").first.is_visible()
    assert page.locator("section.notes li").count() == 2
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_a_call_leads_to_its_note_and_the_back_link_returns(browser, noted):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(noted)
    page.click("#note-call-2")
    assert page.url.endswith("#note-2")
    assert page.locator("#note-2").is_visible()
    page.click("#note-2 a[role=doc-backlink]")
    assert page.url.endswith("#note-call-2")
    assert page.locator("#note-call-2").is_visible()


def test_a_page_with_notes_passes_axe_at_both_widths(browser, noted):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: make browser-tools")
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        page.goto(noted)
        assert serious_violations(page) == [], width
        context.close()
