"""A WordPress export file (WXR 1.0, 1.1 and 1.2), read as a stream of records.

Parsed with lxml's iterparse, entities, DTDs and the network off; each <item> is cleared
once it has been turned into an Item, and dropped from its parent with every sibling
before it, so memory stays flat however large the file is.

Versions. WordPress's own importer reads any `wp:wxr_version` up to 1.2 and treats 1.0
(WordPress 3.0) as the same item format, except that 1.0 has no <wp:author> records
(authors are only the logins in <dc:creator>), and an item's tags carry domain="tag"
rather than "post_tag". This reader does the same: it accepts 1.0, 1.1 and 1.2,
normalises domain="tag" to "post_tag", and refuses anything newer, whose shape it cannot
know. A DOCTYPE is refused outright: WordPress never writes one, and one is how entity
expansion ("billion laughs") and external entities get in.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from sys import intern
from typing import IO
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from lxml import etree

from wordpress.importing.sniff import not_an_export


class ExportError(ValueError):
    """The file is not a WordPress export Colophon can read; the message says why."""


@dataclass(slots=True)
class Site:
    title: str
    link: str  # <link> of the channel
    base_site_url: str  # <wp:base_site_url>
    base_blog_url: str  # <wp:base_blog_url>
    language: str  # <language>, e.g. "en-US"
    wxr_version: str  # "1.0", "1.1" or "1.2"


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
    id: int = 0  # <wp:term_id>; 0 in WXR 1.0, which has none


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
    creator: str  # <dc:creator>: an author's login
    content: str  # <content:encoded>
    excerpt: str  # <excerpt:encoded>
    parent: int
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

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
NO_DATE = "0000-00-00 00:00:00"
# What ends the channel's header: the Site is complete once one of these begins.
RECORDS = frozenset({"author", "category", "tag", "term"})


def read(source: Path | str | IO[bytes]) -> Iterator[Record]:
    """Every record of the export in file order: the Site first, then authors and terms,
    then items. Raises ExportError naming the problem (not XML, not WXR, a version it does
    not know, a broken item with its line)."""
    if isinstance(source, Path):
        source = str(source)
    if problem := not_an_export(source):
        raise ExportError(problem)
    events = etree.iterparse(
        source,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        yield from _records(events)
    except etree.XMLSyntaxError as error:
        line = error.lineno or (error.position[0] if error.position else 0)
        raise ExportError(f"Not well-formed XML at line {line}: {error.msg}") from error


def _records(events: "etree.iterparse") -> Iterator[Record]:
    depth = 0
    wp = excerpt = ""
    header: dict[str, str] = {}
    site_sent = False
    saw_channel = False
    for event, element in events:
        if event == "start":
            depth += 1
            if depth == 1:
                wp, excerpt = _check_root(element)
            elif depth == 2 and element.tag == "channel":
                saw_channel = True
            elif depth == 3 and saw_channel and not site_sent:
                namespace, name = _split(element.tag)
                if element.tag == "item" or (namespace == wp and name in RECORDS):
                    site_sent = True
                    yield _site(header)
            continue
        depth -= 1
        if depth != 2 or element.getparent() is None or element.getparent().tag != "channel":
            continue
        # A direct child of <channel> is complete.
        namespace, name = _split(element.tag)
        if element.tag == "item":
            yield _item(element, wp, excerpt)
        elif namespace == wp and name == "author":
            yield _author(element, wp)
        elif namespace == wp and name in ("category", "tag", "term"):
            yield _term(element, wp, name)
        elif not site_sent:
            key = name if namespace in ("", wp) else ""
            if key in ("title", "link", "language", "wxr_version") or key.startswith("base_"):
                header[key] = (element.text or "").strip()
        # Drop what has been read so the tree never holds more than one record.
        element.clear(keep_tail=False)
        parent = element.getparent()
        while element.getprevious() is not None:
            del parent[0]
    if not saw_channel:
        raise ExportError("Not a WordPress export: the file has no <channel>.")
    if not site_sent:
        yield _site(header)


def _check_root(root: etree._Element) -> tuple[str, str]:
    if root.getroottree().docinfo.doctype:
        raise ExportError(
            "The file declares a DOCTYPE; WordPress exports never do, and Colophon refuses "
            "one because it can define entities that expand or read other files."
        )
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag != "rss":
        raise ExportError(f"Not a WordPress export: its root element is <{tag}>, not <rss>.")
    namespaces = [uri for uri in (root.nsmap or {}).values() if uri]
    wp = next((uri for uri in namespaces if WP_NAMESPACE.match(uri)), "")
    if not wp:
        raise ExportError(
            "Not a WordPress export: the file has no WordPress (wp:) namespace; "
            "it may be an ordinary RSS feed. Export with Tools → Export in WordPress."
        )
    excerpt = next((uri for uri in namespaces if EXCERPT_NAMESPACE.match(uri)), "")
    return wp, excerpt


def _site(header: dict[str, str]) -> Site:
    version = header.get("wxr_version", "")
    if not version:
        raise ExportError("Not a WordPress export: the channel has no <wp:wxr_version>.")
    if version not in SUPPORTED_VERSIONS:
        raise ExportError(
            f"WXR version {version!r} is not one Colophon reads "
            f"(it reads {', '.join(SUPPORTED_VERSIONS)})."
        )
    return Site(
        title=header.get("title", ""),
        link=header.get("link", ""),
        base_site_url=header.get("base_site_url", ""),
        base_blog_url=header.get("base_blog_url", ""),
        language=header.get("language", ""),
        wxr_version=version,
    )


_SPLIT: dict[object, tuple[str, str]] = {}


def _split(tag: object) -> tuple[str, str]:
    """("namespace", "name") of a tag; remembered, since a file uses a few dozen tags."""
    found = _SPLIT.get(tag)
    if found is None:
        if not isinstance(tag, str):
            found = ("", "")
        elif tag.startswith("{"):
            namespace, _, name = tag[1:].partition("}")
            found = (namespace, name)
        else:
            found = ("", tag)
        if len(_SPLIT) < 10_000:  # a hostile file could use endless distinct tags
            _SPLIT[tag] = found
    return found


def _children(element: etree._Element, wp: str) -> dict[str, str]:
    """The element's wp: children as name → text (the last wins; none repeat in WXR)."""
    values: dict[str, str] = {}
    for child in element:
        namespace, name = _split(child.tag)
        if namespace == wp:
            values[name] = child.text or ""
    return values


