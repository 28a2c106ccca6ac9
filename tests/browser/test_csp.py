"""The Content Security Policy in a real browser: the admin's change form and the public
article page (with its "Copy" citation buttons) work without a single violation."""

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

# Added by Playwright before any of the page's own scripts, outside the page's CSP.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def watched_page(context):
    page = context.new_page()
    page.add_init_script(WATCH)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.console_violations = console
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__violations") + page.console_violations


def test_the_admin_change_form_works_under_the_policy(browser, live_server):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-editor-123")
    article = make_article(references=2, image=True)

    page = watched_page(browser.new_context())
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill("pw-editor-123")
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert violations(page) == []

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.wait_for_load_state("load")
    # The admin's own scripts ran: the inline formsets added their "Add another" links.
    add_reference = page.locator(".add-row a").first
    add_reference.wait_for()
    add_reference.click()
    assert page.evaluate("typeof django === 'object' && typeof django.jQuery === 'function'")
    assert violations(page) == []

    page.goto(f"{live_server.url}/admin/articles/article/")
    page.wait_for_load_state("load")
    assert violations(page) == []

    # The watch itself works: an inline script, as an injection would add, is refused.
    page.evaluate(
        "document.body.append(Object.assign(document.createElement('script'),"
        " {textContent: 'window.__ran = true'}))"
    )
    page.wait_for_function("window.__violations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert violations(page)[0].startswith("script-src")


def test_the_public_article_page_and_its_copy_buttons_work_under_the_policy(
    browser, live_server, settings
):
    settings.SITE_URL = live_server.url
    article = make_article(image=True)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])

    page = watched_page(context)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    page.wait_for_load_state("load")
    # The featured image, served by colophon/media.py, is displayed (img-src 'self').
    assert page.evaluate("[...document.images].every((image) => image.naturalWidth > 0)")
    copy = page.locator("button.cite__copy").first
    copy.click()
    page.locator("[data-copy-status]").filter(has_text="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()").strip()
    assert violations(page) == []
