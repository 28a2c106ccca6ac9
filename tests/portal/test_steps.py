"""The submission form in steps: each step saves its part of the draft, the step list
shows progress, each step names what is still missing, and only a complete piece is
submitted."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, FeaturedImage
from articles.workflow.steps import transition
from tests.factories import image_bytes, make_topic
from tests.personas import client_for, post_submission, step_data, submission_form

pytestmark = pytest.mark.django_db


def start_draft(client, series, **fields) -> Article:
    data = {"language": "en", "title": "A piece", "series": series.pk if series else ""}
    data = {**data, "go": "text", **fields}
    response = client.post("/en/submit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Article.objects.get()


def step_url(article, step: str, language="en") -> str:
    return f"/{language}/submissions/{article.pk}/edit/{step}/"


def marks(page: str) -> dict[str, str]:
    """Each step's state in the step list, by its slug."""
    found = re.findall(r'steps__item--(\w+)">\s*<a href="[^"]*/edit/(\w+)/"', page)
    return {slug: state for state, slug in found}


def test_the_first_step_starts_a_draft_tied_to_its_author_and_opens_the_text_step(
    contributor, series
):
    client = client_for(contributor)
    topic = make_topic(name_en="Cities")
    response = client.post(
        "/en/submit/",
        {
            "language": "en",
            "series": series.pk,
            "title": "Cities that shelter",
            "summary": "What the piece says.",
            "topics": [topic.pk],
            "keywords": "IDPs, cities",
            "go": "text",
        },
    )
    article = Article.objects.get()
    assert response["Location"] == step_url(article, "text")
    assert article.status == Article.Status.DRAFT
    assert article.submitted_by == contributor
    page = client.get(step_url(article, "piece")).content.decode()
    assert "What the piece says." in page and "IDPs, cities" in page
    assert list(article.topics.all()) == [topic]


def test_a_draft_needs_only_a_title_to_be_saved(contributor, series):
    client = client_for(contributor)
    refused = client.post("/en/submit/", {"language": "en", "title": "", "save": "1"})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    assert not Article.objects.exists()
    assert client.post("/en/submit/", {"language": "en", "title": "T"}).status_code == 302


@pytest.mark.parametrize(
    ("step", "fields", "shown"),
    [
        ("text", {"body_format": "html", "body": "<p>Kept <em>body</em>.</p>"}, "Kept"),
        (
            "text",
            {"body_format": "markdown", "markdown": "## Heading\n\nMarkdown body."},
            "Markdown body.",
        ),
        (
            "authors",
            {
                "coauthors-TOTAL_FORMS": "1",
                "coauthors-INITIAL_FORMS": "0",
                "coauthors-0-name": "Eva Ruiz",
                "coauthors-0-affiliation": "Universidad de Antioquia",
            },
            "Universidad de Antioquia",
        ),
        (
            "references",
            {
                "references-TOTAL_FORMS": "1",
                "references-INITIAL_FORMS": "0",
                "references-0-type": "book",
                "references-0-title": "Returns of Internally Displaced Persons",
                "references-0-issued": "2019",
                "references_text": "UNHCR, Global Trends (2023).",
            },
            "Returns of Internally Displaced Persons",
        ),
        ("declarations", {"licence": "CC-BY-4.0", "original_work": "on"}, "checked"),
    ],
)
def test_each_step_saves_its_part_and_a_later_visit_shows_it(
    contributor, series, step, fields, shown
):
    client = client_for(contributor)
    article = start_draft(client, series)
    response = client.post(step_url(article, step), {**fields, "save": "1"})
    assert response.status_code == 302
    assert response["Location"] == step_url(article, step)  # Save stays on the step
    assert shown in client_for(contributor).get(step_url(article, step)).content.decode()


