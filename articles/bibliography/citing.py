"""Citations in the text: each stored `<cite data-ref>` formatted in the series' CSL style.

A body cites a reference of its piece by key (colophon.lib.canonical writes the markup).
`render_citations` turns a stored body into one whose citations are formatted text, still
holding its notes as `<span data-note="">` for colophon.lib.notes to number. Note styles
(OSCOLA, Chicago notes) print citations in notes; author-date styles (APA, Chicago
author-date) print them in the text. docs/citations.md gives the rules and examples.
"""

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from citeproc import Citation, CitationItem, CitationStylesBibliography
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import override
from lxml import html as lxml_html
from lxml.html import HtmlElement
from modeltranslation.utils import build_localized_fieldname

from articles.bibliography.entry_types import FALLBACK_STYLE
from articles.bibliography.positions import ATTRIBUTE, Cite, Position, positions
from articles.citations import CSL_FORMATTER, csl_style, formatted_html, strip_control
from colophon.lib import notes
from colophon.lib.canonical import cited_keys
from colophon.lib.languages import language_codes
from series.models import BibliographyScope

logger = logging.getLogger(__name__)

# Part of the cache keys: change it whenever what render_citations prints changes.
ENGINE_VERSION = 4
_CACHE_SECONDS = 30 * 24 * 3600
# Stored labels (colophon.lib.canonical.LOCATOR_LABELS) and the CSL locator terms they
# print with: CSL's term "article" is a kind of publication ("preprint"), the article of a
# treaty or statute is "article-locator".
LOCATOR_TERMS = {
    "page": "page",
    "paragraph": "paragraph",
    "article": "article-locator",
    "section": "section",
    "chapter": "chapter",
    "footnote": "note",
}
# What may stand between two citations of one group ("A; B"), and all a note may hold
# besides citations for an author-date style to print them in the text instead.
_BETWEEN = re.compile(r"[\s;,]*")
_ONLY_PUNCTUATION = re.compile(r"[\s.,;:]*")
_TRAILING_PUNCTUATION = re.compile(r"[.,;:]+$")
_LEADING_PUNCTUATION = re.compile(r"^[.,;:!?]+")
# Where formatted citations go in the serialised body: private-use characters, which no
# stored body keeps (they are removed first).
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def is_note_style(style: str) -> bool:
    return csl_style(style, "en").root.get("class") == "note"


def render_citations(body: str, references: Iterable, style: str, language: str) -> str:
    """The body with every `<cite data-ref>` formatted in `style` (docs/citations.md)."""
    body = body or ""
    if "<cite" not in body:
        return body
    references = list(references)
    # Formatting a piece's citations takes citeproc-py some 10 ms each; the result depends
    # only on these inputs, so it is kept in the shared cache and survives page-cache
    # invalidations and restarts.
    entries = sorted([r.key, r.csl, r.text] for r in references)
    digest = hashlib.sha256(
        json.dumps([ENGINE_VERSION, body, entries, style, language], sort_keys=True).encode()
    ).hexdigest()
    cache_key = f"citations:{digest}"
    html = cache.get(cache_key)
    if html is None:
        with override(language):
            html = _Renderer(references, style, language).render(body)
        cache.set(cache_key, html, _CACHE_SECONDS)
    return html


def citation_style(article=None, series=None) -> str:
    """The style a piece's bibliography is printed in: its volume's series, else the series
    a submission proposes, else OSCOLA."""
    if article is not None:
        series = article.volume.series if article.volume_id else article.series
    return series.citation_style if series is not None else FALLBACK_STYLE


def printed_references(article) -> list:
    """The entries the piece's bibliography lists, in their order, as its series says."""
    references = list(article.references.all())
    series = getattr(article, "series", None)
    if series is None or series.bibliography != BibliographyScope.CITED:
        return references
    bodies = (
        getattr(article, build_localized_fieldname("body", code)) for code in language_codes()
    )
    cited = cited_keys(*bodies)
    return [r for r in references if r.key in cited or r.further_reading]


def citation_label(reference, style: str, language: str) -> str:
    """A short plain label for pickers: "Varga 2019", "IDMC 2022", "Refugee Convention"."""
    item = reference.csl or {}
    if not item:
        return _free_text_label(reference.text)
    if item.get("type") in {"treaty", "legislation", "legal_case"}:
        return str(item.get("title-short") or item["title"])
    names = [
        str(name.get("literal") or name.get("family") or "")
        for name in item.get("author") or item.get("editor") or []
    ]
    with override(language):
        if not names:
            who = str(item.get("title-short") or item["title"])
        elif len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = _("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}
        else:
            who = _("%(first)s et al.") % {"first": names[0]}
    year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0]
    return f"{who} {year}" if year else who


