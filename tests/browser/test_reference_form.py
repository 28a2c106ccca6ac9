"""The bibliography form in Chromium: an editor adds a chapter with its author and the
book's two editors by clicking, sees the preview follow the typing, reorders and removes
entries, and saves; the same form without JavaScript; and the portal's step 5."""

import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from articles.models import Reference
from tests.browser.test_csp import violations, watched_page
from tests.browser.test_editor import AXE, PASSWORD, signed_in
from tests.factories import make_article
from tests.personas import make_person, make_submission

pytestmark = pytest.mark.django_db(transaction=True)

# Screenshots to look at: set SCREENSHOT_DIR to keep them.
SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.gettempdir()) / "reference-form"
CHAPTER = {
    "type": "chapter",
    "title": "Truth-Telling and Internal Displacement in Colombia",
    "container-title": "Transitional Justice and Displacement",
    "author": [{"family": "Vidal López", "given": "Roberto"}],
    "editor": [{"family": "Duthie", "given": "Roger"}, {"family": "Bradley", "given": "Megan"}],
    "publisher": "Social Science Research Council",
    "issued": {"date-parts": [[2012]]},
}


@pytest.fixture
def site(live_server) -> str:
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    return live_server.url


def fill_name(entry, index: int, role: str, family: str, given: str) -> None:
    entry.locator(f"select[name$='-name-{index}-role']").select_option(role)
    entry.locator(f"input[name$='-name-{index}-family']").fill(family)
    entry.locator(f"input[name$='-name-{index}-given']").fill(given)


def test_an_editor_adds_a_chapter_reorders_and_removes_entries_without_a_reload(browser, site):
    article = make_article(references=2)
    page = signed_in(browser.new_context(viewport={"width": 1400, "height": 1000}), site)
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    group = page.locator("[data-references]")
    group.get_by_role("button", name="Add a reference").click()
    entry = group.locator("[data-reference]").nth(3)
    assert entry.locator(".ref__legend").inner_text() == "Reference 4"
    entry.get_by_label("Type", exact=True).select_option("chapter")
    # Only the chapter's fields, with the chapter's labels.
    assert entry.get_by_label("Book title", exact=True).is_visible()
    assert not entry.locator("[data-ref-field=issue]").is_visible()
    assert not entry.locator("[data-ref-field=authority]").is_visible()
    entry.get_by_label("Title", exact=True).fill(CHAPTER["title"])
    fill_name(entry, 0, "author", "Vidal López", "Roberto")
    fill_name(entry, 1, "editor", "Duthie", "Roger")
    fill_name(entry, 2, "editor", "Bradley", "Megan")
    entry.get_by_role("button", name="Add a name").click()
    assert entry.locator("[data-name-row]").count() == 4
    entry.get_by_role("button", name="Remove name 4").click()
    assert entry.locator("[data-name-row]").count() == 3
    preview = entry.locator("[data-preview]")
    assert preview.get_attribute("aria-live") == "polite"
    # The preview names what is missing, then shows the entry once it is there.
    entry.get_by_label("Book title", exact=True).fill("")
    entry.get_by_label("Publisher", exact=True).fill(CHAPTER["publisher"])
    page.wait_for_function(
        '(el) => el.textContent.includes("A chapter needs the book\'s title.")',
        arg=entry.locator("[data-preview-errors]").element_handle(),
    )
    entry.get_by_label("Book title", exact=True).fill(CHAPTER["container-title"])
    entry.get_by_label("Date", exact=True).fill("2012")
    page.wait_for_function(
        "(el) => el.textContent.includes('Transitional Justice and Displacement')",
        arg=preview.element_handle(),
    )
    assert "Duthie" in preview.inner_text()
    assert entry.locator("[data-preview-errors]").inner_text() == ""
    # Move the second book above the first, then remove the first.
    group.get_by_role("button", name="Move reference 2 up").click()
    assert group.locator("[data-reference] .ref__legend").first.inner_text() == "Reference 1"
    first = group.locator("[data-reference]").first
    assert first.get_by_label("Title", exact=True).input_value() == "Book 1"
    group.get_by_role("button", name="Remove reference 2").click()
    SHOTS.mkdir(parents=True, exist_ok=True)
    group.screenshot(path=str(SHOTS / "admin-references.png"))
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert "was changed successfully" in page.content()
    stored = list(article.references.order_by("position"))
    assert [r.csl["title"] for r in stored] == ["Book 1", CHAPTER["title"]]
    assert stored[1].csl == CHAPTER
    assert violations(page) == []


