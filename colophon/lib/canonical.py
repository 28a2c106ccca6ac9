"""Rich text in its one stored form: exactly what the editor (Tiptap) writes for it.

The input has already been through nh3 (colophon.lib.sanitise), so it is an HTML5 tree
of allowed tags with safe attributes. Here it is read into the editor's document model
(blocks holding runs of marked text, hard breaks and notes) and written back the way
ProseMirror's DOMSerializer and the browser's innerHTML do, so that loading a stored body
into the editor and saving it gives back the same bytes.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from lxml import html as lxml_html
from lxml.html import HtmlElement

from colophon.lib.canonical_tables import Cell, padding, rows_of, spans, whole_number_or_one

Profile = Literal["body", "short"]

# A mark is (rank, tag, href); the rank is its place in the editor's schema, which is the
# order the serialiser nests them in: link outermost, then bold, italic, sup, sub.
Mark = tuple[int, str, str]
_MARKS = {"a": 0, "strong": 1, "b": 1, "em": 2, "i": 2, "sup": 3, "sub": 4}
_MARK_TAG = {0: "a", 1: "strong", 2: "em", 3: "sup", 4: "sub"}
_SHORT_MARKS = {0, 1, 2}

_TEXTBLOCKS = {"p": "p", "h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
# Elements whose content stands on its own: unwrapped, but never run into the text beside.
_CONTAINERS = {
    "div", "section", "article", "aside", "header", "footer", "main", "nav", "address",
    "details", "summary", "dl", "dt", "dd", "pre", "figcaption", "caption", "center",
    "figure", "li", "ul", "ol", "blockquote", "table", "thead", "tbody", "tfoot", "tr",
    "td", "th", "hr", *_TEXTBLOCKS,
}  # fmt: skip
# ProseMirror's parser collapses these, and only these, when it reads HTML.
_SPACE = re.compile(r"[ \t\r\n\f]+")
_TRAILING = re.compile(r"[ \t\r\n\f]+$")
_FIGURE_NUMBER = re.compile(r"[0-9]{1,4}")
# A citation names its reference by the reference's key (Reference.key), and may add a
# pinpoint (a label and a locator) and text before and after.
CITATION_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
LOCATOR_LABELS = ("page", "paragraph", "article", "section", "chapter", "footnote")
CITATION_TEXT_MAX = 200


@dataclass
class Text:
    text: str
    marks: tuple[Mark, ...]


@dataclass
class Break:
    marks: tuple[Mark, ...]


@dataclass
class Note:
    marks: tuple[Mark, ...]
    content: list["Inline"] = field(default_factory=list)


@dataclass
class Citation:
    """A citation of one of the piece's references (docs/citations.md): an atom whose text
    is formatted from the reference each time the body is rendered."""

    attributes: tuple[tuple[str, str], ...]
    marks: tuple[Mark, ...] = ()


class BlockBreak(Break):
    """Where a block inside a line of text (a note's paragraphs) ran into the line."""


Inline = Text | Break | Note | Citation
Child = str | HtmlElement


@dataclass
class Reader:
    profile: Profile = "body"
    figures: bool = True

    # Blocks -----------------------------------------------------------------------------

    def blocks(self, parent: HtmlElement, context: str) -> list[str]:
        """The serialised blocks of `parent`'s content; loose inline content becomes <p>."""
        return self.run_blocks(_children(parent), context)

    def run_blocks(self, children: Iterable[Child], context: str) -> list[str]:
        out: list[str] = []
        run: list[Inline] = []

        def flush() -> None:
            # Whitespace between blocks is nothing; text, a break or a note is a paragraph.
            items = self.finish(run)
            if items:
                out.append(f"<p>{serialise(items)}</p>")
            run.clear()

        for child in children:
            if isinstance(child, str):
                run.extend(self.text(child, ()))
            elif child.tag in _CONTAINERS:
                flush()
                out.extend(self.block(child, context))
            else:
                run.extend(self.inline(child, (), in_note=False))
        flush()
        return out

    def block(self, element: HtmlElement, context: str) -> list[str]:
        tag = element.tag
        short = self.profile == "short"
        if tag in _TEXTBLOCKS and not short:
            name = _TEXTBLOCKS[tag]
            return [f"<{name}>{serialise(self.finish(self.inline_content(element)))}</{name}>"]
        if short or tag not in {"ul", "ol", "li", "blockquote", "table", "hr", "figure"}:
            # Containers the editor has no node for: their content, block by block.
            return self.blocks(element, context)
        if tag == "hr":
            return ["<hr>"]
        if tag == "figure":
            return self.figure(element, context)
        if tag == "blockquote":
            inner = self.blocks(element, "blockquote")
            return [f"<blockquote>{''.join(inner)}</blockquote>"] if inner else []
        if tag == "li":
            return [f"<ul>{self.list_item(element)}</ul>"]
        if tag == "table":
            return self.table(element)
        return self.list_block(element)

    def list_block(self, element: HtmlElement) -> list[str]:
        items: list[list[str]] = []
        loose: list[Child] = []

        def flush() -> None:
            # Content of a list outside any item: an item of its own.
            if blocks := self.run_blocks(loose, "li"):
                items.append(_with_paragraph_first(blocks))
            loose.clear()

        for child in _children(element):
            if isinstance(child, str) or child.tag not in {"li", "ul", "ol"}:
                loose.append(child)
                continue
            flush()
            if child.tag == "li":
                items.append(self.item_blocks(child))
            elif items:
                # <ul><li>a</li><ul>…</ul></ul>: the inner list belongs to the item before.
                items[-1].extend(self.block(child, "li"))
            else:
                items.append(_with_paragraph_first(self.block(child, "li")))
        flush()
        if not items:
            return []
        body = "".join(f"<li>{''.join(blocks)}</li>" for blocks in items)
        if element.tag == "ol":
            start = whole_number_or_one(element.get("start"))
            return [f'<ol start="{start}">{body}</ol>' if start != 1 else f"<ol>{body}</ol>"]
        return [f"<ul>{body}</ul>"]

    def list_item(self, element: HtmlElement) -> str:
        return f"<li>{''.join(self.item_blocks(element))}</li>"

    def item_blocks(self, element: HtmlElement) -> list[str]:
        return _with_paragraph_first(self.blocks(element, "li"))

    def figure(self, element: HtmlElement, context: str) -> list[str]:
        number = element.get("data-figure")
        if number is None:
            # An ordinary <figure> (an image and its caption): its text, as paragraphs.
            return self.blocks(element, context)
        # The number of one of the piece's figures (BodyFigure.number: 1 to 9999); anything
        # else places nothing.
        if context != "doc" or not self.figures or not _FIGURE_NUMBER.fullmatch(number.strip()):
            return []
        value = int(number)
        return [f'<figure data-figure="{value}"></figure>'] if value else []

    def table(self, element: HtmlElement) -> list[str]:
        # The editor's tables have no caption: it stays as the paragraph before the table.
        out = [
            block
            for caption in element
            if caption.tag == "caption"
            for block in self.blocks(caption, "doc")
        ]
        rows: list[list[Cell]] = []
        for row in rows_of(element):
            cells: list[Cell] = []
            for cell in row:
                colspan = whole_number_or_one(cell.get("colspan"))
                rowspan = whole_number_or_one(cell.get("rowspan"))
                blocks = self.blocks(cell, "cell") or ["<p></p>"]
                cells.append(("th" if cell.tag == "th" else "td", colspan, rowspan, blocks))
            if cells:
                rows.append(cells)
        if not rows:
            return out
        lines: list[str] = []
        for cells, missing in zip(rows, padding(rows), strict=True):
            html = "".join(
                f"<{tag}{spans(colspan, rowspan)}>{''.join(blocks)}</{tag}>"
                for tag, colspan, rowspan, blocks in cells
            )
            lines.append(f"<tr>{html}{'<td><p></p></td>' * missing}</tr>")
        return [*out, f"<table><tbody>{''.join(lines)}</tbody></table>"]

    # Inline content ---------------------------------------------------------------------

    def inline_content(self, element: HtmlElement, in_note: bool = False) -> list[Inline]:
        items: list[Inline] = []
        for child in _children(element):
            if isinstance(child, str):
                items.extend(self.text(child, ()))
            else:
                items.extend(self.inline(child, (), in_note=in_note))
        return items

    def inline(self, element: HtmlElement, marks: tuple[Mark, ...], in_note: bool) -> list[Inline]:
        tag = element.tag
        if tag == "br":
            return [Break(marks)]
        if tag == "span" and element.get("data-note") is not None and self.profile == "body":
            if in_note:
                return self.inner(element, marks, in_note)
            content = self.finish(self.inner(element, (), in_note=True))
            return [Note(marks, content)] if content else []
        if tag == "cite" and self.profile == "body":
            citation = citation_attributes(element)
            if citation is not None:
                return [Citation(citation, marks)]
        if tag in _MARKS:
            rank = _MARKS[tag]
            href = element.get("href", "") if tag == "a" else ""
            usable = rank in _SHORT_MARKS or self.profile == "body"
            if tag == "a" and (not href.strip() or href.startswith("#")):
                usable = False  # a fragment link that is not a note: only its text is kept
            if usable:
                marks = _add_mark(marks, (rank, _MARK_TAG[rank], href))
        if tag in _CONTAINERS:
            # A block inside a line (a paragraph in a note, a list in a heading): the
            # line goes on after a hard break, as a note's paragraphs are stored.
            inner = self.inner(element, marks, in_note)
            return [BlockBreak(marks), *inner] if inner else []
        return self.inner(element, marks, in_note)

    def inner(self, element: HtmlElement, marks: tuple[Mark, ...], in_note: bool) -> list[Inline]:
        items: list[Inline] = []
        for child in _children(element):
            if isinstance(child, str):
                items.extend(self.text(child, marks))
            else:
                items.extend(self.inline(child, marks, in_note))
        return items

    def text(self, value: str, marks: tuple[Mark, ...]) -> list[Inline]:
        return [Text(value, marks)] if value else []

    def finish(self, items: Iterable[Inline]) -> list[Inline]:
        """Whitespace as ProseMirror's parser leaves it, adjacent text merged."""
        out: list[Inline] = []
        for item in items:
            if isinstance(item, BlockBreak):
                # Between two blocks run into one line; nothing before the first.
                if not out or isinstance(out[-1], Break):
                    continue
                item = Break(item.marks)
            if not isinstance(item, Text):
                out.append(item)
                continue
            text = _SPACE.sub(" ", item.text)
            if text.startswith(" "):
                before = out[-1] if out else None
                if before is None or isinstance(before, Break) or _ends_in_space(before):
                    text = text[1:]
            if not text:
                continue
            if out and isinstance(out[-1], Text) and out[-1].marks == item.marks:
                out[-1] = Text(out[-1].text + text, item.marks)
            else:
                out.append(Text(text, item.marks))
        while out and isinstance(out[-1], Text) and _TRAILING.search(out[-1].text):
            stripped = _TRAILING.sub("", out[-1].text)
            if stripped:
                out[-1] = Text(stripped, out[-1].marks)
                break
            out.pop()
        return out


def canonicalise(html: str, *, profile: Profile = "body", figures: bool = True) -> str:
    """The stored form of sanitised `html`: "" for a document with nothing in it."""
    if not html.strip():
        return ""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    blocks = Reader(profile, figures).blocks(root, "doc")
    # Only empty paragraphs (what the editor shows for an empty field) is no text at all.
    return "" if all(block == "<p></p>" for block in blocks) else "".join(blocks)


# Serialising ----------------------------------------------------------------------------


def serialise(items: list[Inline]) -> str:
    """Inline content as ProseMirror's DOMSerializer writes it: a mark stays open across
    neighbours that share it, outer marks first, and closes when one does not."""
    out: list[str] = []
    active: list[Mark] = []
    for item in items:
        keep = 0
        while keep < len(active) and keep < len(item.marks) and active[keep] == item.marks[keep]:
            keep += 1
        while len(active) > keep:
            out.append(f"</{active.pop()[1]}>")
        for mark in item.marks[keep:]:
            out.append(f'<a href="{_attribute(mark[2])}">' if mark[1] == "a" else f"<{mark[1]}>")
            active.append(mark)
        if isinstance(item, Text):
            out.append(_text(item.text))
        elif isinstance(item, Citation):
            written = "".join(f' {name}="{_attribute(value)}"' for name, value in item.attributes)
            out.append(f"<cite{written}></cite>")
        elif isinstance(item, Break):
            out.append("<br>")
        else:
            out.append(f'<span data-note="">{serialise(item.content)}</span>')
    out.extend(f"</{mark[1]}>" for mark in reversed(active))
    return "".join(out)


def citation_attributes(element: HtmlElement) -> tuple[tuple[str, str], ...] | None:
    """A `<cite data-ref>`'s attributes in stored order, empty ones left out; None when it
    names no reference (its text is then kept as text)."""
    key = (element.get("data-ref") or "").strip()
    if not CITATION_KEY.fullmatch(key):
        return None
    label = (element.get("data-label") or "").strip()
    attributes = [("data-ref", key)]
    locator = " ".join((element.get("data-locator") or "").split())[:CITATION_TEXT_MAX]
    if locator:
        attributes.append(("data-label", label if label in LOCATOR_LABELS else "page"))
        attributes.append(("data-locator", locator))
    for name in ("data-prefix", "data-suffix"):
        value = " ".join((element.get(name) or "").split())[:CITATION_TEXT_MAX]
        if value:
            attributes.append((name, value))
    return tuple(attributes)


_CITED_KEY = re.compile(r'<cite data-ref="([a-z0-9][a-z0-9-]{0,31})"')


def cited_keys(*bodies: str) -> set[str]:
    """The reference keys that stored (canonical) bodies cite."""
    return {key for body in bodies for key in _CITED_KEY.findall(body or "")}


def _text(value: str) -> str:
    # As the browser's innerHTML escapes text.
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\xa0", "&nbsp;")
    )


