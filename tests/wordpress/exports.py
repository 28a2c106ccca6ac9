"""The WordPress exports under tests/fixtures/wordpress/, read here on their own.

The import's tests take what they expect from the export file itself, read with lxml
alone, never through the reader under test: a post's language, translation group,
categories, dates and text come from its XML.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wordpress"
POLYLANG = FIXTURES / "polylang-bilingual.xml"
UPLOADS = FIXTURES / "uploads"
CLASSIC = FIXTURES / "real" / "theme-unit-test-classic.xml"
BLOCKS = FIXTURES / "real" / "block-test-data-6.4.xml"

BLOCK_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
SHORTCODE_TAG = re.compile(r"\[/?([a-zA-Z][\w-]*)[^\]]*\]")
WORD = re.compile(r"\w+")
# The block editor's call of a note: its number is made again wherever the note is shown.
NOTE_CALL = re.compile(r'<sup\b[^>]*\bdata-fn="[^"]*"[^>]*>.*?</sup>', re.DOTALL)


@dataclass
class SourcePost:
    id: int
    type: str
    status: str
    title: str
    link: str
    content: str
    excerpt: str
    date_gmt: datetime | None
    language: str = ""
    translations: str = ""  # the Polylang post_translations term
    categories: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def old_path(self) -> str:
        parts = urlsplit(self.link)
        return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def _date(text: str) -> datetime | None:
    if not text or text.startswith("0000"):
        return None
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def source_posts(path: Path, types: tuple[str, ...] = ("post", "page")) -> list[SourcePost]:
    root = etree.parse(str(path), _parser()).getroot()
    ns = {k: v for k, v in root.nsmap.items() if k}
    posts = []
    for element in root.iter("item"):
        kind = element.findtext("wp:post_type", namespaces=ns) or ""
        if kind not in types:
            continue
        post = SourcePost(
            id=int(element.findtext("wp:post_id", namespaces=ns) or 0),
            type=kind,
            status=element.findtext("wp:status", namespaces=ns) or "",
            title=element.findtext("title") or "",
            link=element.findtext("link") or "",
            content=element.findtext("content:encoded", namespaces=ns) or "",
            excerpt=element.findtext("excerpt:encoded", namespaces=ns) or "",
            date_gmt=_date(element.findtext("wp:post_date_gmt", namespaces=ns) or ""),
        )
        for term in element.findall("category"):
            domain, slug = term.get("domain"), term.get("nicename") or ""
            if domain == "language":
                post.language = slug
            elif domain == "post_translations":
                post.translations = slug
            elif domain == "category":
                post.categories.append(slug)
        for meta in element.findall("wp:postmeta", namespaces=ns):
            key = meta.findtext("wp:meta_key", namespaces=ns) or ""
            post.meta.setdefault(key, meta.findtext("wp:meta_value", namespaces=ns) or "")
        posts.append(post)
    return posts


def words(markup: str) -> set[str]:
    """The words a reader sees in `markup`: no tags, no block comments, no shortcode
    brackets (their content stays), entities decoded, lowercased."""
    text = SHORTCODE_TAG.sub(" ", BLOCK_COMMENT.sub(" ", NOTE_CALL.sub(" ", markup)))
    text = re.sub(r"<[^>]*>", " ", text)
    return {w.lower() for w in WORD.findall(html.unescape(text))}


def shortcode_names(content: str) -> set[str]:
    return {m.group(1).lower() for m in SHORTCODE_TAG.finditer(BLOCK_COMMENT.sub(" ", content))}
