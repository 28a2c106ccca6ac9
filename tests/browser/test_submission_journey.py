"""The journey once in a real browser: sign up, confirm, submit with a .docx and an image,
revise on request, and read the piece once the editors have published it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from articles.workflow.steps import publish_language, transition
from tests.factories import image_bytes, make_series, make_volume
from tests.personas import docx_bytes, make_staff, paragraph

# Roles are re-created by make_staff: the flush after each test removes them.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_contributor_goes_from_sign_up_to_a_published_piece_in_the_browser(
    browser, live_server, tmp_path, settings
):
    settings.SITE_URL = live_server.url
    series = make_series(slug="cities", title_en="Cities", title_es="Ciudades")
    editor = make_staff("chief@example.org", "Editor")
    document = tmp_path / "piece.docx"
    document.write_bytes(
        docx_bytes(paragraph("Arrival", "Heading1") + paragraph("People arrive in cities."))
    )
    picture = tmp_path / "street.jpg"
    picture.write_bytes(image_bytes())

    page = browser.new_page()
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Submit a piece").click()
    page.get_by_role("link", name="Create an account").click()
    page.locator("#id_given_name").fill("Lucía")
    page.locator("#id_family_name").fill("Prueba")
    page.locator("#id_email").fill("lucia@example.org")
    page.get_by_label("I agree that Colophon stores").check()
    page.get_by_role("button", name="Create the account").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("#id_new_password1").fill("a-long-Passphrase-42")
    page.locator("#id_new_password2").fill("a-long-Passphrase-42")
    page.get_by_role("button", name="Confirm and sign in").click()
    page.get_by_role("link", name="Submit a piece").first.click()
    page.locator("#id_series").select_option(label="Cities")
    page.locator("#id_title").fill("Arriving in the city")
    page.locator("#id_summary").fill("Where displaced people go.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Step 2: The text").wait_for()
    page.get_by_label("A Word document (.docx) uploaded below").check()
    page.locator("#id_docx").set_input_files(str(document))
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Step 3: Authors").wait_for()
    page.get_by_role("button", name="Save and continue").click()
    page.locator("#id_image-file").set_input_files(str(picture))
    page.locator("#id_image-alt").fill("A busy street")
    page.locator("#id_image-title").fill("Street")
    page.locator("#id_image-creator").fill("Jo Photographer")
    page.locator("#id_image-year").fill("2021")
    page.locator("#id_image-source_url").fill("https://example.org/street")
    page.locator("#id_image-licence").select_option("CC-BY-4.0")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Step 5: References").wait_for()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("This is my original work").check()
    page.get_by_label("I consent to Colophon storing").check()
    page.get_by_role("button", name="Submit to the editors").click()
    page.get_by_text("your piece is submitted to the editors").wait_for()

    article = Article.objects.get()
    assert article.status == Article.Status.SUBMITTED
    transition(article, "request_revisions", editor, message="Please add a conclusion.")
    page.reload()
    page.get_by_text("Please add a conclusion.").wait_for()
    page.get_by_role("link", name="Revise and resubmit").click()
    page.get_by_role("link", name="The text").click()
    page.get_by_label("Markdown written in the box below").check()
    page.locator("#id_markdown").fill(
        "## Arrival\n\nPeople arrive.\n\n## Conclusion\n\nCities matter."
    )
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Declarations and submission").click()
    page.locator("#id_response_note").fill("Added a conclusion.")
    page.get_by_role("button", name="Resubmit to the editors").click()
    page.get_by_text("back with the editors").wait_for()

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    transition(article, "accept", editor)
    article.volume = make_volume(series)
    article.save()
    publish_language(article, "en", at=timezone.now() + timedelta(seconds=1), by=editor)
    Article.objects.filter(pk=article.pk).update(published_at_en=timezone.now())
    call_command("publish_scheduled")
    page.goto(f"{live_server.url}/en/submissions/{article.pk}/")
    page.get_by_role("link", name="Read the published piece").click()
    page.get_by_role("heading", name="Arriving in the city").wait_for()
    assert page.get_by_role("heading", name="Conclusion").is_visible()
    assert page.locator("img[alt='A busy street']").is_visible()
