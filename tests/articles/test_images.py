import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from colophon.lib.images import reencode_image
from tests.factories import image_bytes, make_article


def _upload(data: bytes, name: str = "x.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS IFD: latitude
    return exif.tobytes()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_each_allowed_format_is_re_encoded_in_the_same_format(fmt):
    clean = reencode_image(_upload(image_bytes(fmt), f"pic.{fmt.lower()}"))
    assert Image.open(io.BytesIO(clean.read())).format == fmt


def test_exif_and_gps_are_removed():
    data = image_bytes("JPEG", exif=_gps_exif())
    assert Image.open(io.BytesIO(data)).getexif()  # the fixture really carries EXIF
    clean = Image.open(io.BytesIO(reencode_image(_upload(data)).read()))
    assert not clean.getexif()
    assert "exif" not in clean.info


def test_trailing_bytes_after_the_image_are_dropped():
    payload = b"<script>alert(1)</script>"
    clean = reencode_image(_upload(image_bytes("PNG") + payload, "x.png")).read()
    assert payload not in clean


def test_a_gif_is_refused_naming_the_allowed_formats():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        reencode_image(_upload(out.getvalue(), "x.gif"))


def test_a_text_file_is_not_an_image():
    with pytest.raises(ValidationError, match="not a JPEG, PNG or WebP"):
        reencode_image(_upload(b"%PDF-1.7 not an image", "x.jpg"))


def test_a_decompression_bomb_is_refused_before_it_is_decoded(settings):
    settings.COLOPHON_IMAGE_MAX_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("1", (4000, 4000)).save(out, format="PNG")  # 16 MP, a few kB on disk
    with pytest.raises(ValidationError, match="megapixels"):
        reencode_image(_upload(out.getvalue(), "bomb.png"))


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.COLOPHON_IMAGE_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="MB"):
        reencode_image(_upload(image_bytes("PNG", size=(200, 200)), "big.png"))


def test_a_truncated_image_is_reported_as_damaged(monkeypatch):
    # WeasyPrint turns this on for the whole process; uploads must still be refused.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = image_bytes("JPEG", size=(400, 400))
    with pytest.raises(ValidationError, match="damaged"):
        reencode_image(_upload(data[: len(data) // 2]))


@pytest.mark.django_db
def test_a_featured_image_is_stored_re_encoded_with_its_dimensions():
    article = make_article()
    image = article.image
    assert (image.width, image.height) == (64, 48)
    with image.file.open("rb") as stored:
        assert Image.open(stored).format == "JPEG"


@pytest.mark.django_db
def test_the_credit_line_is_built_from_the_fields_and_escaped():
    article = make_article()
    image = article.image
    image.title = "The Wrong Side of the Fence"
    image.creator = "Jason <b>Jacobs</b>"
    html = image.credit_html()
    assert html == (
        '<a href="https://example.org/river">The Wrong Side of the Fence</a> by '
        "Jason &lt;b&gt;Jacobs&lt;/b&gt;, "
        '<a href="https://creativecommons.org/licenses/by/2.0/" rel="license">CC BY 2.0</a>'
    )
    image.creator = "Jason Jacobs"
    assert image.credit_text() == "The Wrong Side of the Fence by Jason Jacobs, CC BY 2.0"
