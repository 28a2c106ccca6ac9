"""Other tools' footnotes turned into the stored note markup, `<span data-note="">…</span>`.

Pandoc, markdown-it, mammoth (.docx), Google Docs, Word, LibreOffice and WordPress all write
a footnote the same way underneath: a link in the text to the note, and in the note a link
back. That two-way link is the whole rule, so no tool's class names or ids are needed:

- a CALL is `<a href="#T">` (its unit: the link plus any inline wrapper, such as `<sup>`,
  that holds nothing else) whose target T (an element with id T, or else name T) is, or is
  inside, a NOTE ITEM that links back (`href="#R"`) to an id or name within the call's unit
  or to an empty anchor element written just before it;
- the note item is the nearest block around T that holds that back-link, and it comes
  after the call (read from the note's side, the same two links would make the text a note
  of its note); a paragraph whose parent holds nothing but this note's paragraphs (Google
  Docs, Word and LibreOffice wrap each note in its own `<div>`) widens to that parent, so
  a note of several paragraphs is taken whole.

The call becomes the note's text, inline: back-links and a leading number label dropped,
paragraphs joined by `<br>`, inline markup kept (the sanitiser then trims it to the allowed
marks). Then the note items go, with the lists, sections and divs they leave empty and an
`<hr>` written just before them as a separator.

Decisions:
- Two calls of one note (markdown-it's `[^a]` used twice, or a second link with a label
  like "1" or "[1]" pointing at an item already recognised) each get the whole note:
  stored notes are numbered by position and carry no cross-references, so a copy is the
  only form that keeps the text at both places.
- A call inside a note is not made a note (notes do not nest): its link is unwrapped, and
  the note it calls stays in the text where the tool wrote it, so nothing is lost.
- A fragment link that is no call is left alone; the sanitiser unwraps it.
- A note left with no text (only its back-link) is dropped with its call.
- Comments that Google Docs and Word export in the same two-way shape (ids `cmnt…`,
  `_msocom_…`) are not notes, and are left as they are.

Anything that is not understood leaves the HTML exactly as it came, and so does any
failure: the sanitiser still runs afterwards on whatever this returns.
"""

import copy
import re
from collections.abc import Iterable
from urllib.parse import unquote

import lxml.html

from colophon.lib.note_content import (
    BLOCKS,
    Element,
    inline_content,
    is_element,
    remove,
    text_of,
    unwrap,
)

# Cheap test before parsing: most bodies (and every stored one) have no fragment link.
_FRAGMENT_HREF = re.compile(r"""href\s*=\s*["']?\s*#""", re.IGNORECASE)
_COMMENT_ID = re.compile(r"^(?:cmnt(?:_ref)?\d|_msocom_|_msoanchor_|comment-(?:ref-)?\d)")
# What a call's text or a note's leading label looks like: 1, [1], (1), 1:1, *, †, i, [iv].
_LABEL = re.compile(
    r"^\s*[\[(]?\s*(?:\d{1,4}(?::\d{1,3})?|[ivxlc]{1,6}|[*†‡§¶]{1,3})\s*[\])]?\s*$"
)
_PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"})
_NOTE_WRAPPERS = frozenset({"div", "li", "aside", "section", "footer", "dd", "article"})
_INLINE_WRAPPERS = frozenset({"sup", "span", "strong", "b", "em", "i", "small", "font", "u"})
_CONTAINERS = frozenset({"ol", "ul", "dl", "section", "div", "aside", "footer", "nav"})
_IGNORABLE_IN_CONTAINER = frozenset({"hr", "br", "h1", "h2", "h3", "h4", "h5", "h6"})


def inline_notes(html: str) -> str:
    """`html` with every recognised footnote stored inline as `<span data-note="">`."""
    if not html or not _FRAGMENT_HREF.search(html):
        return html
    try:
        return _Notes(html).inline() or html
    except Exception:  # hostile markup may trip the parser anywhere; the sanitiser follows
        return html


