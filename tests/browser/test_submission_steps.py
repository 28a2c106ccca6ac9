"""The submission form's steps in a real browser: a draft survives closing the browser,
a step's link saves what was typed (with JavaScript), and each step's height."""

import pytest

from articles.models import Article
from tests.factories import make_series, make_topic
from tests.personas import make_person

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "pw-Long-enough-123"


def sign_in(context, base: str, language: str = "en"):
    page = context.new_page()
    page.goto(f"{base}/{language}/accounts/login/")
    page.locator("#id_username").fill("lucia@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/submissions/")
    return page


def test_a_draft_survives_closing_the_browser_and_opens_on_its_step(browser, live_server):
    make_series(slug="cities", title_en="Cities", title_es="Ciudades")
    make_person("lucia@example.org", given="Lucía", family="Prueba")

    first = browser.new_context()
    page = sign_in(first, live_server.url)
    page.get_by_role("link", name="Submit a piece").first.click()
    page.locator("#id_series").select_option(label="Cities")
    page.locator("#id_title").fill("Arriving in the city")
    page.locator("#id_summary").fill("Where displaced people go.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Step 2: The text").wait_for()
    # The body is written in the editor, which keeps the textarea behind it current.
    page.locator(".prose-editor:has(> #id_body) .ProseMirror").fill(
        "People arrive in cities at night."
    )
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Step 3: Authors").wait_for()
    first.close()  # the browser is closed; its session cookie is gone with it

    again = browser.new_context()
    page = sign_in(again, live_server.url)
    page.get_by_role("link", name="Arriving in the city").click()
    page.get_by_role("link", name="Edit the draft").click()
    page.get_by_role("heading", name="Step 3: Authors").wait_for()
    steps = page.get_by_role("navigation", name="Steps of the submission")
    assert "done" in steps.get_by_role("link", name="The text").inner_text()
    steps.get_by_role("link", name="The text").click()
    page.get_by_role("heading", name="Step 2: The text").wait_for()
    assert page.locator("#id_body").input_value() == "<p>People arrive in cities at night.</p>"
    assert page.locator("[aria-current=step]").inner_text().startswith("2")
    again.close()


def test_following_a_steps_link_after_typing_saves_the_draft_first(browser, live_server):
    make_series(slug="cities", title_en="Cities", title_es="Ciudades")
    make_person("lucia@example.org", given="Lucía", family="Prueba")
    context = browser.new_context()
    page = sign_in(context, live_server.url)
    page.goto(f"{live_server.url}/en/submit/")
    page.locator("#id_title").fill("Arriving in the city")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("Your draft is saved").wait_for()
    page.locator("#id_summary").fill("Typed, then left by the step list.")
    page.get_by_role("link", name="Declarations and submission").click()
    page.get_by_role("heading", name="Step 6: Declarations and submission").wait_for()
    assert Article.objects.get().summary_en == "Typed, then left by the step list."
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_step_is_a_fraction_of_the_old_one_page_form(browser, live_server, language):
    # The one-page form measured about 8,400 px at 1280 px wide; the steps are printed
    # (pytest -s) so the report can give each one.
    make_series(slug="cities", title_en="Cities", title_es="Ciudades")
    for n in range(10):
        make_topic(name_en=f"Topic {n}", name_es=f"Tema {n}")
    make_person("lucia@example.org", given="Lucía", family="Prueba")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = sign_in(context, live_server.url, language)
    page.goto(f"{live_server.url}/{language}/submit/")
    page.locator("#id_title").fill("Arriving in the city")
    page.locator("button[name=save]").click()
    page.wait_for_load_state()
    article = Article.objects.get()
    heights = {}
    for step in ["piece", "text", "authors", "image", "references", "declarations"]:
        page.goto(f"{live_server.url}/{language}/submissions/{article.pk}/edit/{step}/")
        heights[step] = page.evaluate("document.documentElement.scrollHeight")
    print(language, heights)
    assert max(heights.values()) < 8400 / 2
    context.close()
