"""A foreign note's content as the inline markup of one stored note.

Used by colophon.lib.foreign_notes once it has found a note item and taken out its back-links.
Paragraphs become `<br>`-separated lines; inline elements are copied as they are (the
sanitiser trims them to the allowed marks afterwards); the tool's number label goes.
"""

import copy
import re

import lxml.html

Element = lxml.html.HtmlElement

BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_DROPPED = frozenset({"script", "style", "template", "head", "title", "noscript", "object"})
# A label that repeats the call's number: "1.", "1)", "1:", "[1]" or "(1)".
_TEXT_LABEL = re.compile(r"\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.):]")
_NUMBER = re.compile(r"\d{1,4}")
# An element holding nothing but a label or its brackets, such as <sup>1</sup>.
_LABEL_CHARS = re.compile(r"^[\s\[\](){}.:,;*†‡§¶\d]*$")
# What is left of "[<a>↩</a>]" once the back-link has gone.
_EMPTY_BRACKETS = re.compile(r"\s*(?:\[\s*\]|\(\s*\))")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_TRIM = " \t\r\n\f\u00a0"
# Python recursion over a hostile tree stops here; deeper content is taken as plain text.
_MAX_DEPTH = 200


def inline_content(item: Element, call_text: str) -> Element:
    """`<span data-note="">` holding `item`'s content, its blocks joined by <br>."""
    note = lxml.html.Element("span", {"data-note": ""})
    _Flattener(note).block(item, 0)
    _tidy(note, call_text)
    return note


def is_element(node: object) -> bool:
    # Comments and processing instructions are nodes whose tag is not a string.
    return isinstance(getattr(node, "tag", None), str)


def text_of(element: Element) -> str:
    return "".join(element.itertext())


def remove(element: Element) -> None:
    """Removes `element` and its content, keeping the text that follows it."""
    if element.getparent() is not None:
        element.drop_tree()


def unwrap(element: Element) -> None:
    """Removes `element`, keeping its content in place."""
    if element.getparent() is not None:
        element.drop_tag()


class _Flattener:
    """Copies a note item's content into one inline element, blocks joined by <br>."""

    def __init__(self, out: Element) -> None:
        self.out = out
        self.started = False
        self.pending_break = False
        self.has_block: set[Element] = set()

    def block(self, element: Element, depth: int) -> None:
        if depth == 0:
            for block in element.iter(*BLOCKS):
                for ancestor in block.iterancestors():
                    if ancestor in self.has_block:
                        break
                    self.has_block.add(ancestor)
        self.pending_break = self.started
        self.inline_children(element, depth)
        self.pending_break = self.started

    def inline_children(self, element: Element, depth: int) -> None:
        self.text(element.text)
        for child in element:
            if is_element(child) and child.tag not in _DROPPED:
                if child.tag == "hr":
                    self.pending_break = self.started
                elif depth > _MAX_DEPTH:
                    self.text(text_of(child))
                elif child.tag in BLOCKS:
                    self.block(child, depth + 1)
                elif child in self.has_block:
                    self.inline_children(child, depth + 1)
                else:
                    self.append(child)
            self.text(child.tail)

    def text(self, text: str | None) -> None:
        text = _SPACES.sub(" ", text or "")
        if not text.strip(_TRIM) and (self.pending_break or not self.started):
            return  # the spaces between blocks, or before the first word
        if self.pending_break:
            self.line_break()
        last = self.out[-1] if len(self.out) else None
        if last is None:
            self.out.text = (self.out.text or "") + text
        else:
            last.tail = (last.tail or "") + text
        self.started = self.started or bool(text.strip(_TRIM))

    def line_break(self) -> None:
        if len(self.out):
            self.out[-1].tail = (self.out[-1].tail or "").rstrip(_TRIM) or None
        else:
            self.out.text = (self.out.text or "").rstrip(_TRIM) or None
        if not len(self.out) or self.out[-1].tag != "br" or self.out[-1].tail:
            self.out.append(lxml.html.Element("br"))  # one break, even after a <br>
        self.pending_break = False
        self.started = False

    def append(self, element: Element) -> None:
        if element.tag == "br" and (not self.started or self.pending_break):
            return
        if element.tag != "br" and not text_of(element).strip(_TRIM) and not len(element):
            return
        if self.pending_break:
            self.line_break()
        piece = copy.deepcopy(element)
        piece.tail = None
        for dropped in list(piece.iter(*_DROPPED)):
            remove(dropped)
        for node in piece.iter():
            node.text = _SPACES.sub(" ", node.text) if node.text else node.text
            if node is not piece:
                node.tail = _SPACES.sub(" ", node.tail) if node.tail else node.tail
        self.out.append(piece)
        self.started = True


def _tidy(note: Element, call_text: str) -> None:
    """Drops the leading label, brackets left by removed back-links, and edge spaces."""
    for node in note.iter():
        if node.text:
            node.text = _EMPTY_BRACKETS.sub("", node.text)
        if node is not note and node.tail:
            node.tail = _EMPTY_BRACKETS.sub("", node.tail)
    # A leading element holding only a label, such as <sup>1</sup> or <span>[</span>.
    while len(note) and not (note.text or "").strip(_TRIM):
        first = note[0]
        if first.tag == "br" or (_LABEL_CHARS.match(text_of(first)) and first.tag != "a"):
            remove(first)
        else:
            break
    number = _NUMBER.search(call_text)
    _strip_start(note, number.group() if number else "")
    for element in reversed(list(note.iter())):
        empty = not len(element) and not (element.text or "").strip(_TRIM)
        if element is not note and element.tag != "br" and empty:
            remove(element)
    _strip_end(note)


def _strip_start(element: Element, number: str) -> bool:
    """Strips spaces, and a label repeating the call's number, before the first word;
    False if there is no word."""
    if (element.text or "").strip(_TRIM):
        element.text = _unlabelled(element.text or "", number) or None
        return True
    element.text = None
    for child in list(element):
        if child.tag == "br":
            remove(child)
            if (element.text or "").strip(_TRIM):
                return _strip_start(element, number)
            continue
        if _strip_start(child, number):
            return True
        if (child.tail or "").strip(_TRIM):
            child.tail = _unlabelled(child.tail or "", number) or None
            return True
        child.tail = None
    return False


def _unlabelled(text: str, number: str) -> str:
    # Only "1.", "1)", "1:", "[1]" or "(1)" for call 1: a note may well begin "1998 was".
    text = text.lstrip(_TRIM)
    found = _TEXT_LABEL.match(text)
    if found and number and next(g for g in found.groups() if g) == number:
        text = text[found.end() :].lstrip(_TRIM)
    return text


def _strip_end(element: Element) -> bool:
    """Strips spaces and line breaks after the last word; False if there is no word."""
    while len(element):
        last = element[-1]
        if (last.tail or "").strip(_TRIM):
            last.tail = (last.tail or "").rstrip(_TRIM)
            return True
        last.tail = None
        if last.tag != "br" and _strip_end(last):
            return True
        element.remove(last)
    element.text = (element.text or "").rstrip(_TRIM) or None
    return element.text is not None
