"""Addresses on the public site, for anything read away from it: feeds, sitemaps, OAI-PMH,
PDFs and e-mails."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` on the public site (SITE_URL), whatever host a request came through.

    A site served below a path (SITE_URL=https://example.org/series) keeps that path. A
    path from reverse() already starts with it when the app knows its script prefix
    (SCRIPT_NAME, FORCE_SCRIPT_NAME); it is added only where it is missing, never twice.
    """
    parts = urlsplit(settings.SITE_URL)
    base = parts.path.rstrip("/")
    if base and path != base and not path.startswith(base + "/"):
        path = base + path
    return f"{parts.scheme}://{parts.netloc}{path}"
