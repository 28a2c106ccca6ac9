"""Each kind of block as body markup (the blocks are read by wordpress/importing/blocks.py).

Most blocks save the HTML readers saw, and keep it: paragraphs, headings, lists, quotes,
tables, separators, custom HTML, and the containers (group, columns, cover…) whose inner
blocks are the content. Images and galleries keep their <figure> and <img>, read later
into figures (images.py) with the attachment id the block's attributes give. Embeds,
videos and audio become a link to what they showed; the footnotes list, "more", "next
page" and spacers go; a file block linking a PDF is the piece's download, dropped and
reported. A block this does not know keeps its HTML and is reported.
"""

import html
import re
from collections.abc import Callable, Iterator

from wordpress.importing.autop import autop
from wordpress.importing.blocks import Block, parse
from wordpress.importing.conversion import Conversion, placeholder
from wordpress.importing.pdf_links import record_pdf
from wordpress.importing.shortcodes import BLOCK_TAGS, expand

# Blocks whose saved HTML is already what the body needs.
KEPT = frozenset(
    "core/" + name
    for name in re.split(
        r"\s+",
        "paragraph heading list list-item quote pullquote separator html preformatted code "
        "verse group columns column cover media-text details buttons button missing "
        "row stack text-columns subhead table-of-contents",
    )
)
# Blocks with no text of their own (the footnotes block lists notes the calls now hold).
DROPPED = frozenset({"core/footnotes", "core/more", "core/nextpage", "core/spacer"})
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL)
_TABLE_OPEN = re.compile(r"<table\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_IMG = re.compile(r"<img\b", re.IGNORECASE)


def known_block(name: str) -> bool:
    """Whether this block is converted or kept as it is, not reported as unknown."""
    return name in KEPT or name in DROPPED or name in _CONVERTERS or name.startswith("core-embed/")


# The editor nests a few levels (columns in a group in a cover); rendering recurses once
# per level, so a hostile post nesting thousands would end in a RecursionError.
MAX_DEPTH = 100


def render(content: str, conversion: Conversion) -> str:
    """Block-editor `content` as HTML for the sanitiser, shortcodes expanded. Raises
    ValueError for blocks nested deeper than MAX_DEPTH."""
    tree = parse(content)
    _check_depth(tree)
    return expand("".join(_render(block, conversion) for block in tree), conversion)


def _check_depth(tree: list[Block]) -> None:
    level, depth = tree, 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            raise ValueError(
                f"its blocks are nested more than {MAX_DEPTH} deep, which the block editor "
                "never makes; the post was not imported"
            )
        level = [child for block in level for child in block.inner_blocks]


def _render(block: Block, conversion: Conversion) -> str:
    name = block.name
    if name is None:
        return _freeform(block, conversion)
    if name in DROPPED:
        return ""
    converter = _CONVERTERS.get(name)
    if converter is None and name.startswith("core-embed/"):
        converter = _embed
    if converter is not None:
        return converter(block, conversion)
    inner = _inner(block, conversion)
    if not known_block(name):
        if re.sub(r"<[^>]*>", "", inner).strip():
            conversion.warn(f"unknown block {name} (its text was kept)")
        else:
            conversion.warn(f"unknown block {name} (it had no text)")
    return inner


def _inner(block: Block, conversion: Conversion) -> str:
    return "".join(_pieces(block, conversion))


def _pieces(block: Block, conversion: Conversion) -> Iterator[str]:
    children = iter(block.inner_blocks)
    for piece in block.inner_content or [block.inner_html]:
        if piece is None:
            child = next(children, None)
            if child is not None:
                yield _render(child, conversion)
        else:
            yield piece


def _image(block: Block, conversion: Conversion) -> str:
    inner = _inner(block, conversion)
    attachment = _whole_number(block.attributes.get("id"))
    if not _IMG.search(inner):
        url = str(block.attributes.get("url") or "")
        if not url:
            return inner
        alt = html.escape(str(block.attributes.get("alt") or ""))
        inner = f'<figure><img src="{html.escape(url)}" alt="{alt}">{_caption(inner)}</figure>'
    if attachment and "wp-image-" not in inner:
        inner = _IMG.sub(f'<img data-attachment="{attachment}"', inner, count=1)
    return inner


def _gallery(block: Block, conversion: Conversion) -> str:
    inner = _inner(block, conversion)
    if _IMG.search(inner):
        return inner
    # An old gallery saved with only its attachment ids.
    ids = block.attributes.get("ids") or []
    numbers = [n for n in (_whole_number(i) for i in ids) if n] if isinstance(ids, list) else []
    figures = "".join(
        placeholder(conversion.add_figure(url="", attachment_id=number)) for number in numbers
    )
    return figures + _caption(inner)


def _table(block: Block, conversion: Conversion) -> str:
    # The table's caption goes in the table; the sanitiser writes it as the paragraph
    # before the table, where the editor keeps a table's caption.
    inner = _inner(block, conversion)
    match = _FIGCAPTION.search(inner)
    if match is None or not _TABLE_OPEN.search(inner):
        return inner
    inner = inner[: match.start()] + inner[match.end() :]
    return _TABLE_OPEN.sub(lambda m: f"{m.group(0)}<caption>{match.group(1)}</caption>", inner, 1)


def _embed(block: Block, conversion: Conversion) -> str:
    inner = _inner(block, conversion)
    # The URL is in the attributes, and also the text of the block's wrapper.
    words = re.sub(r"<[^>]*>", " ", _FIGCAPTION.sub("", inner)).split()
    url = str(block.attributes.get("url") or "") or (html.unescape(words[0]) if words else "")
    return _link(url) + _caption(inner)


def _media(block: Block, conversion: Conversion) -> str:
    inner = _inner(block, conversion)
    match = _SRC.search(inner)
    url = html.unescape(match.group(1)) if match else str(block.attributes.get("src") or "")
    return _link(url) + _caption(inner)


def _file(block: Block, conversion: Conversion) -> str:
    inner = _inner(block, conversion)
    match = _HREF.search(inner)
    linked = html.unescape(match.group(1)) if match else ""
    url = str(block.attributes.get("href") or "") or linked
    if url.lower().split("?")[0].endswith(".pdf"):
        record_pdf(url, conversion)
        return ""
    # The file's name and its download button link to the same file: kept apart by a
    # space, or the two would read as one word.
    return re.sub(r"</a>\s*<a\b", "</a> <a", inner, flags=re.IGNORECASE)


def _freeform(block: Block, conversion: Conversion) -> str:
    # HTML between blocks, the classic block and the shortcode block hold text as the
    # classic editor stored it.
    return autop(_inner(block, conversion), shortcodes=BLOCK_TAGS)


def _reusable(block: Block, conversion: Conversion) -> str:
    reference = block.attributes.get("ref")
    conversion.warn(f"reusable block {reference} not imported (its content is stored apart)")
    return _inner(block, conversion)


def _link(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    escaped = html.escape(url)
    return f'<p><a href="{escaped}">{escaped}</a></p>'


def _caption(inner: str) -> str:
    match = _FIGCAPTION.search(inner)
    return f"<p>{match.group(1)}</p>" if match and match.group(1).strip() else ""


def _whole_number(value: object) -> int:
    text = str(value).strip() if isinstance(value, int | str) else ""
    return int(text) if text.isdecimal() and len(text) < 19 else 0


_CONVERTERS: dict[str, Callable[[Block, Conversion], str]] = {
    "core/image": _image,
    "core/gallery": _gallery,
    "core/table": _table,
    "core/embed": _embed,
    "core/video": _media,
    "core/audio": _media,
    "core/file": _file,
    "core/freeform": _freeform,
    "core/classic": _freeform,
    "core/shortcode": _freeform,
    "core/block": _reusable,
}
