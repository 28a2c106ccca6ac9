"""Re-encode uploaded images so nothing a contributor sent reaches a reader byte for byte.

Only JPEG, PNG and WebP are accepted; the pixel count is checked from the header before
any decoding, so a decompression bomb is refused cheaply; a picture larger than
COLOPHON_IMAGE_MAX_SIDE is scaled down (a JPEG already while it is decoded); the pixels
are then written into a fresh file, which drops EXIF (GPS included), XMP, comments and
trailing data.
"""

import io
import math
import posixpath
import secrets
import threading
import warnings
from pathlib import PurePath
from typing import IO, Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, JpegImagePlugin, UnidentifiedImageError

from colophon.lib.uploads import read_capped

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def reencode_image(file: IO[bytes], name: str = "") -> ContentFile[bytes]:
    """Return a clean copy of an uploaded image, or raise ValidationError saying why not."""
    max_pixels = settings.COLOPHON_IMAGE_MAX_PIXELS
    data = read_capped(
        file,
        settings.COLOPHON_IMAGE_MAX_BYTES,
        _("The image is %(size)s MB; the limit is %(limit)s MB."),
        _("The image is larger than %(limit)s MB."),
    )
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; treat it as an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image: Image.Image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except UnidentifiedImageError:
            raise ValidationError(
                _("The file is not a JPEG, PNG or WebP image."), code="not_an_image"
            ) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(_too_many_pixels(max_pixels), code="too_many_pixels") from None
        width, height = image.size
        if width * height > max_pixels:
            raise ValidationError(_too_many_pixels(max_pixels), code="too_many_pixels")
        _decode_no_larger_than_kept(image)
        try:
            _load_strictly(image)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(
                _("The image file is damaged or incomplete (%(error)s).") % {"error": exc},
                code="damaged",
            ) from None
    # Image.open() was given only these formats, so one of them is the one it read.
    fmt = cast(str, image.format)
    options = _encoder_options(image)
    # Apply the camera's orientation before the EXIF that records it is dropped. In place,
    # like the downscale: a copy of a full-size picture is hundreds of megabytes.
    ImageOps.exif_transpose(image, in_place=True)
    # Before the downscale, which would pick the nearest pixel in a palette image. The
    # usual modes (RGB, RGBA, L) need no conversion and so no copy.
    if image.mode not in {"RGB", "RGBA", "L", "LA"}:
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    if fmt == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    side = settings.COLOPHON_IMAGE_MAX_SIDE
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    # The rebuild copies the pixels, but of a picture no larger than the kept size by now.
    # An image rebuilt from raw pixels has an empty info dict, so save() writes no EXIF,
    # ICC profile, XMP or text chunks whatever the Pillow version's defaults are.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, format=fmt, **options)
    stem = get_valid_filename(PurePath(name or getattr(file, "name", "") or "image").stem)
    stem = stem[:80] or "image"
    return ContentFile(out.getvalue(), name=f"{stem}.{FORMATS[fmt]}")


def _decode_no_larger_than_kept(image: Image.Image) -> None:
    """Have a JPEG decoded at the smallest of 1/2, 1/4 or 1/8 scale still as large as the
    picture that is kept, instead of decoding every pixel only to shrink it afterwards."""
    side = settings.COLOPHON_IMAGE_MAX_SIDE
    width, height = image.size
    if image.format != "JPEG" or max(width, height) <= side:
        return
    scale = side / max(width, height)
    image.draft(image.mode, (math.ceil(width * scale), math.ceil(height * scale)))


_strict_loading = threading.Lock()


def _load_strictly(image: Image.Image) -> None:
    """Decode every pixel, failing on a truncated file.

    WeasyPrint sets Pillow's process-wide ImageFile.LOAD_TRUNCATED_IMAGES on import, which
    would let a truncated upload through padded with grey; uploads are held to the default.
    """
    with _strict_loading:
        lenient = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _encoder_options(image: Image.Image) -> dict[str, Any]:
    if image.format == "JPEG":
        # Re-use the upload's own quantisation tables and chroma subsampling, as Pillow's
        # quality="keep" does: a photo that has already been compressed is not degraded
        # again by a second, different set of tables each time it is imported. (Pillow
        # reads every JPEG into a JpegImageFile, which holds the tables.)
        tables = cast(JpegImagePlugin.JpegImageFile, image).quantization
        options: dict[str, Any] = {"optimize": True, "qtables": tables}
        sampling = JpegImagePlugin.get_sampling(image)
        if sampling != -1:
            options["subsampling"] = sampling
        return options
    if image.format == "WEBP":
        return {"quality": 88}
    return {"optimize": True}


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"PA", "RGBa", "La"} or "transparency" in image.info


def _too_many_pixels(limit: int) -> str:
    return _("The image has more than %(limit)s megapixels; please send a smaller one.") % {
        "limit": limit // 1_000_000
    }


class SafeImageFormField(forms.ImageField):
    """Gives the precise reason an upload is refused instead of "upload a valid image"."""

    def to_python(self, data: Any) -> File[Any] | None:
        if data in self.empty_values:
            return None
        reencode_image(data)  # raises a ValidationError that names the problem
        data.seek(0)  # Django's own check reads the upload again from the start.
        return super().to_python(data)


class SafeImageField(models.ImageField):
    """An ImageField whose files are always stored re-encoded by reencode_image()."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            clean = reencode_image(file, file.name)
            file.save(clean.name, clean, save=False)
            return file
        return super().pre_save(model_instance, add)

    def formfield(self, **kwargs: Any) -> forms.Field | None:
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})


@deconstructible
class UnguessablePath:
    """An upload_to that puts each file in a folder of its own with a random name:
    `images/2026/<random>/photo.jpg`.

    The media route and a bucket's CDN serve any file whose address is known, and a piece's
    image is uploaded long before the piece is public: under `images/2026/photo.jpg` a
    draft's image could be found by guessing. The file keeps its own name (exports and
    downloads use it); renditions are named after the whole path, so they are unguessable too.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder  # may hold strftime codes, as a string upload_to does

    def __call__(self, instance: models.Model, filename: str) -> str:
        folder = timezone.now().strftime(self.folder)
        return posixpath.join(folder, secrets.token_urlsafe(12), posixpath.basename(filename))
