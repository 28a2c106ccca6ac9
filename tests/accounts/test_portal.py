"""The submission portal: own pieces only, drafts, withdrawal, limits and hostile input."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, FeaturedImage
from tests.factories import image_bytes
from tests.personas import (
    client_for,
    docx_bytes,
    make_submission,
    paragraph,
    post_submission,
    submission_form,
)

pytestmark = pytest.mark.django_db


def _submit(client, series, **extra):
    return post_submission(client, submission_form(series, **extra))


def test_the_submission_form_shows_the_open_series_and_their_calls(contributor, series):
    series.call_for_contributions_en = "We want pieces on urban displacement."
    series.save()
    page = client_for(contributor).get("/en/submit/").content.decode()
    assert "We want pieces on urban displacement." in page
    assert 'name="website_url"' in page  # the honeypot


def test_a_draft_is_saved_with_little_and_only_its_author_sees_it(contributor, series):
    client = client_for(contributor)
    response = client.post("/en/submit/", submission_form(series, summary="", body="", draft="1"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert "A piece" in client.get("/en/submissions/").content.decode()


def test_submitting_needs_the_declarations(contributor, series):
    response = _submit(client_for(contributor), series, original_work="", consent="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "your confirmation that it is original" in page
    assert "your consent to store the data" in page
    assert Article.objects.get().status == Article.Status.DRAFT


def test_another_contributors_submission_is_not_found(contributor, other_contributor):
    article = make_submission(contributor, status_path=["submit"])
    client = client_for(other_contributor)
    for url in (
        f"/en/submissions/{article.pk}/",
        f"/en/submissions/{article.pk}/edit/",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/en/submissions/{article.pk}/withdraw/").status_code == 404
    assert article.pk and Article.objects.get(pk=article.pk).status == Article.Status.SUBMITTED
    assert "A submitted piece" not in client.get("/en/submissions/").content.decode()


def test_a_contributor_withdraws_before_acceptance(contributor):
    article = make_submission(contributor, status_path=["submit"])
    client = client_for(contributor)
    client.post(f"/en/submissions/{article.pk}/withdraw/", {"expected": "submitted"})
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN


def test_a_piece_with_the_editors_cannot_be_edited(contributor):
    article = make_submission(contributor, status_path=["submit"])
    response = client_for(contributor).get(f"/en/submissions/{article.pk}/edit/")
    assert response.status_code == 302


def test_script_in_pasted_html_and_markdown_never_reaches_the_body(contributor, series):
    client = client_for(contributor)
    _submit(
        client,
        series,
        body='<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:alert(1)">l</a></p>',
    )
    _submit(
        client,
        series,
        title="Markdown piece",
        body_format="markdown",
        markdown="# Title\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))",
    )
    for article in Article.objects.all():
        body = article.body_en
        assert "<script" not in body and 'href="javascript' not in body and "onclick" not in body
    markdown = Article.objects.get(title_en="Markdown piece").body_en
    assert "<h2>Title</h2>" in markdown and "&lt;script&gt;" in markdown


def test_a_docx_carrying_scripts_is_cleaned_and_keeps_its_structure(contributor, series):
    body = (
        paragraph("Section", "Heading1")
        + paragraph("<script>alert(1)</script>")
        + paragraph("Quoted treaty article.", "Quote")
        + '<w:hyperlink r:id="rIdBad"><w:r><w:t>bad link</w:t></w:r></w:hyperlink>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdBad" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/hyperlink" Target="javascript:alert(1)" TargetMode="External"/>'
        "</Relationships>"
    )
    document = docx_bytes(body.replace("<script>", "&lt;script&gt;").replace(
        "</script>", "&lt;/script&gt;"), {"word/_rels/document.xml.rels": rels})  # fmt: skip
    response = _submit(
        client_for(contributor),
        series,
        body_format="docx",
        body="",
        docx=SimpleUploadedFile("piece.docx", document),
    )
    assert response.status_code == 302
    html = Article.objects.get().body_en
    assert "<h2>Section</h2>" in html
    assert "<blockquote>" in html
    assert "javascript:" not in html and "<script" not in html


def test_a_file_that_is_not_a_docx_is_refused_by_name(contributor, series):
    response = _submit(
        client_for(contributor),
        series,
        body_format="docx",
        docx=SimpleUploadedFile("piece.docx", b"MZ not a zip"),
    )
    assert response.status_code == 400
    assert "This is not a Word document (.docx)." in response.content.decode()


def test_oversized_documents_bodies_and_images_are_refused_with_a_reason(
    contributor, series, settings
):
    client = client_for(contributor)
    settings.SUBMISSION_MAX_DOCX_BYTES = 1000
    big = docx_bytes(paragraph(os.urandom(3000).hex()))
    response = _submit(client, series, body_format="docx", docx=SimpleUploadedFile("b.docx", big))
    assert (
        "the limit is" in response.content.decode() or "larger than" in response.content.decode()
    )
    settings.SUBMISSION_MAX_BODY_CHARS = 50
    response = _submit(client, series, body="<p>" + "y" * 100 + "</p>")
    assert "the limit is 50" in response.content.decode()
    settings.COLOPHON_IMAGE_MAX_PIXELS = 100
    response = _submit(
        client,
        series,
        **{
            "image-file": SimpleUploadedFile("big.jpg", image_bytes(size=(50, 50)), "image/jpeg"),
            "image-alt": "a",
            "image-title": "t",
            "image-creator": "c",
            "image-year": "2020",
            "image-source_url": "https://example.org/",
            "image-licence": "CC-BY-4.0",
        },
    )
    assert "megapixels" in response.content.decode()
    assert not FeaturedImage.objects.exists()


def test_an_image_needs_its_full_credit_and_a_restrictive_licence_is_warned_about(
    contributor, series
):
    client = client_for(contributor)
    upload = SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg")
    response = _submit(client, series, **{"image-file": upload, "image-licence": "CC-BY-4.0"})
    assert response.status_code == 400
    assert "alt text for the image" in response.content.decode()
    assert Article.objects.get().status == Article.Status.DRAFT
    Article.objects.all().delete()
    credit = {
        "image-file": SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg"),
        "image-alt": "A river",
        "image-title": "River",
        "image-creator": "Jo",
        "image-year": "2020",
        "image-source_url": "https://example.org/river",
        "image-licence": "CC-BY-ND-4.0",
    }
    response = post_submission(client, submission_form(series, **credit), follow=True)
    assert "does not allow republication" in response.content.decode()
    assert Article.objects.get().image.licence == "CC-BY-ND-4.0"


def test_hostile_plain_text_is_escaped_on_the_portal_pages(contributor, series):
    client = client_for(contributor)
    _submit(client, series, title='<img src=x onerror="alert(1)">')
    article = Article.objects.get()
    page = client.get(f"/en/submissions/{article.pk}/").content.decode()
    assert '<img src=x onerror="alert(1)">' not in page
    assert "&lt;img src=x" in page


def test_saving_is_rate_limited_per_account(contributor, series, settings):
    settings.SUBMISSION_RATE_PER_HOUR = 2
    client = client_for(contributor)
    for _ in range(2):
        assert client.post("/en/submit/", submission_form(series, draft="1")).status_code == 302
    response = client.post("/en/submit/", submission_form(series, draft="1"))
    assert response.status_code == 429
    assert "You have saved too often" in response.content.decode()


def test_two_accounts_on_one_address_share_its_hourly_limit(
    settings, contributor, other_contributor, series
):
    settings.SUBMISSION_RATE_PER_HOUR = 2
    address = {"REMOTE_ADDR": "203.0.113.9"}
    first, second = client_for(contributor), client_for(other_contributor)
    assert (
        first.post("/en/submit/", submission_form(series, draft="1"), **address).status_code == 302
    )
    assert (
        second.post("/en/submit/", submission_form(series, draft="1"), **address).status_code
        == 302
    )
    refused = second.post("/en/submit/", submission_form(series, draft="1"), **address)
    assert refused.status_code == 429
    assert "too often" in refused.content.decode()
    # The same account from another address is still within its own limit.
    elsewhere = {"REMOTE_ADDR": "198.51.100.4"}
    assert (
        first.post("/en/submit/", submission_form(series, draft="1"), **elsewhere).status_code
        == 302
    )