class _Notes:
    def __init__(self, html: str) -> None:
        parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_pis=True)
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
        body = root.find("body")
        if body is None:
            raise ValueError("no body")
        self.body: Element = body
        self.by_id: dict[str, Element] = {}
        self.by_name: dict[str, Element] = {}
        self.links: list[tuple[Element, str]] = []  # (a, fragment), document order
        self.links_to: dict[str, list[Element]] = {}
        # Elements are dictionary keys by identity: holding them keeps lxml's proxies alive.
        self.position: dict[Element, int] = {}
        for element in body.iter():
            if not is_element(element):
                continue
            self.position[element] = len(self.position)
            for key, index in (("id", self.by_id), ("name", self.by_name)):
                value = element.get(key)
                if value:
                    index.setdefault(value, element)
            if element.tag == "a":
                fragment = _fragment(element.get("href"))
                if fragment:
                    self.links.append((element, fragment))
                    self.links_to.setdefault(fragment, []).append(element)
        self.call_targets: dict[str, Element] = {}  # id or name in a call's unit -> target
        self.back_ids: set[str] = set()  # ids and names of recognised calls

    def target(self, fragment: str) -> Element | None:
        for key in (fragment, unquote(fragment)):
            found = self.by_id.get(key)
            if found is None:
                found = self.by_name.get(key)
            if found is not None:
                return found
        return None

    def inline(self) -> str | None:
        calls = self._calls()
        if not calls:
            return None
        items = {item for _unit, _extras, item, _text in calls}
        notes: dict[Element, Element] = {}  # note item -> its inline note, in call order
        for unit, extras, item, text in calls:
            if any(ancestor in items for ancestor in unit.iterancestors()):
                # A call inside a note: notes do not nest, so its note stays where it is.
                continue
            if item not in notes:
                notes[item] = self._note(item, text)
            if len(notes[item]) or notes[item].text:
                _replace(unit, copy.deepcopy(notes[item]))
            else:
                remove(unit)  # a note with nothing in it goes with its call
            for extra in extras:
                remove(extra)
        if not notes:
            return None
        for item in notes:
            self._remove_item(item)
        return (self.body.text or "") + "".join(
            lxml.html.tostring(child, encoding="unicode") for child in self.body
        )

    def _calls(self) -> list[tuple[Element, list[Element], Element, str]]:
        """(unit, empty anchors before it, note item, call text) per call, in order."""
        candidates = []
        for link, fragment in self.links:
            target = self.target(fragment)
            if target is None or _COMMENT_ID.match(fragment):
                continue
            unit, extras = _unit(link)
            names = _names(unit, extras)
            if any(_COMMENT_ID.match(name) for name in names):
                continue
            candidates.append((link, unit, extras, target, names))
            for name in names:
                self.call_targets.setdefault(name, target)
        found = []
        pending = []
        for link, unit, extras, target, names in candidates:
            back = [a for name in names for a in self.links_to.get(name, ())]
            item = self._item(target, unit, back) if back else None
            if item is None:
                pending.append((link, unit, extras, target))
                continue
            self.back_ids.update(names)
            found.append((link, (unit, extras, item, text_of(link))))
        # A second call without a back-link of its own still points into a note.
        items = {item for _link, (_u, _e, item, _t) in found}
        for link, unit, extras, target in pending:
            text = text_of(link)
            if not _LABEL.match(text):
                continue
            item = next((e for e in _self_and_ancestors(target) if e in items), None)
            if (
                item is not None
                and not _contains(item, unit)
                and self.position[item] > self.position[unit]
            ):
                self.back_ids.update(_names(unit, extras))
                found.append((link, (unit, extras, item, text)))
        order = {link: n for n, (link, _f) in enumerate(self.links)}
        found.sort(key=lambda pair: order[pair[0]])
        return [call for _link, call in found]

    def _item(self, target: Element, unit: Element, back: list[Element]) -> Element | None:
        item: Element | None = next(
            (e for e in _self_and_ancestors(target) if e.tag in BLOCKS), None
        )
        for _ in range(4):
            if item is None or item is self.body or _contains(item, unit):
                return None
            if self.position[item] < self.position[unit]:
                return None  # a note follows its call; this is the call seen from its note
            holds_back = any(_contains(item, a) for a in back)
            if holds_back and item.tag not in _PARAGRAPHS:
                return item
            wrapper = self._wrapper(item.getparent(), unit, target)
            if holds_back:
                # Checked last: a list of many one-paragraph notes fails _wrapper at its
                # first link, and this would read all of it for every note.
                paragraphs = wrapper is not None and all(
                    c.tag in _PARAGRAPHS for c in wrapper if is_element(c)
                )
                return wrapper if paragraphs else item
            if wrapper is None:
                return None
            item = wrapper
        return None

    def _wrapper(self, parent: Element | None, unit: Element, target: Element) -> Element | None:
        """`parent` if it may hold the note whose item is inside it: a block that holds no
        call and no link but those back to the calls of `target`'s note."""
        if parent is None or parent is self.body or parent.tag not in _NOTE_WRAPPERS:
            return None
        if _contains(parent, unit):
            return None
        for a in parent.iter("a"):
            fragment = _fragment(a.get("href"))
            if fragment is None:
                continue
            called = self.call_targets.get(fragment)
            if called is None:
                called = self.call_targets.get(unquote(fragment))
            if called is not target:
                return None
        return parent

    def _note(self, item: Element, call_text: str) -> Element:
        work = copy.deepcopy(item)
        for a in list(work.iter("a")):
            fragment = _fragment(a.get("href"))
            if fragment is None:
                continue
            if fragment in self.back_ids or unquote(fragment) in self.back_ids:
                remove(a)
            else:
                unwrap(a)
        for span in list(work.iterfind(".//span[@data-note]")):
            unwrap(span)  # notes do not nest
        return inline_content(work, call_text)

    def _remove_item(self, item: Element) -> None:
        parent = item.getparent()
        if parent is None:
            return
        _drop_separator(item)
        remove(item)
        while parent is not None and parent is not self.body and _left_empty(parent):
            above = parent.getparent()
            _drop_separator(parent)
            remove(parent)
            parent = above


