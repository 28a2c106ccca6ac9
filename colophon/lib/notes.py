"""Footnotes in a sanitised rich-text body, rendered for the page, the PDF and plain text.

A note is stored inline where it is called, `<span data-note="">text with <em>marks</em>
</span>` (docs/notes.md), without a number: notes are numbered 1, 2, 3 … in document order
each time a body is rendered, so moving or deleting one renumbers the rest. The page and
the PDF number them the same way, because readers cite notes by number ("n 3").

Every function parses the body into a tree and serialises it again, so text is always
escaped on the way out: nothing a contributor wrote is ever unescaped into markup.
"""

import copy
import html
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from lxml import html as lxml_html
from lxml.html import HtmlElement

MARKER = "data-note"
# A note longer than this is printed as several footnote pieces: WeasyPrint moves a
# footnote that does not fit whole to the next page and never splits one, so a piece is
# what may continue on the following page. About ten lines of 8-point type on A4.
PDF_PIECE_CHARS = 900


@dataclass(frozen=True)
class Note:
    number: int
    id: str
    call_id: str
    html: SafeString  # the note's inline markup, re-serialised from the parsed tree
    text: str


def has_notes(body: str) -> bool:
    return MARKER in (body or "")


def _parse(body: str) -> HtmlElement:
    return lxml_html.fragment_fromstring(body, create_parent="div")


def _serialise_inner(element: HtmlElement) -> str:
    text = html.escape(element.text or "", quote=False)
    return text + "".join(lxml_html.tostring(child, encoding="unicode") for child in element)


def _notes_in(root: HtmlElement) -> list[HtmlElement]:
    """The notes in document order; a note inside a note is read as its text."""
    for span in list(root.iter("span")):
        if span.get(MARKER) is not None and any(
            ancestor.get(MARKER) is not None for ancestor in span.iterancestors("span")
        ):
            span.drop_tag()
    return [span for span in root.iter("span") if span.get(MARKER) is not None]


def parse(body: str) -> HtmlElement:
    """The body as a tree under a wrapper <div>, for code that rewrites notes."""
    return _parse(body)


def serialise(root: HtmlElement) -> str:
    """The markup inside a tree's wrapper, as `parse` took it (text escaped)."""
    return _serialise_inner(root)


def note_elements(root: HtmlElement) -> list[HtmlElement]:
    """The notes of a parsed body in document order, the n-th numbered n when rendered."""
    return _notes_in(root)


def _replace(note: HtmlElement, replacements: list[HtmlElement]) -> None:
    """Put `replacements` where `note` was, keeping the text that followed it."""
    tail = note.tail
    parent = note.getparent()
    if parent is None:  # never: a note always sits inside the fragment's wrapper
        raise ValueError("a note outside the body")
    index = parent.index(note)
    parent.remove(note)  # its tail goes with it, and comes back after the replacements
    for offset, element in enumerate(replacements):
        parent.insert(index + offset, element)
    replacements[-1].tail = tail