def _int(value: str, what: str, element: etree._Element, *, default: int | None = None) -> int:
    value = value.strip()
    if not value and default is not None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ExportError(
            f"Line {element.sourceline}: {what} is {value!r}, not a whole number."
        ) from None


def _author(element: etree._Element, wp: str) -> Author:
    values = _children(element, wp)
    author_id = values.get("author_id", "").strip()
    return Author(
        id=_int(author_id, "wp:author_id", element) if author_id else None,
        login=values.get("author_login", "").strip(),
        email=values.get("author_email", "").strip(),
        display_name=values.get("author_display_name", "").strip(),
        first_name=values.get("author_first_name", "").strip(),
        last_name=values.get("author_last_name", "").strip(),
    )


def _term(element: etree._Element, wp: str, kind: str) -> Term:
    values = _children(element, wp)
    term_id = _int(values.get("term_id", ""), "wp:term_id", element, default=0)
    if kind == "category":
        return Term(
            taxonomy="category",
            slug=unquote(values.get("category_nicename", "").strip()),
            name=values.get("cat_name", ""),
            parent=unquote(values.get("category_parent", "").strip()),
            description=values.get("category_description", ""),
            id=term_id,
        )
    if kind == "tag":
        return Term(
            taxonomy="post_tag",
            slug=unquote(values.get("tag_slug", "").strip()),
            name=values.get("tag_name", ""),
            parent="",
            description=values.get("tag_description", ""),
            id=term_id,
        )
    return Term(
        taxonomy=values.get("term_taxonomy", "").strip(),
        slug=unquote(values.get("term_slug", "").strip()),
        name=values.get("term_name", ""),
        parent=unquote(values.get("term_parent", "").strip()),
        description=values.get("term_description", ""),
        id=term_id,
    )


