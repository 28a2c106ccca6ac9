"""A WordPress post's content converted for a test, its markup as the sanitiser stores it."""

from colophon.lib.sanitise import clean_html
from wordpress.importing.body import Body, convert_body

UPLOADS = "https://example.org/wp-content/uploads"


def converted(content: str, **options) -> tuple[str, Body]:
    """The stored markup of `content`'s body, and the body (figures, warnings, notes)."""
    body = convert_body(content, **options)
    return clean_html(body.html), body


def canonical(content: str, **options) -> str:
    return converted(content, **options)[0]