def _fragment(href: str | None) -> str | None:
    href = (href or "").strip()
    return href[1:] if href.startswith("#") and len(href) > 1 else None


def _self_and_ancestors(element: Element) -> Iterable[Element]:
    yield element
    yield from element.iterancestors()


def _contains(outer: Element, inner: Element) -> bool:
    return any(e is outer for e in _self_and_ancestors(inner))


def _unit(link: Element) -> tuple[Element, list[Element]]:
    """The call's unit (the link and inline wrappers holding only it) and the empty
    anchors written just before it."""
    unit = link
    parent = unit.getparent()
    while (
        parent is not None
        and parent.tag in _INLINE_WRAPPERS
        and not (parent.text or "").strip()
        and not (unit.tail or "").strip()
        and len([c for c in parent if is_element(c)]) == 1
    ):
        unit, parent = parent, parent.getparent()
    extras: list[Element] = []
    before = unit.getprevious()
    while (
        before is not None
        and is_element(before)
        and len(extras) < 3
        and not (before.tail or "").strip()
        and not text_of(before).strip()
        and len(before) == 0
        and (before.get("id") or before.get("name"))
    ):
        extras.append(before)
        before = before.getprevious()
    return unit, extras


def _names(unit: Element, extras: list[Element]) -> list[str]:
    names = []
    for element in [*unit.iter(), *extras]:
        if is_element(element):
            names += [v for v in (element.get("id"), element.get("name")) if v]
    return names


def _replace(old: Element, new: Element) -> None:
    new.tail = old.tail
    old.tail = None
    parent = old.getparent()
    if parent is not None:
        parent.replace(old, new)


def _drop_separator(element: Element) -> None:
    before = element.getprevious()
    if before is not None and before.tag == "hr" and not (before.tail or "").strip():
        remove(before)


def _left_empty(element: Element) -> bool:
    if element.tag not in _CONTAINERS or (element.text or "").strip():
        return False
    for child in element:
        if (child.tail or "").strip():
            return False
        if is_element(child) and child.tag not in _IGNORABLE_IN_CONTAINER:
            return False
    return True
