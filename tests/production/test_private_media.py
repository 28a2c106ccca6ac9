"""The media route serves only what readers' pages link to: never a stored PDF, whose piece
may no longer (or not yet) be public, and a draft's image only at an address nobody can
guess."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from articles.models import FeaturedImage
from articles.renditions import rendition_name
from articles.workflow.steps import unpublish_language
from tests.factories import image_bytes, make_article, make_upload
from tests.personas import make_person, make_submission

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "pdfs/article/7/en/3.pdf",  # where articles/pdf/content.py stores a rendered piece
        "healthz/probe.txt",
        "exports/site.json",
    ],
)
def test_files_outside_the_public_folders_are_not_served(client, name):
    saved = default_storage.save(name, ContentFile(b"%PDF-1.7 the full text"))
    assert default_storage.exists(saved)
    response = client.get(f"/media/{saved}")
    assert response.status_code == 404
    assert b"the full text" not in response.content


def test_the_stored_pdf_of_an_unpublished_piece_is_not_served(client, superuser):
    article = make_article(languages=("en",))
    name = default_storage.save(
        f"pdfs/article/{article.pk}/en/1.pdf", ContentFile(b"%PDF-1.7 the full text")
    )
    unpublish_language(article, "en", superuser)
    assert client.get(f"/media/{name}").status_code == 404


def _image_of_a_draft() -> FeaturedImage:
    author = make_person("drafter@example.org")
    draft = make_submission(author)
    return FeaturedImage.objects.create(
        article=draft,
        file=make_upload("river.jpg"),
        alt_en="A river",
        title="River",
        creator="Jo",
        licence="CC-BY-2.0",
    )


def test_a_drafts_image_is_stored_under_a_random_folder_and_keeps_its_name():
    first, second = (
        _image_of_a_draft(),
        FeaturedImage.objects.create(
            article=make_article(languages=("en",), image=False),
            file=make_upload("river.jpg"),
            alt_en="A river",
            title="River",
            creator="Jo",
            licence="CC-BY-2.0",
        ),
    )
    pattern = re.compile(r"images/\d{4}/[A-Za-z0-9_-]{16}/river\.jpg")
    assert pattern.fullmatch(first.file.name), first.file.name
    assert pattern.fullmatch(second.file.name), second.file.name
    assert first.file.name.split("/")[2] != second.file.name.split("/")[2]


def test_the_guessable_address_of_a_drafts_image_finds_nothing(client):
    image = _image_of_a_draft()
    year = image.file.name.split("/")[1]
    assert client.get(f"/media/images/{year}/river.jpg").status_code == 404
    # Whoever was shown the image (an editor, a reviewer's preview) can still load it.
    shown = client.get(image.file.url)
    assert shown.status_code == 200
    assert b"".join(shown.streaming_content) == default_storage.open(image.file.name).read()


def test_renditions_are_named_after_the_random_path(client):
    image = _image_of_a_draft()
    guessed = rendition_name(
        f"images/{image.file.name.split('/')[1]}/river.jpg", image.file.size, 480, "webp"
    )
    assert rendition_name(image.file.name, image.file.size, 480, "webp") != guessed


def test_an_image_uploaded_in_the_public_folders_is_still_served(client):
    name = default_storage.save("images/2026/abc/photo.png", ContentFile(image_bytes("PNG")))
    assert client.get(f"/media/{name}").status_code == 200
