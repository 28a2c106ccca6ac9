"""Images in a body turned into figure placeholders at the top level of the document.

Colophon's body places a figure only between blocks (`<figure data-figure="N">`), never
inside a paragraph, a list or a quotation; its picture, caption and credit are stored
apart. So every <img> (alone, inside a link, inside a captioned figure) becomes a
placeholder and a FigureSource, and the block around it is split in two, keeping the text
on either side. Inside a table, where splitting would break the grid, or a note, which
would become two, the figure moves to just after the block that holds it.
"""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import html as lxml_html
from lxml.html import HtmlElement

from colophon.lib.notes import serialise
from wordpress.importing.conversion import MARK, Conversion, FigureSource, placeholder

_SIZE_SUFFIX = re.compile(r"-\d{1,5}x\d{1,5}(?=\.[A-Za-z0-9]{2,5}(?:[?#].*)?$)")
_SIZE_PARAMETERS = frozenset({"w", "h", "resize", "fit", "crop", "zoom", "quality", "strip"})
_WP_IMAGE = re.compile(r"\bwp-image-(\d+)\b")
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"})
_CAPTIONED = frozenset({"figure", "div", "dl"})
_CAPTION_CLASS = re.compile(r"\bwp-caption-(?:text|dd)\b")
# Whatever still counts as content when a split leaves half a block behind.
_SOLID = ("img", "figure", "hr", "table", "iframe", "video", "audio")


def full_size(url: str) -> str:
    """An uploaded image's original: WordPress names its resized copies "name-300x200.jpg",
    and WordPress.com and Jetpack's image CDN resize with "?w=604" or "?resize=300,200"."""
    parts = urlsplit(url)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key not in _SIZE_PARAMETERS
    ]
    if len(query) != len(parse_qsl(parts.query, keep_blank_values=True)):
        url = urlunsplit(parts._replace(query=urlencode(query)))
    return _SIZE_SUFFIX.sub("", url, count=1)


def place_images(root: HtmlElement, conversion: Conversion) -> None:
    """Every <img> under `root` as a figure placeholder, and all placeholders lifted to the
    top level, numbered in the order they appear."""
    for figure in root.iter("figure"):
        if figure.get(MARK) is None and figure.get("data-figure") is not None:
            # A placeholder written in the content itself names no figure of this post.
            del figure.attrib["data-figure"]
    for image in list(root.iter("img")):
        if _inside_placeholder(image):
            continue
        _replace_image(image, conversion)
    lift_placeholders(root)
    _renumber(root, conversion)


def _renumber(root: HtmlElement, conversion: Conversion) -> None:
    # Shortcodes and blocks number their figures before the images in plain HTML are
    # found: the numbers follow the order the figures appear in.
    by_number = {figure.number: figure for figure in conversion.figures}
    ordered: list[FigureSource] = []
    for element in root.iter("figure"):
        source = by_number.pop(int(element.get("data-figure") or 0), None)
        if source is None:
            continue
        source.number = conversion.first_figure + len(ordered)
        element.set("data-figure", str(source.number))
        del element.attrib[MARK]
        ordered.append(source)
    # Placed nowhere (a shortcode inside an attribute's value): kept, numbered after the
    # rest, for the importer to store all the same.
    for source in by_number.values():
        source.number = conversion.first_figure + len(ordered)
        ordered.append(source)
    conversion.figures[:] = ordered


def _inside_placeholder(element: HtmlElement) -> bool:
    return any(a.tag == "figure" and a.get("data-figure") for a in element.iterancestors())


def _replace_image(image: HtmlElement, conversion: Conversion) -> None:
    src = (image.get("src") or image.get("data-src") or "").strip()
    attachment = _attachment_id(image)
    unit, link = image, ""
    parent = image.getparent()
    if parent is not None and parent.tag == "a" and _holds_only(parent, image):
        unit, link = parent, (parent.get("href") or "").strip()
    caption_html = ""
    holder = unit.getparent()
    if holder is not None and holder.tag in _CAPTIONED and holder.get("data-figure") is None:
        caption = _caption_of(holder)
        if caption is not None and len(list(holder.iter("img"))) == 1:
            caption_html = serialise(caption)
            remove_keeping_tail(caption)
            if _holds_only(holder, unit):
                unit = holder
    if not src:
        remove_keeping_tail(unit)
        conversion.warn("an image without a source was dropped")
        return
    number = conversion.add_figure(
        url=full_size(src),
        attachment_id=attachment,
        alt=image.get("alt") or "",
        caption_html=caption_html,
        link=link,
        src=src,
    )
    figure = lxml_html.fragment_fromstring(placeholder(number))
    figure.tail = unit.tail
    _parent(unit).replace(unit, figure)


