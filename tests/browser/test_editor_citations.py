"""Citations in the editor, in Chromium: an editor cites a piece's references in a note by
the keyboard and the picker, the stored body holds exactly the canonical <cite> elements,
the chips show their labels, and a citation is changed through its chip and deleted; a
contributor cites, in the text step, a reference added in the references step."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from articles.models import Reference
from tests.browser.test_csp import violations, watched_page
from tests.browser.test_editor import (
    AXE,
    ENGLISH,
    WRITTEN,
    editor_site,
    open_editors,
    signed_in,
)
from tests.factories import make_article, make_series
from tests.personas import make_person, make_submission

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["editor_site"]  # the fixture, for the tests below

SCREENSHOTS = Path(django_settings.BASE_DIR) / "artifacts/screenshots"
ENTRIES = {
    "varga": {
        "type": "book",
        "title": "Fleeing the Cartels: Displacement in Northern Mexico",
        "author": [{"family": "Varga", "given": "Ana"}],
        "publisher": "Andes Press",
        "issued": {"date-parts": [[2019]]},
    },
    "idmc": {
        "type": "report",
        "title": "Global Report on Internal Displacement",
        "author": [{"literal": "IDMC"}],
        "publisher": "Internal Displacement Monitoring Centre",
        "issued": {"date-parts": [[2022]]},
    },
    "sanchez": {
        "type": "article-journal",
        "title": "Violence and Flight in Central America",
        "author": [{"family": "Sánchez", "given": "Luis"}, {"family": "Ortiz", "given": "Eva"}],
        "container-title": "Journal of Refugee Studies",
        "volume": "34",
        "page": "101-125",
        "issued": {"date-parts": [[2021]]},
    },
}
BODY = '<p>Families flee<span data-note="">On the routes.</span> one by one.</p>'
PICKER = "dialog.colophon-cite-dialog"
INNER = ".colophon-note__input.ProseMirror-focused"
PAGES = "4\u20136"  # a range, with its en dash


def piece_with_references():
    article = make_article(references=0, body_en=BODY)
    for position, (key, csl) in enumerate(ENTRIES.items()):
        Reference.objects.create(article=article, position=position, key=key, csl=csl)
    return article


def open_note(page) -> None:
    page.locator(f"{ENGLISH} .colophon-note").first.click()
    # Opened by a click, the note has the cursor at the end of its text.
    page.locator(INNER).wait_for()


def chips(page, within: str = f"{ENGLISH} .colophon-note") -> list[str]:
    return page.locator(f"{within} .colophon-citation__text").all_inner_texts()


def test_an_editor_cites_references_in_a_note_and_changes_and_deletes_them(browser, editor_site):
    article = piece_with_references()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = signed_in(browser.new_context(viewport={"width": 1280, "height": 900}), editor_site)
    change = f"{editor_site}/admin/articles/article/{article.pk}/change/"
    open_editors(page, change)

    # The first citation: from the toolbar, found by part of the author's name.
    open_note(page)
    page.keyboard.type(" ")
    page.locator(f"{ENGLISH} button[data-name=citation]").click()
    picker = page.locator(PICKER)
    search = picker.get_by_role("combobox", name="Reference")
    expect_focused(search)
    options = picker.get_by_role("listbox", name="References").get_by_role("option")
    options.nth(2).wait_for()
    assert options.count() == 3
    search.press("ArrowDown")
    page.screenshot(path=SCREENSHOTS / "citation-picker-en-1280.png")
    search.press_sequentially("sanch")
    assert options.all_inner_texts()[0].startswith("Sánchez and Ortiz")
    search.fill("")
    search.press_sequentially("varg")
    assert options.count() == 1
    search.press("ArrowDown")
    search.press("Enter")
    assert search.input_value() == "Varga 2019"
    assert options.first.get_attribute("aria-selected") == "true"
    assert "is-chosen" in options.first.get_attribute("class")
    assert picker.get_by_label("Kind").input_value() == "page"
    picker.get_by_label("Number or range").fill("4")
    picker.get_by_role("button", name="Insert").click()
    picker.wait_for(state="detached")

    # The second, by the keyboard shortcut, still in the open note.
    page.locator(INNER).wait_for()
    page.keyboard.press("Control+Alt+c")
    search = picker.get_by_role("combobox", name="Reference")
    expect_focused(search)
    search.press_sequentially("displacement monit")
    search.press("Enter")
    # Enter may come before the list does: the first match is taken when it arrives.
    expect(search).to_have_value("IDMC 2022")
    picker.get_by_label("Kind").select_option("paragraph")
    picker.get_by_label("Number or range").fill("12")
    picker.get_by_label("Text before").fill("see")
    picker.get_by_label("Number or range").press("Enter")
    picker.wait_for(state="detached")
    assert chips(page) == ["Varga 2019, p 4", "see IDMC 2022, para 12"]
    page.keyboard.type(".")
    page.screenshot(path=SCREENSHOTS / "citation-chips-open-note-en-1280.png")
    page.keyboard.press("Escape")

    page.locator("input[name=_continue]").click()
    page.wait_for_load_state("load")
    article.refresh_from_db()
    assert article.body_en == (
        '<p>Families flee<span data-note="">On the routes. '
        '<cite data-ref="varga" data-label="page" data-locator="4"></cite>'
        '<cite data-ref="idmc" data-label="paragraph" data-locator="12" data-prefix="see">'
        "</cite>.</span> one by one.</p>"
    )
    assert violations(page) == []

    # Opened again, the closed note shows the chips' labels.
    open_editors(page, change)
    page.locator(f"{ENGLISH} .colophon-note .colophon-citation").nth(1).wait_for()
    page.wait_for_function(
        "() => document.querySelector('.colophon-note .colophon-citation__text')"
        ".textContent.startsWith('Varga')"
    )
    assert chips(page) == ["Varga 2019, p 4", "see IDMC 2022, para 12"]
    note = page.locator(f"{ENGLISH} .colophon-note").first
    note.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "citation-chips-en-1280.png")

    # A click on a chip opens the picker on it, to change the pinpoint.
    open_note(page)
    page.locator(f"{INNER} .colophon-citation").first.click()
    picker.wait_for()
    assert picker.get_by_role("combobox", name="Reference").input_value() == ""
    assert picker.get_by_label("Number or range").input_value() == "4"
    picker.get_by_label("Number or range").fill(PAGES)
    picker.get_by_role("button", name="Update").click()
    picker.wait_for(state="detached")
    assert chips(page) == [f"Varga 2019, p {PAGES}", "see IDMC 2022, para 12"]

    # The changed chip is still selected: Delete removes it.
    page.locator(f"{INNER} .colophon-citation.ProseMirror-selectednode").wait_for()
    page.keyboard.press("Delete")
    assert chips(page) == ["see IDMC 2022, para 12"]
    written = page.evaluate(WRITTEN, "id_body_en")
    assert written == (
        '<p>Families flee<span data-note="">On the routes. '
        '<cite data-ref="idmc" data-label="paragraph" data-locator="12" data-prefix="see">'
        "</cite>.</span> one by one.</p>"
    )
    page.keyboard.press("Escape")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state("load")
    article.refresh_from_db()
    assert article.body_en == written
    assert violations(page) == []


def expect_focused(locator) -> None:
    locator.wait_for()
    locator.page.wait_for_function(
        "(id) => document.activeElement && document.activeElement.id === id",
        arg=locator.get_attribute("id"),
    )


def test_a_citation_in_the_running_text_is_inserted_changed_by_enter_and_deleted(
    browser, editor_site
):
    article = piece_with_references()
    article.body_en = "<p>Families flee.</p>"
    article.save()
    page = signed_in(browser.new_context(), editor_site)
    open_editors(page, f"{editor_site}/admin/articles/article/{article.pk}/change/")
    page.locator(f"{ENGLISH} .ProseMirror p").first.click()
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")  # before the full stop
    page.keyboard.type(" ")
    page.keyboard.press("Control+i")
    page.keyboard.press("Control+Alt+c")
    picker = page.locator(PICKER)
    search = picker.get_by_role("combobox", name="Reference")
    expect_focused(search)
    search.press_sequentially("ortiz")
    search.press("Enter")
    picker.get_by_label("Text after").fill("  emphasis   added ")
    picker.get_by_role("button", name="Insert").click()
    picker.wait_for(state="detached")
    assert page.evaluate(WRITTEN, "id_body_en") == (
        '<p>Families flee <em><cite data-ref="sanchez" data-suffix="emphasis added"></cite>'
        "</em>.</p>"
    )
    # Selected by the arrow key, Enter opens the picker on it.
    page.keyboard.press("ArrowLeft")
    page.locator(f"{ENGLISH} .colophon-citation.ProseMirror-selectednode").wait_for()
    page.keyboard.press("Enter")
    picker.get_by_role("button", name="Update").wait_for()
    picker.get_by_label("Kind").select_option("chapter")
    picker.get_by_label("Number or range").fill("3")
    picker.get_by_role("button", name="Update").click()
    picker.wait_for(state="detached")
    assert chips(page, ENGLISH) == ["Sánchez and Ortiz 2021, ch 3, emphasis added"]
    assert page.evaluate(WRITTEN, "id_body_en") == (
        '<p>Families flee <em><cite data-ref="sanchez" data-label="chapter" data-locator="3"'
        ' data-suffix="emphasis added"></cite></em>.</p>'
    )
    page.keyboard.press("Backspace")
    assert page.evaluate(WRITTEN, "id_body_en") == "<p>Families flee .</p>"
    assert violations(page) == []


def test_enter_typed_before_the_list_arrives_takes_the_first_match_when_it_does(
    browser, editor_site
):
    article = piece_with_references()
    page = signed_in(browser.new_context(viewport={"width": 1280, "height": 900}), editor_site)
    open_editors(page, f"{editor_site}/admin/articles/article/{article.pk}/change/")
    held = []
    # The list the picker asks for as it opens is held back until the search is typed.
    page.route("**/citable-references/", lambda route: held.append(route))
    open_note(page)
    page.locator(f"{ENGLISH} button[data-name=citation]").click()
    picker = page.locator(PICKER)
    search = picker.get_by_role("combobox", name="Reference")
    expect_focused(search)
    search.press_sequentially("varg")
    search.press("Enter")
    assert held, "the picker did not ask for the list"
    for route in held:
        route.continue_()
    expect(search).to_have_value("Varga 2019")
    picker.get_by_label("Number or range").fill("4")
    picker.get_by_role("button", name="Insert").click()
    picker.wait_for(state="detached")
    assert chips(page) == ["Varga 2019, p 4"]


def test_the_picker_says_how_to_add_references_to_a_piece_that_has_none(browser, editor_site):
    article = make_article(references=0, body_en="<p>Text.</p>")
    page = signed_in(browser.new_context(), editor_site)
    open_editors(page, f"{editor_site}/admin/articles/article/{article.pk}/change/")
    page.locator(f"{ENGLISH} .ProseMirror p").first.click()
    page.keyboard.press("Control+Alt+c")
    picker = page.locator(PICKER)
    picker.get_by_text(
        "Add entries to the bibliography below and save, then cite them."
    ).wait_for()
    picker.get_by_role("button", name="Cancel").click()
    picker.wait_for(state="detached")
    assert violations(page) == []


def test_the_picker_and_the_chips_pass_axe(browser, editor_site):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: make browser-tools")
    article = piece_with_references()
    article.body_en = (
        '<p>Flee<span data-note="">On <cite data-ref="varga" data-label="page" data-locator="4">'
        '</cite>.</span> and <cite data-ref="gone"></cite>.</p>'
    )
    article.save()
    # axe-core goes in as a script tag, which the policy rightly refuses: a second look.
    page = signed_in(browser.new_context(bypass_csp=True), editor_site)
    open_editors(page, f"{editor_site}/admin/articles/article/{article.pk}/change/")
    page.get_by_text("[missing reference]").wait_for()
    open_note(page)
    page.keyboard.press("Control+Alt+c")
    picker = page.locator(PICKER)
    picker.get_by_role("listbox").get_by_role("option").nth(2).wait_for()
    picker.get_by_role("combobox", name="Reference").press("ArrowDown")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "axe.run({exclude: [['.inline-group'], ['.select2-container']]},"
        " {resultTypes: ['violations']})"
    )
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []


def test_a_page_body_has_no_cite_button(browser, editor_site):
    from pages.models import Page

    page_item = Page.objects.create(slug="about", title_en="About", body_en="<p>About.</p>")
    page = signed_in(browser.new_context(), editor_site)
    open_editors(page, f"{editor_site}/admin/pages/page/{page_item.pk}/change/")
    assert page.locator(f"{ENGLISH} button[data-name=note]").count() == 1
    assert page.locator(f"{ENGLISH} button[data-name=citation]").count() == 0


def test_a_contributor_cites_in_the_text_a_reference_from_the_references_step(
    browser, live_server
):
    series = make_series(slug="cities", title_en="Cities", title_es="Ciudades")
    author = make_person("lucia@example.org", given="Lucía", family="Prueba")
    piece = make_submission(author, series)
    base = live_server.url
    page = watched_page(browser.new_context(viewport={"width": 1280, "height": 900}))
    page.goto(f"{base}/en/accounts/login/")
    page.locator("#id_username").fill("lucia@example.org")
    page.locator("#id_password").fill("pw-Long-enough-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/submissions/")

    page.goto(f"{base}/en/submissions/{piece.pk}/edit/references/")
    page.locator("#id_references-0-type").select_option("report")
    page.locator("#id_references-0-name-0-kind").select_option("organisation")
    page.locator("#id_references-0-name-0-literal").fill("Internal Displacement Monitoring Centre")
    page.locator("#id_references-0-title").fill("Global Report on Internal Displacement")
    page.locator("#id_references-0-issued").fill("2022")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("Your draft is saved").wait_for()
    key = piece.references.get().key

    page.goto(f"{base}/en/submissions/{piece.pk}/edit/text/")
    page.wait_for_selector("#id_body[data-editor-ready]", state="attached")
    editor = ".prose-editor:has(> #id_body)"
    page.locator(f"{editor} .ProseMirror p").click()
    # End is pressed only once the click has put the cursor in the text.
    expect(page.locator(f"{editor} .ProseMirror")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("Control+Alt+f")
    page.locator(INNER).wait_for()
    page.keyboard.type("As counted by ")
    page.locator(f"{editor} button[data-name=citation]").click()
    picker = page.locator(PICKER)
    # The list is fetched as the picker opens: filter only once it is there.
    options = picker.get_by_role("listbox", name="References").get_by_role("option")
    options.first.wait_for()
    search = picker.get_by_role("combobox", name="Reference")
    search.press_sequentially("global report")
    search.press("Enter")
    expect(options.first).to_have_attribute("aria-selected", "true")
    picker.get_by_label("Number or range").fill("17")
    page.screenshot(path=SCREENSHOTS / "citation-picker-portal-en-1280.png")
    picker.get_by_role("button", name="Insert").click()
    picker.wait_for(state="detached")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("Your draft is saved").wait_for()
    piece.refresh_from_db()
    assert piece.body_en == (
        f'<p>The submitted body.<span data-note="">As counted by <cite data-ref="{key}"'
        ' data-label="page" data-locator="17"></cite></span></p>'
    )
    assert violations(page) == []
