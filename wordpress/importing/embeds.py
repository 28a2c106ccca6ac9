"""What the sanitiser would drop without a trace, kept as text or as a link.

An emoji WordPress wrote as an image (`<img class="wp-smiley" alt="🙂">`) is its
character, not a figure. An <iframe>, <video> or <audio> (a YouTube player pasted into the
classic editor, a video file) becomes a link to what it showed, where it stood. A
paragraph holding nothing but non-breaking spaces, which classic-editor authors typed to
make room, is dropped: it is space, not text. A formula (MathML) or a drawing (SVG), which
the sanitiser drops whole, leaves its text, and the report says so.
"""

import html
import re

from lxml import html as lxml_html
from lxml.html import HtmlElement

from wordpress.importing.conversion import Conversion
from wordpress.importing.images import remove_keeping_tail

_EMOJI_CLASS = re.compile(r"\b(?:wp-smiley|emoji)\b")
_PLAYERS = ("iframe", "video", "audio", "embed")


def keep_emoji(root: HtmlElement) -> None:
    for image in list(root.iter("img")):
        if _EMOJI_CLASS.search(image.get("class") or ""):
            _replace_with_text(image, image.get("alt") or "")


def players_as_links(root: HtmlElement) -> None:
    for player in list(root.iter(*_PLAYERS)):
        if player.getparent() is None or any(a.tag in _PLAYERS for a in player.iterancestors()):
            continue
        url = _source(player)
        if not url.lower().startswith(("http://", "https://", "//")):
            remove_keeping_tail(player)
            continue
        if url.startswith("//"):
            url = f"https:{url}"
        escaped = html.escape(url)
        link = lxml_html.fragment_fromstring(f'<a href="{escaped}">{escaped}</a>')
        link.tail = player.tail
        parent = player.getparent()
        if parent is not None:
            parent.replace(player, link)


def _source(player: HtmlElement) -> str:
    url = (player.get("src") or player.get("data-src") or "").strip()
    if url:
        return url
    for source in player.iter("source"):
        if (source.get("src") or "").strip():
            return (source.get("src") or "").strip()
    return ""


def _replace_with_text(element: HtmlElement, text: str) -> None:
    if element.getparent() is not None:
        element.tail = text + (element.tail or "")
        remove_keeping_tail(element)


def drop_spacers(root: HtmlElement) -> None:
    for paragraph in list(root.iter("p")):
        children = [c for c in paragraph if isinstance(c.tag, str)]
        if all(c.tag == "br" for c in children) and not paragraph.text_content().strip():
            remove_keeping_tail(paragraph)


def foreign_as_text(root: HtmlElement, conversion: Conversion) -> None:
    for element in list(root.iter("math", "svg")):
        if element.getparent() is None or any(
            a.tag in ("math", "svg") for a in element.iterancestors()
        ):
            continue
        kind = "formula (MathML)" if element.tag == "math" else "drawing (SVG)"
        text = element.get("alttext") or " ".join(element.text_content().split())
        _replace_with_text(element, text)
        if text:
            conversion.warn(f"a {kind} was kept as plain text: {text[:60]}")
