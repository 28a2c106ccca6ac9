"""Bad uploads in the admin are refused with the precise reason, and nothing is saved."""

import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, FeaturedImage
from contributors.models import Contributor
from tests.admin.formdata import form_errors, get_form_data
from tests.factories import image_bytes, make_article, make_contributor, make_upload, make_volume

pytestmark = pytest.mark.django_db

NOT_AN_IMAGE = "The file is not a JPEG, PNG or WebP image."
TOO_MANY_PIXELS = "The image has more than 40 megapixels; please send a smaller one."


def _bomb() -> SimpleUploadedFile:
    """A tiny PNG whose header claims 100 megapixels, as a decompression bomb does."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    struct.pack_into(">II", data, 16, 10_000, 10_000)  # width, height in IHDR
    struct.pack_into(">I", data, 29, zlib.crc32(data[12:29]))
    return SimpleUploadedFile("bomb.png", bytes(data), "image/png")


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("photo.jpg", b"%PDF-1.4\n% not a picture\n", "image/jpeg")


BAD_UPLOADS = [(_pdf, NOT_AN_IMAGE), (_bomb, TOO_MANY_PIXELS)]


def _stored_images(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT)
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def _image_fields(upload, **fields) -> dict:
    return {
        "image-0-file": upload,
        "image-0-alt_en": "A river at dusk",
        "image-0-title": "The River",
        "image-0-creator": "Jo Photographer",
        "image-0-licence": "CC-BY-2.0",
        **fields,
    }


@pytest.mark.parametrize(("upload", "message"), BAD_UPLOADS)
def test_a_bad_featured_image_is_refused_on_the_add_page_and_no_piece_is_created(
    superuser_client, settings, upload, message
):
    url = reverse("admin:articles_article_add")
    data = get_form_data(superuser_client, url)
    data |= {
        "title_en": "A piece",
        "slug": "a-piece",
        "volume": str(make_volume().pk),
        "original_language": "en",
        "licence": "CC-BY-4.0",
    }
    response = superuser_client.post(url, data | _image_fields(upload()))
    assert response.status_code == 200
    assert form_errors(response)["image-0"]["file"] == [message]
    assert message in response.content.decode()
    assert not Article.objects.exists()
    assert not FeaturedImage.objects.exists()
    assert _stored_images(settings) == []


@pytest.mark.parametrize(("upload", "message"), BAD_UPLOADS)
def test_a_bad_featured_image_is_refused_on_the_change_page(
    superuser_client, settings, upload, message
):
    article = make_article(image=False, references=0)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = get_form_data(superuser_client, url) | {"title_en": "Changed title"}
    response = superuser_client.post(url, data | _image_fields(upload()))
    assert response.status_code == 200
    assert form_errors(response)["image-0"]["file"] == [message]
    article.refresh_from_db()
    assert article.title_en != "Changed title"
    assert not FeaturedImage.objects.exists()
    assert _stored_images(settings) == []


def test_replacing_a_featured_image_with_a_bad_file_keeps_the_old_one(superuser_client):
    article = make_article(references=0)
    before = article.image.file.name
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = get_form_data(superuser_client, url) | {"image-0-file": _pdf()}
    response = superuser_client.post(url, data)
    assert form_errors(response)["image-0"]["file"] == [NOT_AN_IMAGE]
    article.image.refresh_from_db()
    assert article.image.file.name == before


def test_a_good_featured_image_is_stored_re_encoded_and_its_credit_shown(superuser_client):
    article = make_article(image=False, references=0)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = get_form_data(superuser_client, url) | _image_fields(
        make_upload("river.png", image_bytes("PNG")), **{"image-0-source_url": "https://x.org/r"}
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    image = FeaturedImage.objects.get(article=article)
    assert image.file.name.endswith(".png")
    assert (image.width, image.height) == (64, 48)
    html = superuser_client.get(url).content.decode()
    assert f'src="{image.file.url}"' in html
    assert '<a href="https://x.org/r">The River</a> by Jo Photographer' in html


def test_a_featured_image_needs_alt_text_in_the_pieces_original_language(superuser_client):
    url = reverse("admin:articles_article_add")
    data = get_form_data(superuser_client, url)
    data |= {
        "title_es": "Una pieza",
        "slug": "una-pieza",
        "volume": str(make_volume().pk),
        "original_language": "es",
        "licence": "CC-BY-4.0",
    }
    response = superuser_client.post(url, data | _image_fields(make_upload()))
    assert response.status_code == 200
    assert form_errors(response)["image-0"]["alt_es"] == [
        "Describe the image for readers who cannot see it."
    ]
    assert not Article.objects.exists()


@pytest.mark.parametrize(("upload", "message"), BAD_UPLOADS)
def test_a_bad_contributor_photo_is_refused_with_the_reason(
    superuser_client, settings, upload, message
):
    contributor = make_contributor()
    url = reverse("admin:contributors_contributor_change", args=[contributor.pk])
    data = get_form_data(superuser_client, url) | {"photo": upload(), "bio_en": "Changed"}
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert form_errors(response)["form"]["photo"] == [message]
    contributor.refresh_from_db()
    assert contributor.bio_en != "Changed"
    assert not contributor.photo
    assert _stored_images(settings) == []


def test_a_good_contributor_photo_is_stored_and_previewed(superuser_client):
    contributor = make_contributor()
    url = reverse("admin:contributors_contributor_change", args=[contributor.pk])
    data = get_form_data(superuser_client, url) | {"photo": make_upload("face.jpg")}
    response = superuser_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    contributor = Contributor.objects.get(pk=contributor.pk)
    assert contributor.photo.name.startswith("contributors/")
    assert f'src="{contributor.photo.url}"' in superuser_client.get(url).content.decode()
