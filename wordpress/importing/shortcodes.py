"""WordPress shortcodes, read as WordPress's get_shortcode_regex reads them, and expanded.

A shortcode is `[name attributes]`, self-closing `[name /]`, or enclosing
`[name]content[/name]`; `[[name]]` is an escaped one, shown as `[name]`. Attributes are
`key="value"`, `key='value'`, `key=value` or bare values. Expanded here:

- `[caption]` (and the older `[wp_caption]`): a figure whose caption is the text after
  the image;
- `[gallery ids="…"]`: one figure per attachment, for the importer to find by id;
- `[embed]URL[/embed]`, `[video]`, `[audio]`: a link to the URL;
- footnote plugins' `[footnote]`, `[efn_note]`, `[mfn]`, `[ref]`: a note;

Any other shortcode is kept as text (its content expanded) and reported.
"""

import html
import re
from bisect import bisect_left
from dataclasses import dataclass

from wordpress.importing.autop import autop
from wordpress.importing.conversion import Conversion, placeholder

NOTE_TAGS = ("footnote", "efn_note", "mfn", "ref")
MEDIA_TAGS = ("embed", "video", "audio")
KNOWN_TAGS = ("caption", "wp_caption", "gallery", *MEDIA_TAGS, *NOTE_TAGS)
# Tags that make blocks of their own: a paragraph holding only one is unwrapped.
BLOCK_TAGS = ("caption", "wp_caption", "gallery", "embed", "video", "audio")

# Bracketed words an author writes in running text, which are no shortcode.
_EDITORIAL = frozenset(
    {"sic", "ibid", "emphasis", "original", "translation", "citation", "trans", "ed", "eds"}
)
_ROMAN = re.compile(r"^[ivxlc]+$")
# [name …] where the name starts with a letter (WordPress accepts any tag it knows).
# Unlike WordPress, an attribute may not hold "[": a stray "[name" then costs a scan to the
# next bracket, not to the end of the text.
_OPEN = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])"
    r"([^\[\]/]*(?:/(?!\])[^\[\]/]*)*?)"
    r"(?:(/)\]|\])"
)
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)
_IMAGE_UNIT = re.compile(
    r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.IGNORECASE | re.DOTALL
)
_ATTACHMENT = re.compile(r"attachment_(\d+)")


@dataclass
class Shortcode:
    tag: str
    attributes: dict[str, str]
    positional: list[str]
    content: str | None  # None for a self-closing one
    text: str  # the shortcode as written


def parse_attributes(text: str) -> tuple[dict[str, str], list[str]]:
    """Named attributes (keys lower-cased) and bare values, as shortcode_parse_atts."""
    text = re.sub(r"[\u00a0\u200b]+", " ", text)
    named: dict[str, str] = {}
    bare: list[str] = []
    for match in _ATTRIBUTE.finditer(text):
        groups = match.groups()
        for key, value in ((groups[0], groups[1]), (groups[2], groups[3]), (groups[4], groups[5])):
            if key is not None:
                named[key.lower()] = html.unescape(value or "")
                break
        else:
            bare.append(next(g for g in groups[6:] if g is not None))
    return named, bare


def split(text: str) -> list[str | Shortcode]:
    """`text` as plain text and shortcodes, in order."""
    out: list[str | Shortcode] = []
    closings = _Closings(text)
    position = 0
    start = 0
    while (match := _OPEN.search(text, position)) is not None:
        escaped, tag, raw_attributes, self_closing = match.groups()
        end = match.end()
        content: str | None = None
        if not self_closing:
            closing = closings.after(tag, end)
            if closing is not None:
                content, end = text[end:closing], closing + len(f"[/{tag}]")
        if escaped:
            if text.startswith("]", end):
                # [[name]] shows "[name]" as written, and is no shortcode.
                out.append(text[start : match.start()] + text[match.start() + 1 : end])
                start = position = end + 1
                continue
            # "[[name]" is a stray bracket before a shortcode.
            out.append(text[start : match.start() + 1])
            start = position = match.start() + 1
            continue
        named, bare = parse_attributes(raw_attributes)
        out.append(text[start : match.start()])
        out.append(Shortcode(tag.lower(), named, bare, content, text[match.start() : end]))
        start = position = end
    out.append(text[start:])
    return [piece for piece in out if piece != ""]