def test_a_treaty_asks_when_it_entered_into_force_and_its_series_abbreviation(browser, site):
    article = make_article(references=0)
    page = signed_in(browser.new_context(viewport={"width": 1400, "height": 1000}), site)
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    entry = page.locator("[data-reference]").first
    assert not entry.get_by_label("Entered into force", exact=True).is_visible()
    assert not entry.locator("[data-ref-field=container_title_short]").is_visible()
    entry.get_by_label("Type", exact=True).select_option("treaty")
    entry.get_by_label("Title", exact=True).fill("Convention Relating to the Status of Refugees")
    entry.get_by_label("Treaty series", exact=True).fill("United Nations Treaty Series")
    entry.get_by_label("Series abbreviation", exact=True).fill("UNTS")
    entry.get_by_label("Volume", exact=True).fill("189")
    entry.get_by_label("Pages", exact=True).fill("137")
    entry.get_by_label("Adopted", exact=True).fill("1951-07-28")
    entry.get_by_label("Entered into force", exact=True).fill("1954-04-22")
    page.wait_for_function(
        "(el) => el.textContent.includes('1954) 189 UNTS 137')",
        arg=entry.locator("[data-preview]").element_handle(),
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    entry.screenshot(path=str(SHOTS / "admin-treaty.png"))
    entry.get_by_label("Type", exact=True).select_option("article-journal")
    assert entry.get_by_label("Journal abbreviation", exact=True).is_visible()
    assert not entry.get_by_label("Entered into force", exact=True).is_visible()


def test_the_form_works_without_javascript(browser, site):
    article = make_article(references=0)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1400, "height": 1000}
    )
    page = signed_in(context, site)
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    entry = page.locator("[data-reference]").first
    # Every field shows, with hints saying where each applies; three blank name rows.
    assert entry.get_by_label("Published in", exact=True).is_visible()
    assert entry.get_by_label("Abbreviation", exact=True).is_visible()
    assert entry.get_by_label("Entered into force", exact=True).is_visible()
    assert entry.locator("[data-name-row]").count() == 3
    assert not entry.get_by_role("button", name="Add a name").is_visible()
    entry.get_by_label("Type", exact=True).select_option("chapter")
    entry.get_by_label("Title", exact=True).fill(CHAPTER["title"])
    entry.get_by_label("Published in", exact=True).fill(CHAPTER["container-title"])
    entry.get_by_label("Publisher", exact=True).fill(CHAPTER["publisher"])
    entry.get_by_label("Date", exact=True).fill("2012")
    fill_name(entry, 0, "author", "Vidal López", "Roberto")
    fill_name(entry, 1, "editor", "Duthie", "Roger")
    fill_name(entry, 2, "editor", "Bradley", "Megan")
    SHOTS.mkdir(parents=True, exist_ok=True)
    entry.screenshot(path=str(SHOTS / "admin-references-without-javascript.png"))
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert "was changed successfully" in page.content()
    assert Reference.objects.get(article=article).csl == CHAPTER


def test_the_portal_step_offers_the_same_form(browser, live_server):
    author = make_person("ana@example.org")
    article = make_submission(author)
    Reference.objects.create(article=article, key="chapter", csl=CHAPTER, position=0)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = watched_page(context)
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.locator("#id_username").fill("ana@example.org")
    page.locator("#id_password").fill("pw-Long-enough-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/submissions/")
    page.goto(f"{live_server.url}/en/submissions/{article.pk}/edit/references/")
    entry = page.locator("[data-reference]").first
    assert "Transitional Justice and Displacement" in entry.locator("[data-preview]").inner_text()
    added = page.locator("[data-reference]").nth(1)
    added.get_by_label("Type", exact=True).select_option("treaty")
    assert added.get_by_label("Treaty series", exact=True).is_visible()
    added.get_by_label("Title", exact=True).fill("Convention Relating to the Status of Refugees")
    added.get_by_label("Treaty series", exact=True).fill("United Nations Treaty Series")
    added.get_by_label("Volume", exact=True).fill("189")
    added.get_by_label("Pages", exact=True).fill("137")
    added.get_by_label("Series abbreviation", exact=True).fill("UNTS")
    added.get_by_label("Adopted", exact=True).fill("1951-07-28")
    added.get_by_label("Entered into force", exact=True).fill("1954-04-22")
    page.wait_for_function(
        "(el) => el.textContent.includes('entered into force 22 April 1954) 189 UNTS 137')",
        arg=added.locator("[data-preview]").element_handle(),
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "portal-references.png"), full_page=True)
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_load_state()
    treaty = article.references.get(csl__type="treaty")
    assert treaty.csl["volume"] == "189"
    assert treaty.csl["container-title-short"] == "UNTS"
    assert treaty.csl["event-date"] == {"date-parts": [[1954, 4, 22]]}
    assert treaty.position == 1
    assert violations(page) == []


def test_the_bibliography_form_passes_axe_in_the_admin_and_the_portal(browser, site):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: make browser-tools")
    article = make_article(references=2)
    Reference.objects.create(article=article, key="chapter", csl=CHAPTER, position=2)
    # axe goes in as a script tag, which the policy refuses: a context that lets it in.
    page = signed_in(browser.new_context(bypass_csp=True), site)
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("button", name="Add a reference").click()
    page.locator("[data-reference]").last.get_by_label("Type", exact=True).select_option("report")
    assert serious_violations(page, "[data-references]") == []
    author = make_person("ana@example.org")
    submission = make_submission(author)
    Reference.objects.create(article=submission, key="chapter", csl=CHAPTER, position=0)
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{site}/en/accounts/login/")
    page.locator("#id_username").fill("ana@example.org")
    page.locator("#id_password").fill("pw-Long-enough-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/submissions/")
    page.goto(f"{site}/en/submissions/{submission.pk}/edit/references/")
    assert serious_violations(page, "main") == []


def serious_violations(page, selector: str) -> list[str]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "(selector) => axe.run({include: [[selector]]}, {resultTypes: ['violations']})", selector
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
