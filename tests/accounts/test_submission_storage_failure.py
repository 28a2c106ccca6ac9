"""When the media storage fails during a submission: the image step again, what was typed
in it intact, none of it saved, and no file left behind."""

import errno
from pathlib import Path

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from articles.models import Article, FeaturedImage
from tests.factories import image_bytes
from tests.personas import client_for, post_submission, step_data, submission_form

pytestmark = pytest.mark.django_db


def with_image(series) -> dict:
    fields = {
        "title": "Cities that shelter",
        "summary": "What the piece says.",
        "body": "<p>Three months of fieldwork in Medellín, written up.</p>",
        "coauthors-TOTAL_FORMS": "1",
        "coauthors-0-name": "Eva Ruiz",
        "image-file": SimpleUploadedFile("river.jpg", image_bytes(), "image/jpeg"),
        "image-alt": "A river between two towns",
        "image-title": "River",
        "image-creator": "Jo Doe",
        "image-year": "2020",
        "image-source_url": "https://example.org/river",
        "image-licence": "CC-BY-4.0",
    }
    return submission_form(series, **fields)


def stored_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def full_disk(storage, name, content, max_length=None):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_shows_the_form_again_with_the_text_and_saves_nothing(
    contributor, series, settings, monkeypatch
):
    monkeypatch.setattr(type(storages["default"]), "save", full_disk)
    response = post_submission(client_for(contributor), with_image(series))

    assert response.status_code == 503
    page = response.content.decode()
    assert "We could not store your image just now" in page
    assert "your text is kept below" in page
    assert "Cities that shelter" in page
    assert "A river between two towns" in page  # the credit as typed
    assert "Three months of fieldwork in Medellín" in Article.objects.get().body_en
    assert not FeaturedImage.objects.exists()
    assert stored_files(settings) == []


def test_the_same_submission_goes_through_once_the_storage_is_back(
    contributor, series, settings, monkeypatch
):
    client = client_for(contributor)
    with monkeypatch.context() as patch:
        patch.setattr(type(storages["default"]), "save", full_disk)
        assert post_submission(client, with_image(series)).status_code == 503
    again = {**step_data("image", with_image(series)), "go": "references"}
    article = Article.objects.get()
    assert client.post(f"/en/submissions/{article.pk}/edit/image/", again).status_code == 302
    assert Article.objects.get().image.file.name.endswith(".jpg")
    assert len(stored_files(settings)) == 1


def test_an_image_stored_for_a_save_that_then_fails_is_deleted(
    contributor, series, settings, monkeypatch
):
    def refused(*args, **kwargs):
        raise DatabaseError("the row could not be written")

    # The file reaches the storage, then its row fails: the whole save is rolled back.
    monkeypatch.setattr(FeaturedImage, "_do_insert", refused)
    with pytest.raises(DatabaseError):
        post_submission(client_for(contributor), with_image(series))
    assert not FeaturedImage.objects.exists()
    assert stored_files(settings) == []


def test_an_unreachable_bucket_is_a_storage_failure_too(contributor, series, monkeypatch):
    def unreachable(storage, name, content, max_length=None):
        raise EndpointConnectionError(endpoint_url="https://media.example.org")

    monkeypatch.setattr(type(storages["default"]), "save", unreachable)
    response = post_submission(client_for(contributor), with_image(series))
    assert response.status_code == 503
    assert "We could not store your image just now" in response.content.decode()
    assert not FeaturedImage.objects.exists()