_YEAR = re.compile(r"\b(1[0-9]{3}|2[0-9]{3})\b")


def _free_text_label(text: str) -> str:
    # "Smith, J. Old notes (1999)." → "Smith 1999": what comes before the first comma,
    # full stop or bracket, and the first year.
    text = " ".join(text.split())
    year = _YEAR.search(text)
    lead = re.split(r"[,.(]", text, maxsplit=1)[0].strip()[:40]
    if year and lead:
        return f"{lead} {year.group(1)}"
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


@dataclass
class _Cited:
    element: HtmlElement
    cite: Cite
    prefix: str
    suffix: str
    position: Position | None = None


class _Renderer:
    def __init__(self, references: Sequence, style: str, language: str) -> None:
        self.by_key = {r.key: r for r in references}
        self.style = csl_style(style, language)
        self.note_style = self.style.root.get("class") == "note"
        items = [{**strip_control(r.csl), "id": r.key} for r in references if r.csl]
        self.bibliography = CitationStylesBibliography(
            self.style, CiteProcJSON(items), CSL_FORMATTER
        )
        if items:
            self.bibliography.register(Citation([CitationItem(i["id"]) for i in items]))
        self.pieces: list[str] = []

    def render(self, body: str) -> str:
        root = notes.parse(body.replace(_OPEN, "").replace(_CLOSE, ""))
        if self.note_style:
            for element in list(root.iter("cite")):
                if not _in_note(element):
                    _make_note(element)
        spans = notes.note_elements(root)
        groups = [_groups(span) for span in spans]
        if self.note_style:
            self._place(list(enumerate(groups, start=1)))
            for span_groups in groups:
                for group in span_groups:
                    self._replace(group, in_note=True)
        else:
            outside = [_cited(e) for e in root.iter("cite") if not _in_note(e)]
            self._place([(0, [[c] for c in outside]), *[(0, g) for g in groups]])
            for span, span_groups in zip(spans, groups, strict=True):
                if span_groups and _ONLY_PUNCTUATION.fullmatch(span.text_content()):
                    cited = [c for group in span_groups for c in group]
                    _replace_note(span, self._piece(self._format(cited, ends_note=True)))
                else:
                    for group in span_groups:
                        self._replace(group, in_note=False)
            for one in outside:
                self._replace([one], in_note=False)
        html = notes.serialise(root)
        return _PLACEHOLDER.sub(lambda m: self.pieces[int(m.group(1))], html)

    def _place(self, numbered: list[tuple[int, list[list["_Cited"]]]]) -> None:
        """Give each known cite its position; a note style counts notes, others groups."""
        if not self.note_style:  # in the text, each group stands on its own
            numbered = [(0, [group]) for _n, groups in numbered for group in groups]
        known = [
            (number, [c for group in groups for c in group if c.cite.key in self.by_key])
            for number, groups in numbered
        ]
        placed = positions([(number, [c.cite for c in cited]) for number, cited in known])
        for (_number, cited), found in zip(known, placed, strict=True):
            for c, position in zip(cited, found, strict=True):
                c.position = position

    def _replace(self, group: list[_Cited], *, in_note: bool) -> None:
        elements = [c.element for c in group]
        ends_note = not in_note or not _followed_by_text(elements[-1])
        _replace_elements(elements, self._piece(self._format(group, ends_note=ends_note)))

    def _piece(self, html: str) -> str:
        self.pieces.append(html)
        return f"{_OPEN}{len(self.pieces) - 1}{_CLOSE}"

    def _format(self, group: list[_Cited], *, ends_note: bool) -> str:
        layout = self.style.root.citation.layout
        found = [(c, self._item(c)) for c in group if c.cite.key in self.by_key]
        missing = [c for c in group if c.cite.key not in self.by_key]
        html = ""
        if found:
            sort = self.style.root.citation.sort
            if sort is not None and not self.note_style and len(found) > 1:
                order = {id(item): (c, item) for c, item in found}
                found = [order[id(item)] for item in sort.sort([i for _c, i in found], layout)]
            text = layout.join([self._format_one(c, item) for c, item in found])
            if ends_note or not self.note_style:
                text = layout.wrap(text)
            else:  # the note's own text goes on after it: no closing full stop
                text = str(layout.get("prefix", "")) + text
            html = f'<span class="citation">{formatted_html(str(text))}</span>'
        for c in missing:
            logger.warning("A citation names %r, which is not one of the references.", c.cite.key)
            marker = escape(_("[missing reference]"))
            html += f'<span class="citation citation--missing">{marker}</span>'
        return html

    def _item(self, c: _Cited) -> CitationItem:
        options: dict = {}
        if c.cite.locator:
            options["locator"] = Locator(LOCATOR_TERMS[c.cite.label], c.cite.locator)
        item = CitationItem(c.cite.key, **options)
        setattr(item, ATTRIBUTE, c.position)
        Citation([item]).bibliography = self.bibliography
        return item

    def _format_one(self, c: _Cited, item: CitationItem) -> str:
        reference = self.by_key[c.cite.key]
        if reference.csl:
            layout = self.style.root.citation.layout
            layout.repressed = {}
            self.style.root.citation.cites = []
            text = layout.render_children(item) or ""
        else:
            text = strip_control(reference.text).rstrip(".")
            if c.cite.locator:
                text += ", " + self._locator_text(c.cite)
        prefix = f"{c.prefix} " if c.prefix else ""
        suffix = ""
        if c.suffix:
            suffix = c.suffix if c.suffix[0] in ",.;:)" else f", {c.suffix}"
        return prefix + text + suffix

    def _locator_text(self, cite: Cite) -> str:
        term = self.style.root.get_single_term(name=LOCATOR_TERMS[cite.label], form="short")
        return f"{term} {cite.locator}" if term else cite.locator