def _item(element: etree._Element, wp: str, excerpt_ns: str) -> Item:
    values: dict[str, str] = {}
    plain: dict[str, str] = {}
    terms: list[ItemTerm] = []
    meta: dict[str, list[str]] = {}
    content = excerpt = creator = ""
    for child in element:
        namespace, name = _split(child.tag)
        if namespace == wp:
            if name == "postmeta":
                pair = _children(child, wp)
                meta.setdefault(pair.get("meta_key", ""), []).append(pair.get("meta_value", ""))
            elif name != "comment":
                values[name] = child.text or ""
        elif namespace == "":
            if name == "category":
                domain = child.get("domain")
                if domain:  # a bare <category> (WXR 1.0) repeats one that has a domain
                    terms.append(
                        # Interned: a site's few hundred terms recur on every post, and
                        # the catalogue keeps every post's slugs.
                        ItemTerm(
                            taxonomy=intern("post_tag" if domain == "tag" else domain),
                            slug=intern(unquote(child.get("nicename", ""))),
                            name=intern(child.text or ""),
                        )
                    )
            else:
                plain[name] = child.text or ""
        elif namespace == CONTENT and name == "encoded":
            content = child.text or ""
        elif namespace == excerpt_ns and name == "encoded":
            excerpt = child.text or ""
        elif namespace == DC and name == "creator":
            creator = (child.text or "").strip()
    if "post_id" not in values:
        raise ExportError(f"Line {element.sourceline}: an <item> has no <wp:post_id>.")
    return Item(
        id=_int(values["post_id"], "wp:post_id", element),
        type=intern(values.get("post_type", "post").strip()),
        status=intern(values.get("status", "").strip()),
        title=plain.get("title", ""),
        slug=unquote(values.get("post_name", "").strip()),
        link=plain.get("link", "").strip(),
        guid=plain.get("guid", "").strip(),
        date=_date(values, "post_date", element),
        creator=creator,
        content=content,
        excerpt=excerpt,
        parent=_int(values.get("post_parent", ""), "wp:post_parent", element, default=0),
        attachment_url=values.get("attachment_url", "").strip(),
        terms=terms,
        meta=meta,
    )


def _date(values: dict[str, str], key: str, element: etree._Element) -> datetime | None:
    """The GMT date when the export has one; drafts have "0000-00-00 00:00:00" there, so
    then the local date, read in the site's time zone."""
    gmt = values.get(f"{key}_gmt", "").strip()
    if gmt and gmt != NO_DATE:
        return _parse_date(gmt, f"{key}_gmt", element).replace(tzinfo=UTC)
    local = values.get(key, "").strip()
    if local and local != NO_DATE:
        zone = ZoneInfo(settings.TIME_ZONE)
        return _parse_date(local, key, element).replace(tzinfo=zone).astimezone(UTC)
    return None


def _parse_date(value: str, key: str, element: etree._Element) -> datetime:
    try:
        if len(value) != 19 or value[10] != " ":
            raise ValueError(value)
        return datetime.fromisoformat(value)
    except ValueError:
        raise ExportError(
            f"Line {element.sourceline}: wp:{key} is {value!r}, not a date like "
            "2024-05-01 09:30:00."
        ) from None


def site_key(site: Site) -> str:
    """The site's identity for ImportedItem.site: base_site_url without scheme or trailing
    slash, lowercased host ("example.org/blog")."""
    url = site.base_site_url or site.base_blog_url or site.link
    parts = urlsplit(url if "//" in url else f"//{url}")
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"
