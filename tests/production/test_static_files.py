"""Production static files: collectstatic writes hashed, compressed copies and a manifest,
and WhiteNoise serves them with a far-future Cache-Control. (The other tests use the plain
storage, tests/conftest.py; this one runs collectstatic once, into a temporary folder.)"""

import gzip
import re

import brotli
import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

from tests.factories import make_article

pytestmark = pytest.mark.django_db

PRODUCTION_STORAGE = {"BACKEND": "colophon.static_storage.StaticFilesStorage"}
ONE_YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(
        STATIC_ROOT=root,
        STORAGES={
            "staticfiles": PRODUCTION_STORAGE,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        },
    ):
        # Not the admin's files nor the PDF-only TTF fonts: compressing them takes most of
        # a full run, and they go through the same code as the files collected here.
        call_command(
            "collectstatic", "--no-input", "--ignore=admin", "--ignore=*.ttf", verbosity=0
        )
    return root


@pytest.fixture
def production_static(settings, static_root):
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PRODUCTION_STORAGE}
    # As in production: WhiteNoise indexes STATIC_ROOT once, at start-up.
    settings.WHITENOISE_AUTOREFRESH = False
    return static_root


def test_collectstatic_writes_hashed_compressed_files_and_a_manifest(production_static):
    url = static("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    hashed = production_static / url.removeprefix("/static/")
    assert (production_static / "staticfiles.json").is_file()
    assert gzip.decompress(hashed.with_name(hashed.name + ".gz").read_bytes()) == (
        hashed.read_bytes()
    )
    assert brotli.decompress(hashed.with_name(hashed.name + ".br").read_bytes()) == (
        hashed.read_bytes()
    )


def test_the_pdf_stylesheet_keeps_its_fetcher_urls(production_static):
    """colophon/static_storage.py: `colophon-static:` is a scheme, not a relative path."""
    pdf_css = production_static / static("pdf/pdf.css").removeprefix("/static/")
    assert 'url("colophon-static:fonts/source-serif-4/' in pdf_css.read_text()


@pytest.mark.parametrize(
    ("encoding", "decode"), [("br", brotli.decompress), ("gzip", gzip.decompress)]
)
def test_whitenoise_serves_a_hashed_file_compressed_and_cached_for_years(
    production_static, encoding, decode
):
    url = static("css/site.css")
    response = Client().get(url, headers={"accept-encoding": encoding})
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    # WhiteNoise's "forever" for a name that changes with the content: ten years.
    assert response["Cache-Control"] == f"max-age={10 * ONE_YEAR}, public, immutable"
    original = (production_static / url.removeprefix("/static/")).read_bytes()
    assert decode(b"".join(response.streaming_content)) == original
    assert response["X-Content-Type-Options"] == "nosniff"


def test_every_static_file_a_page_names_is_in_the_manifest(production_static, client):
    """The manifest storage refuses a name it does not know, so a page naming a file that
    is not in static/ would be a server error in production only."""
    response = client.get(make_article().get_absolute_url())
    assert response.status_code == 200
    names = re.findall(r'(?:href|src)="(/static/[^"]+)"', response.content.decode())
    assert names
    for name in names:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", name), name
        assert Client().get(name).status_code == 200, name