def _attribute(value: str) -> str:
    # As the browser's innerHTML escapes attribute values (< and > too, since 2025).
    return _text(value).replace('"', "&quot;")


# Helpers --------------------------------------------------------------------------------


def _children(element: HtmlElement) -> Iterator[Child]:
    """Text and element children in order (lxml keeps text in .text and .tail)."""
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str):  # comments and processing instructions are skipped
            yield child
        if child.tail:
            yield child.tail


def _add_mark(marks: tuple[Mark, ...], mark: Mark) -> tuple[Mark, ...]:
    # One mark of a kind: an inner link replaces the outer one, as in ProseMirror.
    return tuple(sorted([*(m for m in marks if m[0] != mark[0]), mark]))


def _ends_in_space(item: Inline) -> bool:
    return isinstance(item, Text) and item.text[-1:] in {" ", "\t", "\n", "\r", "\f"}


def _with_paragraph_first(blocks: list[str]) -> list[str]:
    # A list item starts with a paragraph in the editor's schema; a heading there would be
    # moved out of the list, so it becomes that paragraph.
    if not blocks:
        return ["<p></p>"]
    first = blocks[0]
    match = re.fullmatch(r"<(h[234])>(.*)</\1>", first, re.DOTALL)
    if match:
        return [f"<p>{match.group(2)}</p>", *blocks[1:]]
    return blocks if first.startswith("<p>") else ["<p></p>", *blocks]
