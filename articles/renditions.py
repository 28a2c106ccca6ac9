"""Smaller copies of featured images for the reading site: WebP with a JPEG fallback.

Renditions are made once, by Pillow from the stored (already re-encoded) image, and kept
in the default storage under a name derived from the image file's name and size, so a
replaced image gets new renditions and an unchanged one is never resized twice. Only the
widths in WIDTHS exist; nothing is ever upscaled.
"""

import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

WIDTHS = (480, 960, 1600)
FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpg": ("JPEG", {"quality": 82})}
FOLDER = "renditions"


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    url: str


def widths_for(original_width: int) -> list[int]:
    """The rendition widths an image gets: those of WIDTHS it exceeds, else its own."""
    smaller = [w for w in WIDTHS if w < original_width]
    if len(smaller) < len(WIDTHS):
        smaller.append(original_width)
    return smaller


def rendition_name(file_name: str, file_size: int, width: int, extension: str) -> str:
    if not 0 < width <= max(WIDTHS):
        raise ValueError(f"no rendition {width} px wide")
    if extension not in FORMATS:
        raise ValueError(f"no rendition in {extension}")
    key = hashlib.sha256(f"{file_name}:{file_size}".encode()).hexdigest()[:12]
    stem = PurePosixPath(file_name).stem[:60]
    return f"{FOLDER}/{key[:2]}/{stem}-{key}-{width}.{extension}"


def renditions(image, extension: str) -> list[Rendition]:
    """The renditions of a FeaturedImage in one format, made now if they do not exist yet."""
    if extension not in FORMATS:
        raise ValueError(f"no rendition in {extension}")
    if not image.file or not image.width or not image.height:
        return []
    try:
        name, size = image.file.name, image.file.size
    except OSError:
        # A missing original (a restored database without its media) must not break the
        # page: the template falls back to the plain <img>.
        return []
    made = []
    source = None
    for width in widths_for(image.width):
        height = max(1, round(image.height * width / image.width))
        path = rendition_name(name, size, width, extension)
        if not default_storage.exists(path):
            if source is None:
                image.file.open("rb")
                try:
                    source = Image.open(image.file)
                    source.load()
                finally:
                    image.file.close()
            default_storage.save(path, ContentFile(_encode(source, width, height, extension)))
        made.append(Rendition(width, height, default_storage.url(path)))
    return made


# The article column is at most 65ch of the text face (about 42rem); below that an image
# spans the viewport less the page's padding.
COLUMN_SIZES = "(min-width: 46rem) 42rem, calc(100vw - 2rem)"


def picture_sources(image, sizes: str = COLUMN_SIZES) -> dict:
    """What includes/picture.html and a figure's <picture> need: WebP renditions, the JPEG
    ones and the JPEG fallback (the middle width when there is one), and `sizes`."""
    jpeg = renditions(image, "jpg")
    return {
        "webp": renditions(image, "webp"),
        "jpeg": jpeg,
        "fallback": jpeg[min(1, len(jpeg) - 1)] if jpeg else None,
        "sizes": sizes,
    }


def _encode(source: Image.Image, width: int, height: int, extension: str) -> bytes:
    fmt, options = FORMATS[extension]
    picture = (
        source
        if source.width == width
        else source.resize((width, height), Image.Resampling.LANCZOS)
    )
    if fmt == "JPEG" and picture.mode not in {"RGB", "L"}:
        # JPEG has no alpha: flatten a transparent PNG onto white rather than black.
        background = Image.new("RGB", picture.size, "white")
        background.paste(picture.convert("RGBA"), mask=picture.convert("RGBA").split()[-1])
        picture = background
    out = io.BytesIO()
    picture.save(out, format=fmt, **options)
    return out.getvalue()
