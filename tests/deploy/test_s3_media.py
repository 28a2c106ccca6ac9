"""Media and PDFs on S3-compatible storage, against moto's S3 server on a local port.

The storage is configured exactly as production configures it (media_storage() reading
AWS_* variables); boto3 talks HTTP to a real server, so signing, object headers and
reading files back go through the same code paths as against AWS or MinIO.
"""

import re
from html import unescape

import boto3
import pytest
import requests

from articles.models import PdfRender
from articles.pdf.content import article_pdf_url
from colophon.services_env import media_storage
from tests.factories import make_article

PORT = 8303
ENDPOINT = f"http://127.0.0.1:{PORT}"
BUCKET = "colophon-test-media"

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings, monkeypatch):
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=PORT, verbose=False)
    server.start()
    try:
        for name, value in {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": ENDPOINT,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }.items():
            monkeypatch.setenv(name, value)
        client = boto3.client(
            "s3",
            endpoint_url=ENDPOINT,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": media_storage()}
        yield client
    finally:
        server.stop()


@pytest.mark.subprocess  # renders the PDF, in a forked child
def test_a_pdf_rendered_into_the_bucket_is_served_by_the_app(
    bucket, client, settings, django_capture_on_commit_callbacks
):
    settings.PDF_RENDER_AHEAD = True
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article()  # publishing renders the PDF ahead (immediate backend)
    render = PdfRender.objects.get(kind="article", object_id=article.pk, language="en")
    stored = bucket.head_object(Bucket=BUCKET, Key=render.file.name)
    assert stored["ContentType"] == "application/pdf"
    assert stored["ContentDisposition"] == "attachment"

    response = client.get(article_pdf_url(article, "en"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    assert len(body) == stored["ContentLength"]


def test_an_uploaded_image_is_stored_safely_and_served_from_the_bucket(bucket, client):
    article = make_article()
    original = bucket.head_object(Bucket=BUCKET, Key=article.image.file.name)
    assert original["ContentType"] == "image/jpeg"
    assert original["ContentDisposition"] == "inline"

    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    # The page points at signed URLs in the bucket for the renditions it just made there.
    urls = {
        unescape(url)
        for url in re.findall(r'(?:src|srcset)="([^" ]+)', page.content.decode())
        if url.startswith(ENDPOINT)
    }
    webp = [url for url in urls if ".webp?" in url]
    assert webp, urls
    assert all("Signature=" in url or "X-Amz-Signature=" in url for url in urls)
    served = requests.get(webp[0], timeout=10)
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/webp"
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert served.content.startswith(b"RIFF")
    # Without its signature the private bucket refuses it.
    assert requests.get(webp[0].split("?")[0], timeout=10).status_code == 403