def _cited(element: HtmlElement) -> _Cited:
    def value(name: str) -> str:
        return str(strip_control(element.get(name) or "")).strip()

    locator = value("data-locator")
    label = value("data-label") if locator else ""
    cite = Cite(value("data-ref"), locator, label if label in LOCATOR_TERMS else "page")
    return _Cited(element, cite if locator else Cite(cite.key), value("data-prefix"),
                  value("data-suffix"))  # fmt: skip


def _in_note(element: HtmlElement) -> bool:
    return any(a.get(notes.MARKER) is not None for a in element.iterancestors("span"))


def _groups(span: HtmlElement) -> list[list[_Cited]]:
    """The note's citations, those next to each other ("A; B") in one group."""
    groups: list[list[_Cited]] = []
    previous = None
    for element in span.iter("cite"):
        adjacent = (
            previous is not None
            and previous.getnext() is element
            and _BETWEEN.fullmatch(previous.tail or "")
        )
        if adjacent:
            groups[-1].append(_cited(element))
        else:
            groups.append([_cited(element)])
        previous = element
    return groups


def _followed_by_text(element: HtmlElement) -> bool:
    """Whether the note that holds `element` has text after it (then no closing stop)."""
    node = element
    while node.get(notes.MARKER) is None:
        if (node.tail or "").strip() or any(
            (n.text_content() or "").strip() or n.tag == "cite" for n in node.itersiblings()
        ):
            return True
        node = _parent(node)
    return False


def _preceding_text(element: HtmlElement) -> tuple[str, Callable[[str], None]]:
    previous = element.getprevious()
    parent = _parent(element)
    if previous is not None:
        return previous.tail or "", lambda text: setattr(previous, "tail", text)
    return parent.text or "", lambda text: setattr(parent, "text", text)


def _parent(element: HtmlElement) -> HtmlElement:
    parent = element.getparent()
    if parent is None:  # never: everything sits inside the fragment's wrapper
        raise ValueError("an element outside the body")
    return parent


def _replace_elements(elements: list[HtmlElement], text: str) -> None:
    """Put `text` where the elements are, dropping what stood between them."""
    first, last = elements[0], elements[-1]
    tail = last.tail or ""
    parent = _parent(first)
    for element in elements[1:]:
        parent.remove(element)
    before, set_before = _preceding_text(first)
    parent.remove(first)
    set_before(before + text + tail)


def _replace_note(span: HtmlElement, text: str) -> None:
    """An author-date citation at the note's call, before the punctuation preceding it."""
    before, set_before = _preceding_text(span)
    punctuation = _TRAILING_PUNCTUATION.search(before.rstrip())
    moved = punctuation.group(0) if punctuation else ""
    before = before.rstrip()[: len(before.rstrip()) - len(moved)] if moved else before
    space = "" if not before or before[-1].isspace() else " "
    tail = span.tail or ""
    _parent(span).remove(span)
    set_before(before + space + text + moved + tail)


def _make_note(element: HtmlElement) -> None:
    """A citation in running text, in a note style: a note of its own after punctuation."""
    tail = element.tail or ""
    punctuation = _LEADING_PUNCTUATION.match(tail)
    moved = punctuation.group(0) if punctuation else ""
    before, set_before = _preceding_text(element)
    set_before(before.rstrip() + moved if moved or before.endswith(" ") else before)
    note = lxml_html.Element("span", {notes.MARKER: ""})
    element.addprevious(note)
    note.append(element)
    element.tail = None
    note.tail = tail[len(moved) :]
