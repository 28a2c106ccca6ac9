"""The small records the first pass keeps of an export, one per post, attachment, guest
author and piece (catalogue.py builds them; the importer reads them)."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class Attachment:
    id: int
    url: str  # <wp:attachment_url>
    link: str  # the attachment page's permalink
    title: str
    caption: str  # <excerpt:encoded>: WordPress keeps an attachment's caption there
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
    date: datetime | None
    language: str  # "en", "es", … (site language code)
    categories: list[str] = field(default_factory=list)  # slugs
    authors: list[str] = field(default_factory=list)  # CAP author term slugs, else [creator login]
    thumbnail_id: int = 0


@dataclass(slots=True)
class Group:
    """One piece (or page): its posts by language, the original first."""

    key: str  # stable: "post-<id of the original>", pages too: one ID sequence
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


@dataclass(slots=True)
class Facts:
    """What a post says about its language and translations, kept to redo the grouping."""

    language: str = ""  # the site code its Polylang term or WPML field gives, or ""
    polylang: str = ""  # its post_translations term's slug
    wpml_group: str = ""  # _wpml_import_translation_group
    references: str = ""  # pairing.reference_key of its content
    # Short custom fields (not "_private" ones), for volumes = "field".
    fields: dict[str, str] = field(default_factory=dict)