class _Closings:
    """Where each tag's closing and opening tags are, found once per tag."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, tuple[list[int], list[int]]] = {}

    def after(self, tag: str, start: int) -> int | None:
        # Shortcodes of one tag do not nest: the first closing tag ends this one, unless
        # another opening of the same tag comes first (then this one is self-closing).
        key = tag.lower()
        if key not in self.found:
            name = re.escape(tag)
            closes = [m.start() for m in re.finditer(rf"\[/{name}\]", self.text, re.I)]
            opens = [m.start() for m in re.finditer(rf"\[{name}(?![\w-])", self.text, re.I)]
            self.found[key] = (closes, opens)
        closes, opens = self.found[key]
        index = bisect_left(closes, start)
        if index == len(closes):
            return None
        again = bisect_left(opens, start)
        if again < len(opens) and opens[again] < closes[index]:
            return None
        return closes[index]


# A URL alone in its paragraph, which WordPress showed as an embed (a video, a post).
_BARE_URL = re.compile(r"<p>\s*(https?://[^\s<>\"]+)\s*</p>")


def classic_html(content: str, conversion: Conversion) -> str:
    """Classic-editor content: paragraphs as WordPress displays them, shortcodes expanded,
    and a URL alone on its line (an embed on the old site) made a link to it."""
    html_ = expand(autop(content, shortcodes=BLOCK_TAGS), conversion)
    return _BARE_URL.sub(lambda m: f'<p><a href="{m.group(1)}">{m.group(1)}</a></p>', html_)


def expand(text: str, conversion: Conversion) -> str:
    """`text` with every shortcode expanded or kept, figures and notes recorded."""
    if "[" not in text:
        return text
    return "".join(
        piece if isinstance(piece, str) else _expand_one(piece, conversion)
        for piece in split(text)
    )


def _expand_one(code: Shortcode, conversion: Conversion) -> str:
    tag = code.tag
    if tag in ("caption", "wp_caption"):
        return _caption(code, conversion)
    if tag == "gallery":
        return _gallery(code, conversion)
    if tag in MEDIA_TAGS:
        url = (code.content or "").strip() if tag == "embed" else _media_url(code)
        url = re.sub(r"<[^>]*>", "", url).strip()
        if not url:
            conversion.warn(f"[{tag}] without a URL dropped")
            return ""
        escaped = html.escape(html.unescape(url))
        return f'<a href="{escaped}">{escaped}</a>'
    if tag in NOTE_TAGS and code.content is not None:
        conversion.warn(f"[{tag}] footnote shortcode converted to a note")
        return f'<span data-note="">{expand(code.content, conversion)}</span>'
    if _is_prose(code):
        return code.text
    conversion.warn(f"unknown shortcode [{tag}] kept as text")
    if code.content is None:
        return code.text
    opening = code.text[: len(code.text) - len(code.content) - len(f"[/{tag}]")]
    return f"{opening}{expand(code.content, conversion)}{code.text[-len(f'[/{tag}]') :]}"


def _is_prose(code: Shortcode) -> bool:
    # "[sic]", "[iv]", "[emphasis added]": brackets in an author's text.
    if code.content is not None or code.attributes:
        return False
    return code.tag in _EDITORIAL or bool(_ROMAN.match(code.tag)) or len(code.tag) == 1


def _caption(code: Shortcode, conversion: Conversion) -> str:
    content = code.content or ""
    caption = code.attributes.get("caption", "")
    unit = content
    match = _IMAGE_UNIT.search(content)
    if match:
        unit, rest = match.group(1), match.group(2)
        before = content[: match.start()]
        if not caption:
            caption = rest
        elif rest.strip():
            unit = f"{unit}{rest}"
        unit = before + unit
    attachment = _ATTACHMENT.search(code.attributes.get("id", ""))
    if attachment and "wp-image-" not in unit:
        unit = re.sub(
            r"<img ", f'<img data-attachment="{attachment.group(1)}" ', unit, count=1, flags=re.I
        )
    caption = re.sub(r"^(?:\s|<br\s*/?>)+|(?:\s|<br\s*/?>)+$", "", caption)
    return f'<figure class="wp-caption">{unit}<figcaption>{caption}</figcaption></figure>'


def _gallery(code: Shortcode, conversion: Conversion) -> str:
    ids = code.attributes.get("ids") or code.attributes.get("include") or ""
    numbers = [int(value) for value in re.findall(r"(?<!\d)\d{1,18}(?!\d)", ids)]
    if not numbers:
        conversion.warn("[gallery] without ids: the post's attached images were not placed")
        return ""
    return "".join(
        placeholder(conversion.add_figure(url="", attachment_id=number)) for number in numbers
    )


def _media_url(code: Shortcode) -> str:
    attributes = code.attributes
    for key in ("src", "url", "mp4", "m4v", "webm", "ogv", "mp3", "ogg", "m4a", "wav"):
        if attributes.get(key):
            return attributes[key]
    # [audio https://…/song.mp3]: the URL as a bare value.
    for value in code.positional:
        if re.match(r"https?://", value.strip("'\"")):
            return value.strip("'\"")
    return (code.content or "").strip()