def _attachment_id(image: HtmlElement) -> int:
    match = _WP_IMAGE.search(image.get("class") or "")
    for value in (
        match.group(1) if match else None,
        image.get("data-id"),
        image.get("data-attachment"),
    ):
        # An id beyond what a database integer holds is no attachment's.
        if value and value.strip().isdecimal() and len(value.strip()) < 19:
            return int(value.strip())
    return 0


def _caption_of(holder: HtmlElement) -> HtmlElement | None:
    for child in holder:
        if child.tag == "figcaption" or _CAPTION_CLASS.search(child.get("class") or ""):
            return child
    return None


def _holds_only(parent: HtmlElement, child: HtmlElement) -> bool:
    if (parent.text or "").strip():
        return False
    return (
        all(
            other is child or (other.tag == "br" and not (other.tail or "").strip())
            for other in parent
            if isinstance(other.tag, str)
        )
        and not (child.tail or "").strip()
    )


def lift_placeholders(root: HtmlElement) -> None:
    """Every placeholder under `root` moved to the top level, each block around one split
    in two, in one pass however many there are."""
    placed = [f for f in root.iter("figure") if f.get(MARK) is not None]
    holders: set[HtmlElement] = set()
    for figure in placed:
        for ancestor in figure.iterancestors():
            if ancestor is root or ancestor in holders:
                break
            holders.add(ancestor)
    if not holders:
        return
    for child in list(root):
        if child not in holders:
            continue
        tail, child.tail = child.tail, None
        pieces, pending = _split(child, holders)
        out = [piece for piece in pieces if _is_placeholder(piece) or not _is_empty(piece)]
        out += pending
        index = root.index(child)
        root.remove(child)
        for offset, piece in enumerate(out):
            root.insert(index + offset, piece)
        if out:
            out[-1].tail = tail
        elif tail:
            _add_text(root, index, tail)


Pieces = list[HtmlElement]


def _split(element: HtmlElement, holders: set[HtmlElement]) -> tuple[Pieces, Pieces]:
    """`element` cut at each placeholder inside it: copies of it holding what lies between,
    and the placeholders; and the placeholders taken out of a table or a note, to go after
    the block."""
    pieces: Pieces = []
    pending: Pieces = []
    if _unsplittable(element):
        pending = [f for f in element.iter("figure") if f.get(MARK) is not None]
        for figure in pending:
            remove_keeping_tail(figure)
        return [element], pending
    items = 0
    current = _shell(element, 0)
    current.text = element.text
    for child in list(element):
        tail, child.tail = child.tail, None
        element.remove(child)
        parts = [child]
        if child in holders:
            parts, inner_pending = _split(child, holders)
            pending += inner_pending
        for part in parts:
            if _is_placeholder(part):
                items += len(current.findall("li"))
                pieces += [_trimmed(current), part]
                current = _shell(element, items)
            elif part is child or not _is_empty(part):  # a half cut off empty goes
                current.append(part)
        _add_text(current, len(current), tail or "")
    pieces.append(_trimmed(current))
    return pieces, pending


def _shell(element: HtmlElement, items_before: int) -> HtmlElement:
    # An empty copy of `element`; an ordered list goes on counting from where it was cut.
    shell = lxml_html.Element(element.tag, dict(element.attrib))
    if element.tag == "ol" and items_before:
        start = element.get("start", "1")
        shell.set("start", str((int(start) if start.isdecimal() else 1) + items_before))
    return shell


def _is_placeholder(element: HtmlElement) -> bool:
    return element.tag == "figure" and element.get(MARK) is not None


def _add_text(parent: HtmlElement, index: int, text: str) -> None:
    """`text` after the first `index` children of `parent`."""
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text


def _trimmed(element: HtmlElement) -> HtmlElement:
    _trim_breaks(element)
    return element


def _unsplittable(element: HtmlElement) -> bool:
    # Splitting a table breaks its grid; splitting a note makes two notes of it.
    return element.tag in _TABLE_PARTS or (
        element.tag == "span" and element.get("data-note") is not None
    )


def _trim_breaks(element: HtmlElement) -> None:
    # A line break that now starts or ends a paragraph separated nothing.
    children = [c for c in element if isinstance(c.tag, str)]
    if children and children[0].tag == "br" and not (element.text or "").strip():
        remove_keeping_tail(children[0])
    children = [c for c in element if isinstance(c.tag, str)]
    if children and children[-1].tag == "br" and not (children[-1].tail or "").strip():
        remove_keeping_tail(children[-1])


def _is_empty(element: HtmlElement) -> bool:
    if element.text_content().strip():
        return False
    return not any(d.tag in _SOLID for d in element.iterdescendants() if isinstance(d.tag, str))


def _parent(element: HtmlElement) -> HtmlElement:
    parent = element.getparent()
    if parent is None:  # everything handled here is under the fragment's root
        raise ValueError("element outside the body")
    return parent


def remove_keeping_tail(element: HtmlElement) -> None:
    """Take `element` out of the tree, keeping the text that followed it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    element.tail = None
    parent.remove(element)