def _element(tag: str, text: str | None = None, **attributes: str) -> HtmlElement:
    element = lxml_html.Element(tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    element.text = text
    return element


def _call(number: int, prefix: str, *, page: bool) -> HtmlElement:
    attributes = {"href": f"#{prefix}note-{number}", "id": f"{prefix}note-call-{number}"}
    if page:
        attributes |= {
            "role": "doc-noteref",
            "aria-label": _("Note %(number)s") % {"number": number},
        }
    sup = _element("sup", None, **{"class": "note-call"})
    link = lxml_html.Element("a", attributes)
    link.text = str(number)
    sup.append(link)
    return sup


def _contents(note: HtmlElement, into: HtmlElement) -> HtmlElement:
    """Copies the note's content (text and children) to the end of `into`."""
    children = list(into)
    if children:
        children[-1].tail = (children[-1].tail or "") + (note.text or "")
    else:
        into.text = (into.text or "") + (note.text or "")
    for child in note:
        into.append(copy.deepcopy(child))
    return into


def _note(span: HtmlElement, number: int, prefix: str) -> Note:
    return Note(
        number=number,
        id=f"{prefix}note-{number}",
        call_id=f"{prefix}note-call-{number}",
        html=mark_safe(_serialise_inner(span)),  # noqa: S308 - re-serialised by lxml
        text=" ".join(span.text_content().split()),
    )


def for_page(body: str, prefix: str = "") -> tuple[SafeString, list[Note]]:
    """The body with numbered calls (and sidenotes), and its notes for the list after it.

    Each call is `<sup class="note-call"><a href="#note-3" id="note-call-3"
    role="doc-noteref" aria-label="Note 3">3</a></sup>` followed by a sidenote, a copy of
    the note that wide screens show beside the text. The sidenote is aria-hidden and its
    links are out of the tab order, so that assistive technology meets each note once, in
    the list.
    """
    if not has_notes(body):
        return mark_safe(body or ""), []  # noqa: S308 - the body is sanitised already
    root = _parse(body)
    notes = []
    for number, span in enumerate(_notes_in(root), start=1):
        notes.append(_note(span, number, prefix))
        side = _element("span", None, **{"class": "sidenote", "aria_hidden": "true"})
        side.append(_element("span", f"{number}", **{"class": "sidenote__number"}))
        side[0].tail = " "
        _contents(span, side)
        for link in side.iter("a"):
            link.set("tabindex", "-1")
        _replace(span, [_call(number, prefix, page=True), side])
    return mark_safe(_serialise_inner(root)), notes  # noqa: S308 - re-serialised by lxml


def _pdf_pieces(span: HtmlElement) -> list[HtmlElement]:
    """The note's content cut into pieces of about PDF_PIECE_CHARS characters.

    Cuts fall at spaces in the note's own text (never inside a mark or a link), so a
    note made of one long <em> stays whole; after a sentence when there is one.
    """
    pieces = [_element("span")]
    size = 0

    def add_text(text: str) -> None:
        nonlocal size
        while size + len(text) > PDF_PIECE_CHARS:
            # The space stays at the start of the next piece: the pieces run on inline.
            room = max(PDF_PIECE_CHARS - size, 1)
            # Each piece starts a new line, so a cut after a sentence reads best.
            cut = max(text.rfind(". ", 1, room), text.rfind("; ", 1, room))
            cut = cut + 1 if cut >= room // 2 else text.rfind(" ", 1, room)
            if cut < 1:
                cut = text.find(" ", 1)  # an overfull piece ends at the next space
            if cut < 1:
                break
            _append_text(pieces[-1], text[:cut])
            text = text[cut:]
            pieces.append(_element("span"))
            size = 0
        _append_text(pieces[-1], text)
        size += len(text)

    add_text(span.text or "")
    for child in span:
        tail = child.tail
        clone = copy.deepcopy(child)
        clone.tail = None
        pieces[-1].append(clone)
        size += len(child.text_content())
        add_text(tail or "")
    return pieces


def _append_text(element: HtmlElement, text: str) -> None:
    children = list(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def for_pdf(body: str, prefix: str) -> SafeString:
    """The body with each note as a footnote for WeasyPrint (`float: footnote`).

    A note becomes `<sup class="note-call"><a href="#{prefix}note-3"
    id="{prefix}note-call-3">3</a></sup><span class="footnote" id="{prefix}note-3"
    data-number="3">text</span>`: the number is written out, not WeasyPrint's footnote
    counter, so that every piece of a volume starts at 1 and the numbers are the page's.
    The call is a real link so that the PDF links it to its note. A long note is followed
    by `<span class="footnote footnote--continued">` pieces that may run on to the next
    page. `prefix` keeps the ids of each piece of a volume apart.
    """
    if not has_notes(body):
        return mark_safe(body or "")  # noqa: S308 - the body is sanitised already
    root = _parse(body)
    for number, span in enumerate(_notes_in(root), start=1):
        pieces = _pdf_pieces(span)
        split = len(pieces) > 1
        for index, piece in enumerate(pieces):
            classes = ["footnote"]
            if split:
                classes.append("footnote--split")
            if index:
                classes.append("footnote--continued")
            piece.set("class", " ".join(classes))
        pieces[0].set("id", f"{prefix}note-{number}")
        pieces[0].set("data-number", str(number))
        _replace(span, [_call(number, prefix, page=False), *pieces])
    return mark_safe(_serialise_inner(root))  # noqa: S308 - re-serialised by lxml


def without_notes(body: str) -> str:
    """The markup with its notes taken out (a heading's text for the contents)."""
    if not has_notes(body):
        return body or ""
    root = _parse(body)
    for span in list(_notes_in(root)):
        span.drop_tree()
    return _serialise_inner(root)


def notes(body: str, prefix: str = "") -> list[Note]:
    if not has_notes(body):
        return []
    return [_note(span, n, prefix) for n, span in enumerate(_notes_in(_parse(body)), start=1)]
