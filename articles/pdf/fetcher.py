"""The only way WeasyPrint may read a file: our own static and media files, from disk.

The HTML of a PDF comes partly from contributors, so every URL in it is hostile until
proven ours. Our templates name resources with two private schemes:

- ``colophon-static:pdf/article.css`` — a file found by the staticfiles finders;
- ``colophon-media:images/2025/photo.jpg`` — a file in the default storage.

Everything else is refused before any I/O: ``file:``, ``http(s):`` (to anywhere,
our own site included), ``data:``, ``ftp:``; a path with ``..``, a backslash, a NUL, a
leading slash or a percent-encoded way of writing one of those. There is no network
code path at all, so there are no redirects to follow. Attachments are stripped from
the document separately (articles.pdf.render.render_html), since a refused fetch alone would
still leave an empty attachment annotation behind.
"""

import mimetypes
import time
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "colophon-static"
MEDIA_SCHEME = "colophon-media"
_TEXT_TYPES = {"text/css"}


class RenderLimitExceeded(BaseException):
    """A render went over its time, page or size budget.

    A BaseException, so WeasyPrint's own `except Exception` blocks around resource loading
    and layout cannot swallow it.
    """


class RefusedURL(ValueError):
    pass


def static_url(path: str) -> str:
    return f"{STATIC_SCHEME}:{path}"


def media_url(name: str) -> str:
    return f"{MEDIA_SCHEME}:{name}"


def safe_relative_path(raw: str) -> str:
    """`raw` as a relative path inside a root, or RefusedURL saying why not."""
    # Decode repeatedly: "%252e%252e" must not survive as ".." after one more decoding.
    path = raw
    for _ in range(3):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    path = path.split("?", 1)[0].split("#", 1)[0]
    if not path or "\\" in path or "\x00" in path or path.startswith("/") or ":" in path:
        raise RefusedURL(f"not a plain relative path: {raw!r}")
    if any(part in {"", ".", ".."} for part in path.split("/")):
        raise RefusedURL(f"path has an empty, '.' or '..' segment: {raw!r}")
    return path


class SafeURLFetcher(URLFetcher):
    """Serves colophon-static: and colophon-media: URLs from disk and refuses the rest.

    One instance per render: it counts the bytes it hands out (`max_bytes`), stops the
    render once `deadline` (a time.monotonic() value) has passed, and remembers what it
    refused so tests and logs can say what a document tried to reach.
    """

    def __init__(self, *, deadline: float | None = None, max_bytes: int | None = None):
        # No handler is registered: fetch() below is the whole implementation, so the
        # urllib machinery (file, http, ftp, redirects) is never reachable.
        super().__init__(allowed_protocols=(STATIC_SCHEME, MEDIA_SCHEME), allow_redirects=False)
        self.handlers.clear()
        self.handle_open.clear()
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.bytes_served = 0
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise RenderLimitExceeded("time limit reached while fetching resources")
        try:
            scheme, _, rest = url.partition(":")
            scheme = scheme.lower()
            if scheme not in (STATIC_SCHEME, MEDIA_SCHEME):
                raise RefusedURL(f"scheme {scheme!r} is not allowed")
            path = safe_relative_path(rest)
            data = self._read_static(path) if scheme == STATIC_SCHEME else self._read_media(path)
        except (RefusedURL, OSError, SuspiciousFileOperation) as error:
            self.refused.append(url)
            raise RefusedURL(f"{url!r} refused: {error}") from None
        self.bytes_served += len(data)
        if self.max_bytes is not None and self.bytes_served > self.max_bytes:
            raise RenderLimitExceeded("the document's resources are larger than allowed")
        self.served.append(url)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        headers = {"Content-Type": content_type}
        if content_type in _TEXT_TYPES:
            headers["Content-Type"] = f"{content_type}; charset=utf-8"
        return URLFetcherResponse(url, body=data, headers=headers)

    def _read_static(self, path: str) -> bytes:
        found = finders.find(path)
        if not found:
            raise RefusedURL(f"no static file {path!r}")
        with open(found, "rb") as handle:
            return self._read_capped(handle)

    def _read_media(self, path: str) -> bytes:
        if not default_storage.exists(path):
            raise RefusedURL(f"no media file {path!r}")
        with default_storage.open(path, "rb") as handle:
            return self._read_capped(handle)

    def _read_capped(self, handle) -> bytes:
        if self.max_bytes is None:
            return handle.read()
        data = handle.read(self.max_bytes - self.bytes_served + 1)
        if self.bytes_served + len(data) > self.max_bytes:
            raise RenderLimitExceeded("the document's resources are larger than allowed")
        return data
