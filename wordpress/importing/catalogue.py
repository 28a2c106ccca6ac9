"""The first pass over an export: everything the second pass needs to know ahead.

The second pass (wordpress/importing/importer.py) imports one post at a time, in file
order, each in its own transaction. To do that it must already know, for every post, the
piece it belongs to (a Spanish post and its English original are one piece), which
language is the original, the series and volume number its categories give it, and what
its attachments, authors and guest authors are. This pass reads the file once, keeping
only those small facts, never a post's text.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

from wordpress.importing.mapping import Mapping
from wordpress.importing.wxr import Author, Site, Term


@dataclass(slots=True)
class Attachment:
    id: int
    url: str  # <wp:attachment_url>
    link: str  # the attachment page's permalink
    guid: str
    title: str
    caption: str  # <excerpt:encoded>: WordPress keeps an attachment's caption there
    description: str  # <content:encoded>
    alt: str  # postmeta _wp_attachment_image_alt
    parent: int
    mime: str  # from the URL's extension when the export has no post_mime_type
    language: str  # Polylang's language term of the attachment, or ""


@dataclass(slots=True)
class GuestAuthor:
    """A Co-Authors Plus guest author (an item of type guest-author and its cap-* meta)."""

    id: int
    slug: str  # the author term's slug, "cap-jane-doe"
    display_name: str
    first_name: str
    last_name: str
    email: str
    website: str
    description: str  # the bio
    linked_login: str  # cap-linked_account: the WordPress user it stands for, if any


@dataclass(slots=True)
class PostHead:
    """What the second pass needs of a post or page before reading its text."""

    id: int
    type: str  # "post" or "page"
    status: str
    slug: str
    title: str
    link: str
    guid: str
    date: datetime | None
    language: str  # "en", "es", … (site language code)
    categories: list[str] = field(default_factory=list)  # slugs
    tags: list[str] = field(default_factory=list)  # slugs
    authors: list[str] = field(default_factory=list)  # CAP author term slugs, else [creator login]
    thumbnail_id: int = 0


@dataclass(slots=True)
class Group:
    """One piece (or page): its posts by language, the original first."""

    key: str  # stable: "post-<id of the original>"
    members: dict[str, int]  # language → post id
    original_language: str
    # Set for posts: the series' slug from the mapping, and the volume number and position
    # in it; empty/0 when no category maps to a series.
    series: str = ""
    volume: int = 0
    position: int = 1
    how_paired: str = ""  # "polylang", "wpml", "mapping" or "" (a single post)


@dataclass(slots=True)
class PairSuggestion:
    """Two unpaired posts in different languages that may be one piece, and why."""

    ids: tuple[int, int]
    reasons: list[str]  # "same featured image", "published 3 days apart", "same references"


@dataclass
class Catalogue:
    site: Site
    authors: dict[str, Author] = field(default_factory=dict)  # by login
    terms: dict[tuple[str, str], Term] = field(default_factory=dict)  # (taxonomy, slug)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    guest_authors: dict[str, GuestAuthor] = field(default_factory=dict)  # by term slug
    posts: dict[int, PostHead] = field(default_factory=dict)  # posts and pages
    groups: dict[int, Group] = field(default_factory=dict)  # post id → its group
    suggestions: list[PairSuggestion] = field(default_factory=list)
    # Counts by item type and status, for the dry run: {"post": {"publish": 12, …}, …}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def group_of(self, post_id: int) -> Group:
        return self.groups[post_id]


def build_catalogue(source: Path | str | IO[bytes], mapping: Mapping) -> Catalogue:
    """Read the export once (wxr.read) and work out groups, languages and volumes."""
    raise NotImplementedError


def default_mapping(catalogue: Catalogue) -> Mapping:
    """The mapping used without a mapping file: each category with posts becomes a series
    (volumes in publication order), tags become keywords, Polylang/WPML pairs as found."""
    raise NotImplementedError
