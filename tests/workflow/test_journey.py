"""The whole journey over HTTP: sign up, submit with an image and a .docx, revise,
accept, schedule, publish_scheduled, and read the piece."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.admin.formdata import get_form_data
from tests.factories import image_bytes, make_topic, make_volume
from tests.personas import client_for, docx_bytes, paragraph, post_submission

pytestmark = pytest.mark.django_db(transaction=False)


def _form(series, topic, **extra) -> dict:
    data = {
        "language": "en",
        "series": series.pk,
        "title": "Displacement and the city",
        "summary": "How cities receive people fleeing violence.",
        "body_format": "docx",
        "topics": [topic.pk],
        "keywords": "IDPs, cities",
        "licence": "CC-BY-4.0",
        "original_work": "on",
        "consent": "on",
        "references_text": "UNHCR, Global Trends (2023).",
        "coauthors-TOTAL_FORMS": "2",
        "coauthors-INITIAL_FORMS": "0",
        "coauthors-0-name": "Carla Coautora",
        "coauthors-0-email": "carla@example.org",
        "coauthors-0-affiliation": "Universidad",
        "coauthors-1-name": "",
        "references-TOTAL_FORMS": "1",
        "references-INITIAL_FORMS": "0",
        "references-0-type": "book",
        "references-0-authors": "Cantor, David",
        "references-0-title": "Returns of Internally Displaced Persons",
        "references-0-publisher": "Brill",
        "references-0-year": "2019",
        "image-alt": "A street in the rain",
        "image-title": "Rainy street",
        "image-creator": "Jo Photographer",
        "image-year": "2020",
        "image-source_url": "https://example.org/rain",
        "image-licence": "CC-BY-2.0",
        "submit": "1",
    }
    data.update(extra)
    return data


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).split("://", 1)[1].split("/", 1)[1]


def test_a_new_contributor_takes_a_piece_from_sign_up_to_published(
    client, series, series_editor, editor, django_capture_on_commit_callbacks
):
    topic = make_topic()
    # Sign up and confirm the address.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/signup/",
            {
                "given_name": "Ana",
                "family_name": "Nueva",
                "email": "Ana.Nueva@example.org",
                "consent": "on",
            },
        )
    assert response.status_code == 200
    confirm = mail.outbox[-1]
    assert confirm.to == ["ana.nueva@example.org"]
    password = {"new_password1": "a-long-Passphrase-42", "new_password2": "a-long-Passphrase-42"}
    assert client.post("/" + _link(confirm), password).status_code == 302

    # Submit with a .docx and an image.
    document = docx_bytes(
        paragraph("Introduction", "Heading1") + paragraph("Cities receive most IDPs.")
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_submission(
            client,
            {
                **_form(series, topic),
                "docx": SimpleUploadedFile("piece.docx", document),
                "image-file": SimpleUploadedFile("rain.jpg", image_bytes(), "image/jpeg"),
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.status == Article.Status.SUBMITTED
    assert "<h2>Introduction</h2>" in article.body_en
    assert article.image.creator == "Jo Photographer"
    assert [a.name for a in article.authorships.all()] == ["Ana Nueva", "Carla Coautora"]
    assert article.references.count() == 2
    assert [m.to for m in mail.outbox] == [["sara@example.org"]]
    assert mail.outbox[0].subject == "Nuevo envío: Displacement and the city"

    # The series editor asks for revisions, with an internal note.
    staff = client_for(series_editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("admin:articles_article_transition", args=[article.pk, "request_revisions"]),
            {"expected": "submitted", "message": "Please add a conclusion.", "note": "Weak end."},
        )
    article.refresh_from_db()
    assert article.status == Article.Status.REVISIONS_REQUESTED
    # Carla's address was typed by Ana, not confirmed: no decisions (test_coauthor_emails.py).
    assert [m.to for m in mail.outbox] == [["ana.nueva@example.org"]]
    page = client.get(f"/en/submissions/{article.pk}/").content.decode()
    assert "Please add a conclusion." in page
    assert "Weak end." not in page

    # The contributor revises and resubmits with a response note.
    edit = client.get(f"/en/submissions/{article.pk}/edit/piece/")
    assert edit.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = post_submission(
            client,
            _form(
                series,
                topic,
                body_format="markdown",
                markdown="## Introduction\n\nCities.\n\n## Conclusion\n\nA conclusion.",
                response_note="Added a conclusion.",
                **{"coauthors-INITIAL_FORMS": "1"},
            ),
            pk=article.pk,
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert "<h2>Conclusion</h2>" in article.body_en
    assert article.events.last().message == "Added a conclusion."

    # The editor accepts, puts it in a volume, and schedules it.
    staff.post(
        reverse("admin:articles_article_transition", args=[article.pk, "accept"]),
        {"expected": "in_review", "message": "Welcome aboard."},
    )
    volume = make_volume(series)
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = get_form_data(staff, change)
    data["volume"] = str(volume.pk)
    assert staff.post(change, data).status_code == 302
    when = timezone.localtime(timezone.now() + timedelta(hours=2))
    staff.post(
        reverse("admin:articles_article_transition", args=[article.pk, "schedule"]),
        {
            "expected": "accepted",
            "at_en_0": when.strftime("%Y-%m-%d"),
            "at_en_1": when.strftime("%H:%M:%S"),
        },
    )
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert client.get(article.get_absolute_url()).status_code == 404

    # Its time comes; cron runs publish_scheduled; a reader can read it.
    Article.objects.filter(pk=article.pk).update(
        published_at_en=timezone.now() - timedelta(minutes=1)
    )
    call_command("publish_scheduled")
    reader = client.__class__()
    page = reader.get("/en/articles/" + article.slug + "/")
    assert page.status_code == 200
    assert "Displacement and the city" in page.content.decode()
