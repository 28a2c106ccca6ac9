"""Uploaded files (MEDIA_URL), served by Django in development and production alike.

Uploads come from contributors, so a file is never trusted to be what its name says:
only raster images are shown inline; anything else (an SVG or HTML file among them, which
could carry script) is a download, with nosniff and a sandboxing CSP in case a browser
renders it anyway. Files are read through default_storage; the route exists only while
that storage is on our own disk (`serves_media_itself`), and serves only the folders
readers' pages link to (PUBLIC_FOLDERS).
"""

import mimetypes
import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.utils.csp import CSP
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe

# Formats Pillow re-encodes on upload (colophon/lib/images.py) and browsers display as images
# without running anything. SVG is deliberately absent: it is a document that runs script.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})

# The file is the whole document: it may load nothing, run nothing, sit in no frame, and as
# a sandboxed origin could not reach our cookies or pages even if rendered as HTML.
FILE_POLICY = f"default-src {CSP.NONE}; frame-ancestors {CSP.NONE}; sandbox"

# The folders readers' pages link to: featured images (articles/models/images.py), their
# renditions (articles/renditions.py) and contributors' photos (contributors/models.py).
# Nothing else in the storage is public: rendered PDFs (pdfs/) go out only through the PDF
# views, which check that their piece is public now, and health probes are nobody's business.
PUBLIC_FOLDERS = ("images/", "renditions/", "contributors/")

# Uploaded names are not content-hashed (a replaced file may keep its name), so caches
# hold a file for a day; a rendition's name carries a hash of its original's name and size
# (articles/renditions.py, as colophon/storage.py says for the bucket), so it is for good.
CACHE_CONTROL = "public, max-age=86400"
IMMUTABLE_FOLDERS = ("renditions/",)
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"


def serves_media_itself(storage: dict, media_url: str) -> bool:
    """Whether uploads are files on our own disk, which only this view can serve.

    A bucket's files are fetched from the bucket (signed URLs, or a CDN's); a route here
    would hand a private bucket's files to anyone, unsigned.
    """
    backend = import_string(storage["BACKEND"])
    return "://" not in media_url and issubclass(backend, FileSystemStorage)


def storage_name(path: str) -> str:
    """The storage name for a URL path, or Http404 for anything that is not a plain path
    inside one of the public folders."""
    parts = path.split("/")
    if not path or "\\" in path or "\x00" in path or any(p in {"", ".", ".."} for p in parts):
        raise Http404("No such file.")
    if not path.startswith(PUBLIC_FOLDERS):
        raise Http404("No such file.")
    return path


@require_safe
def serve(request: HttpRequest, path: str) -> FileResponse:
    name = storage_name(path)
    try:
        file = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, SuspiciousFileOperation):
        # S3Storage reports a missing key as FileNotFoundError too; other failures (a
        # storage that is down, a permission error) are real errors and are logged as such.
        raise Http404("No such file.") from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        file,
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
        filename=posixpath.basename(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cache-Control"] = (
        IMMUTABLE_CACHE_CONTROL if name.startswith(IMMUTABLE_FOLDERS) else CACHE_CONTROL
    )
    return response
