"""Uploaded files served by colophon/media.py: images inline, everything else a download,
never sniffed or run, and nothing outside the storage."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from colophon.media import serves_media_itself
from tests.factories import image_bytes

# The page cache in front of every view reads its generation from the database.
pytestmark = pytest.mark.django_db

SANDBOX = "default-src 'none'; frame-ancestors 'none'; sandbox"


def save(name: str, data: bytes) -> str:
    return default_storage.save(name, ContentFile(data))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_uploaded_image_is_shown_inline_with_its_type_and_a_day_of_caching(client):
    data = image_bytes("PNG")
    name = save("images/photo.png", data)
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert body(response) == data
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="photo.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("images/page.html", "text/html"),
        ("images/drawing.svg", "image/svg+xml"),
        ("contributors/piece.pdf", "application/pdf"),
        ("images/blob", "application/octet-stream"),
    ],
)
def test_anything_but_a_raster_image_is_a_sandboxed_download(client, name, content_type):
    hostile = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    saved = save(name, hostile)
    response = client.get(f"/media/{saved}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX


def test_a_missing_file_or_a_folder_is_not_found(client):
    save("images/photo.png", image_bytes("PNG"))
    assert client.get("/media/images/other.png").status_code == 404
    assert client.get("/media/images/").status_code == 404
    assert client.get("/media/images").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../secret.txt",
        "/media/images/../../secret.txt",
        "/media/..%2Fsecret.txt",
        "/media/images/%2e%2e/%2e%2e/secret.txt",
        "/media//etc/passwd",
        "/media/images/.%00/photo.png",
    ],
)
def test_a_path_that_leaves_the_storage_is_not_found(client, settings, path):
    # A file right beside MEDIA_ROOT: the target of a traversal.
    (settings.MEDIA_ROOT.parent / "secret.txt").write_text("secret")
    save("images/photo.png", image_bytes("PNG"))
    response = client.get(path)
    assert response.status_code == 404
    assert b"secret" not in response.content


def test_files_can_be_read_but_not_written(client):
    name = save("images/photo.png", image_bytes("PNG"))
    assert client.head(f"/media/{name}").status_code == 200
    assert client.post(f"/media/{name}").status_code == 405


def test_development_serves_uploads_through_the_same_view(client, settings):
    """The route does not depend on DEBUG, so `make run` shows the production headers."""
    settings.DEBUG = True
    name = save("images/page.html", b"<p>hi</p>")
    response = client.get(f"/media/{name}")
    assert response["Content-Disposition"] == 'attachment; filename="page.html"'
    assert response["Content-Security-Policy"] == SANDBOX


def test_a_rendition_whose_name_changes_with_its_bytes_is_cached_for_good(client):
    name = save("renditions/ab12cd/photo-640.webp", image_bytes("WEBP"))
    response = client.get(f"/media/{name}")
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_uploads_in_a_bucket_get_no_route_here():
    """A private bucket's files are reached by signed URLs only, never unsigned through us."""
    local = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    bucket = {"BACKEND": "colophon.storage.MediaStorage"}
    assert serves_media_itself(local, "media/")
    assert not serves_media_itself(bucket, "media/")
    assert not serves_media_itself(local, "https://cdn.example.org/media/")
