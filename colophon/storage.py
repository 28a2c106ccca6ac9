"""Media on S3-compatible storage (colophon/services_env.py turns it on).

Readers fetch images straight from the bucket (signed URLs, or a CDN domain), so each
object carries the headers the app would otherwise add. S3 stores only a fixed set of
response headers with an object: Content-Type, Content-Disposition, Cache-Control (and
Content-Encoding/Language, Expires). `X-Content-Type-Options: nosniff` is not one of them;
a CDN in front of the bucket must add it (docs/deploy.md). Images are re-encoded by Pillow
before they are stored, and anything else is sent as an attachment, never rendered inline.
"""

from pathlib import PurePosixPath

from storages.backends.s3 import S3Storage

# Formats SafeImageField and articles/renditions.py write, as colophon/media.py shows them
# inline when it serves MEDIA_ROOT itself; anything else is a download.
INLINE_TYPES = {".jpg", ".jpeg", ".png", ".webp"}
# Rendition names carry a hash of their original's name and size (articles/renditions.py):
# one name never changes its bytes.
IMMUTABLE_FOLDERS = ("renditions/",)


def object_parameters(name: str) -> dict[str, str]:
    """The stored headers of the object called `name`."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in INLINE_TYPES:
        cache = (
            "public, max-age=31536000, immutable"
            if name.startswith(IMMUTABLE_FOLDERS)
            else "public, max-age=86400"
        )
        return {"ContentDisposition": "inline", "CacheControl": cache}
    return {"ContentDisposition": "attachment", "CacheControl": "private, max-age=0"}


class MediaStorage(S3Storage):
    def get_object_parameters(self, name: str) -> dict:
        return {**super().get_object_parameters(name), **object_parameters(name)}
