"""A WordPress export file (WXR 1.1 and 1.2), read as a stream of records.

Parsed with lxml's iterparse, entities, DTDs and the network off; each <item> is cleared
once it has been turned into an Item, so memory stays flat however large the file is.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO


class ExportError(ValueError):
    """The file is not a WordPress export Colophon can read; the message says why."""


@dataclass(slots=True)
class Site:
    title: str
    link: str  # <link> of the channel
    base_site_url: str  # <wp:base_site_url>
    base_blog_url: str  # <wp:base_blog_url>
    language: str  # <language>, e.g. "en-US"
    wxr_version: str  # "1.1" or "1.2"


@dataclass(slots=True)
class Author:
    id: int | None
    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str


@dataclass(slots=True)
class Term:
    """A <wp:category>, <wp:tag> or <wp:term> of the channel."""

    taxonomy: str  # "category", "post_tag", "language", "post_translations", "author", …
    slug: str
    name: str
    parent: str  # the parent's slug, or ""
    description: str


@dataclass(slots=True)
class ItemTerm:
    """A <category domain="…" nicename="…">name</category> of an item."""

    taxonomy: str
    slug: str
    name: str


@dataclass(slots=True)
class Item:
    id: int
    type: str  # post, page, attachment, guest-author, nav_menu_item, …
    status: str  # publish, draft, pending, future, private, trash, inherit, auto-draft
    title: str
    slug: str  # <wp:post_name>, percent-decoded
    link: str
    guid: str
    date: datetime | None  # aware (UTC) from post_date_gmt, else post_date in the site's zone
    modified: datetime | None
    creator: str  # <dc:creator>: an author's login
    content: str  # <content:encoded>
    excerpt: str  # <excerpt:encoded>
    parent: int
    menu_order: int
    attachment_url: str
    terms: list[ItemTerm] = field(default_factory=list)
    # <wp:postmeta>: key → every value, in order (a key may repeat).
    meta: dict[str, list[str]] = field(default_factory=dict)

    def meta_value(self, key: str) -> str:
        values = self.meta.get(key)
        return values[0] if values else ""

    def terms_in(self, taxonomy: str) -> list[ItemTerm]:
        return [term for term in self.terms if term.taxonomy == taxonomy]


Record = Site | Author | Term | Item


def read(source: Path | str | IO[bytes]) -> Iterator[Record]:
    """Every record of the export in file order: the Site first, then authors and terms,
    then items. Raises ExportError naming the problem (not XML, not WXR, a version it does
    not know, a broken item with its line)."""
    raise NotImplementedError


def site_key(site: Site) -> str:
    """The site's identity for ImportedItem.site: base_site_url without scheme or trailing
    slash, lowercased host ("example.org/blog")."""
    raise NotImplementedError
