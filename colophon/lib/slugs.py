"""A slug for a new row that no row of its kind has yet: `base`, then `base-2`, `base-3`…"""

from typing import Any

from django.db.models import Manager, QuerySet
from django.utils.text import slugify


def unique_slug(
    text: str, taken: Manager[Any] | QuerySet[Any], *, limit: int, fallback: str
) -> str:
    """`text` slugified to at most `limit` characters (`fallback` if nothing is left),
    numbered until no row of `taken` has it."""
    base = slugify(text)[:limit] or fallback
    slug, n = base, 1
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