def test_the_image_step_saves_an_image_with_its_credit_unfinished(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    data = {
        "image-file": SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg"),
        "image-title": "River",
        "image-licence": "CC-BY-4.0",
        "go": "references",
    }
    assert client.post(step_url(article, "image"), data).status_code == 302
    assert FeaturedImage.objects.get().title == "River"
    page = client.get(step_url(article, "image")).content.decode()
    assert 'value="River"' in page
    assert "Still missing before you can submit:" in page
    assert '<a href="#id_image-alt">alt text for the image</a>' in page
    assert "the title of the image" not in page


def test_an_image_is_not_kept_without_a_licence(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    upload = SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg")
    response = client.post(step_url(article, "image"), {"image-file": upload, "save": "1"})
    assert response.status_code == 400
    assert "Choose the licence the image carries." in response.content.decode()
    assert not FeaturedImage.objects.exists()


def test_the_step_list_marks_done_current_and_missing_steps_and_links_each(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series, summary="Said.")
    client.post(step_url(article, "authors"), step_data("authors", {"go": "image"}))
    page = client.get(step_url(article, "image")).content.decode()
    assert marks(page) == {
        "piece": "done",
        "text": "missing",  # never saved, and the body is still missing
        "authors": "done",
        "image": "current",
        "references": "todo",
        "declarations": "missing",
    }
    assert page.count('aria-current="step"') == 1
    assert f'href="{step_url(article, "image")}" data-step="image" aria-current="step"' in page
    assert page.count("<h1") == 1 and "Step 4: Image" in page


def test_next_and_back_save_and_move_and_the_draft_reopens_where_its_author_was(
    contributor, series
):
    client = client_for(contributor)
    article = start_draft(client, series)
    text = {"body_format": "html", "body": "<p>Half a text.</p>"}
    back = client.post(step_url(article, "text"), {**text, "go": "piece"})
    assert back["Location"] == step_url(article, "piece")
    article.refresh_from_db()
    assert article.body_en == "<p>Half a text.</p>"
    onward = client.post(step_url(article, "text"), {**text, "go": "authors"})
    assert onward["Location"] == step_url(article, "authors")
    # Signed in again, in another session: the draft opens on the step they were going to.
    resumed = client_for(contributor).get(f"/en/submissions/{article.pk}/edit/")
    assert resumed["Location"] == step_url(article, "authors")


def test_a_draft_saved_before_the_steps_opens_on_its_first_incomplete_step(contributor, series):
    article = Article.objects.create(
        slug="old", original_language="en", submitted_by=contributor, title_en="Old", series=series
    )
    response = client_for(contributor).get(f"/en/submissions/{article.pk}/edit/")
    assert response["Location"] == step_url(article, "piece")  # the summary is missing


def test_the_last_step_lists_everything_missing_with_links_to_the_steps(contributor):
    client = client_for(contributor)
    article = start_draft(client, None)
    page = client.get(step_url(article, "declarations")).content.decode()
    for step, field, label in [
        ("piece", "id_series", "the series you propose the piece for"),
        ("piece", "id_summary", "a summary"),
        ("text", "id_body", "the body of the piece"),
    ]:
        assert f'<a href="{step_url(article, step)}#{field}">{label}</a>' in page
    assert '<a href="#id_original_work">your confirmation that it is original</a>' in page
    assert '<a href="#id_consent">your consent to store the data</a>' in page


def test_submission_is_refused_while_anything_is_missing_naming_the_fields(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    response = client.post(
        step_url(article, "declarations"), {"licence": "CC-BY-4.0", "submit": "1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Not submitted yet" in page
    assert "a summary" in page and "the body of the piece" in page
    assert "Confirm that the work is original." in page  # on the field itself
    assert "We need your consent to store this data." in page
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.submitted_at is None


def test_a_complete_piece_is_submitted_through_the_workflow(contributor, series):
    client = client_for(contributor)
    response = post_submission(client, submission_form(series), follow=True)
    assert "your piece is submitted to the editors" in response.content.decode()
    article = Article.objects.get()
    assert article.status == Article.Status.SUBMITTED
    assert article.events.filter(action="submit").count() == 1
    assert client.get(step_url(article, "piece")).status_code == 302  # no longer editable


def test_a_revision_goes_through_the_same_steps_and_is_resubmitted_with_a_note(
    contributor, editor, series
):
    client = client_for(contributor)
    post_submission(client, submission_form(series))
    article = Article.objects.get()
    transition(article, "request_revisions", editor, message="Add a conclusion.")
    detail = client.get(f"/en/submissions/{article.pk}/").content.decode()
    assert f'href="{step_url(article, "piece")}"' in detail
    revised = {"body_format": "html", "body": "<p>Body.</p><h2>Conclusion</h2>", "go": "authors"}
    assert client.post(step_url(article, "text"), revised).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVISIONS_REQUESTED  # saved, not yet resubmitted
    final = step_url(article, "declarations")
    assert 'name="response_note"' in client.get(final).content.decode()
    declarations = {"licence": "CC-BY-4.0", "original_work": "on", "consent": "on"}
    refused = client.post(final, {**declarations, "submit": "1"})
    assert refused.status_code == 400
    assert "Tell the editors what you changed." in refused.content.decode()
    note = {**declarations, "response_note": "Added a conclusion.", "submit": "1"}
    assert client.post(final, note).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert "<h2>Conclusion</h2>" in article.body_en
    assert article.events.last().message == "Added a conclusion."


def test_a_step_that_does_not_exist_or_another_contributors_draft_is_not_found(
    contributor, other_contributor, series
):
    article = start_draft(client_for(contributor), series)
    assert client_for(contributor).get(step_url(article, "nowhere")).status_code == 404
    assert client_for(other_contributor).get(step_url(article, "text")).status_code == 404
    assert client_for(contributor).get("/en/submit/").status_code == 200
