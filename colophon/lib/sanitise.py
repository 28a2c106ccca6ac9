"""The one allowlist through which every piece of contributor HTML passes."""

import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from typing import Any, cast

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from lxml import html as lxml_html
from modeltranslation.utils import build_localized_fieldname

from colophon.lib.canonical import canonicalise
from colophon.lib.foreign_notes import inline_notes

# What nh3 lets through to the canonicaliser (colophon.lib.canonical), which then keeps
# only what the editor's schema holds: b, i, h1, h5 and h6 become their equivalents, tables
# lose their row groups and captions, and containers such as div are unwrapped without
# running their text into the text beside them. Anything not listed is unwrapped by nh3
# (text kept), or dropped with its content (script, style).
ALLOWED_TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "a",
    "em", "strong", "i", "b", "sup", "sub", "hr", "figure", "figcaption", "table", "thead",
    "tbody", "tfoot", "tr", "th", "td", "caption", "span", "div", "section", "article",
    "aside", "header", "footer", "main", "nav", "address", "details", "summary", "dl", "dt",
    "dd", "pre", "center", "cite",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    # A footnote, written where it is called, and the place of a body figure.
    "span": {"data-note"},
    "figure": {"data-figure"},
    # A citation of one of the piece's references (docs/citations.md).
    "cite": {"data-ref", "data-label", "data-locator", "data-prefix", "data-suffix"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# A table in a short piece is read on an A4 page: 20 columns leave each under 8 mm, and a
# row heading over 100 rows spans several pages. HTML itself allows 1,000 and 65,534,
# enough for a few kilobytes of markup to keep the PDF renderer busy for minutes.
MAX_COLSPAN = 20
MAX_ROWSPAN = 100
# Rows times columns, spans included: 20 columns by 100 rows, the largest table the two
# caps above still describe, is already five or six printed pages.
MAX_TABLE_CELLS = 2_000
# Counting stops here, so that measuring a hostile table costs no more than reading it.
_COUNT_CEILING = 100 * MAX_TABLE_CELLS
_SPAN_CAPS = {"colspan": MAX_COLSPAN, "rowspan": MAX_ROWSPAN}


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # nh3 lets relative URLs through; a protocol-relative one ("//host/x") leaves the site.
    if attribute in {"href", "cite"} and value.strip().replace("\\", "/").startswith("//"):
        return None
    if attribute in _SPAN_CAPS:
        # Anything but a positive whole number means 1, which is what omitting it says.
        span = _span(value)
        return None if span is None else str(min(span, _SPAN_CAPS[attribute]))
    return value


def _span(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value.isdecimal() or len(value) > 9:
        return None
    return int(value) or None


def clean_html(html: str, *, figures: bool = True) -> str:
    """Contributor HTML in the stored canonical form, the editor's own serialisation.

    `figures=False` drops body figures (pages have none). Idempotent.
    """
    if not html:
        return ""
    # Other tools' footnotes (pandoc, Word, Google Docs, WordPress…) become notes first:
    # their links between call and note rely on ids, which the allowlist drops.
    html = inline_notes(html)
    return canonicalise(_allowlist(html), figures=figures)


def _allowlist(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel=None,
        strip_comments=True,
    )


def check_tables(html: str, field: str) -> None:
    """ValidationError(code="table_too_large") if a table in `html` has too many cells.

    `html` is sanitised already; `field` names where it comes from in the message, e.g.
    "Body (English)".
    """
    for cells in table_sizes(html):
        if cells > _COUNT_CEILING:
            message = _(
                "The table in %(field)s has more than %(cells)s cells; the limit is %(limit)s."
            )
            cells = _COUNT_CEILING
        elif cells > MAX_TABLE_CELLS:
            message = _("The table in %(field)s has %(cells)s cells; the limit is %(limit)s.")
        else:
            continue
        raise ValidationError(
            message % {"field": field, "cells": f"{cells:,}", "limit": f"{MAX_TABLE_CELLS:,}"},
            code="table_too_large",
        )


def table_sizes(html: str) -> list[int]:
    """Rows times columns of each table in `html`, as a renderer lays out its grid.

    A count over _COUNT_CEILING is reported as _COUNT_CEILING + 1.
    """
    reader = _TableReader()
    reader.feed(html or "")
    reader.close()
    return [_grid_cells(groups) for groups in reader.tables]


# A row is a list of (colspan, rowspan); a row group (thead, tbody, tfoot) a list of rows.
Row = list[tuple[int, int]]


class _TableReader(HTMLParser):
    """The rows and cells of every table, nested ones apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[Row]]] = []
        self._open: list[list[list[Row]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._open.append([])
            return
        if not self._open:
            return
        groups = self._open[-1]
        if tag in {"thead", "tbody", "tfoot"}:
            groups.append([])
        elif tag == "tr":
            if not groups:
                groups.append([])
            groups[-1].append([])
        elif tag in {"td", "th"}:
            if not groups:
                groups.append([])
            if not groups[-1]:
                groups[-1].append([])
            values = dict(attrs)
            spans = (_span(values.get("colspan")) or 1, _span(values.get("rowspan")) or 1)
            groups[-1][-1].append(spans)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._open:
            self.tables.append(self._open.pop())


def _grid_cells(groups: list[list[Row]]) -> int:
    """The table's grid area: a row span ends with its row group, as in HTML's table model."""
    height = sum(len(group) for group in groups)
    width = covered = 0
    for group in groups:
        # Columns taken by cells from rows above: column -> rows it stays taken.
        taken: dict[int, int] = {}
        for index, row in enumerate(group):
            x = 0
            for colspan, rowspan in row:
                while x in taken:
                    x += 1
                rowspan = min(rowspan, len(group) - index)
                covered += colspan * rowspan
                if covered > _COUNT_CEILING or max(width, x + colspan) * height > _COUNT_CEILING:
                    return _COUNT_CEILING + 1
                if rowspan > 1:
                    taken.update(dict.fromkeys(range(x, x + colspan), rowspan))
                x += colspan
            width = max(width, x)
            taken = {column: rows - 1 for column, rows in taken.items() if rows > 1}
    return width * height


def sanitise_fields(instance: models.Model, name: str, clean: Callable[[str], str]) -> None:
    """Run `clean` over the translated field `name` of `instance` in every language, in
    place: models call it on save, and in clean() so that validation checks what will be
    stored, sanitising each text once."""
    for language, _language_name in settings.LANGUAGES:
        field = build_localized_fieldname(name, language)
        setattr(instance, field, clean(getattr(instance, field) or ""))


def body_table_errors(instance: models.Model) -> dict[str, ValidationError]:
    """Per body_<language> field, the error for a table too large to lay out, if any.

    The bodies are sanitised already (sanitise_fields in the model's clean()). Saving only
    sanitises; a table is refused here, in the validation every form and the importer
    run, so that the editor or contributor sees which body and why.
    """
    body = cast("models.Field[Any, Any]", instance._meta.get_field("body"))  # not a relation
    label = capfirst(body.verbose_name)
    errors = {}
    for language, language_name in settings.LANGUAGES:
        name = build_localized_fieldname("body", language)
        try:
            check_tables(getattr(instance, name) or "", f"{label} ({language_name})")
        except ValidationError as error:
            errors[name] = error
    return errors


# Short rich text ---------------------------------------------------------------------------
# Bios and series/volume descriptions: paragraphs with bold, italic, links and line breaks,
# stored exactly as the editor's "short" profile serialises them (colophon.lib.canonical),
# so that opening and saving a text unchanged leaves it unchanged.


def clean_short_html(html: str) -> str:
    """Bios and descriptions: only <p>, <br>, <strong>, <em> and <a href>, canonical.

    Everything else is unwrapped (its text kept) or dropped (scripts, styles, comments);
    text outside a paragraph is put in one. Idempotent.
    """
    if not html or not html.strip():
        return ""
    return canonicalise(_allowlist(html), profile="short")


def short_html_to_text(html: str, *, keep_breaks: bool = False) -> str:
    """Short rich text as plain text (tags gone, entities decoded), for feeds, metadata,
    search and PDF metadata: one line, spaces collapsed. keep_breaks keeps paragraphs
    apart with a blank line and line breaks as newlines, the plain text it was made from.
    """
    clean = clean_short_html(html)
    if not clean:
        return ""
    root = lxml_html.fragment_fromstring(clean, create_parent="div")
    paragraphs = []
    for paragraph in root.iterchildren("p"):
        for line_break in paragraph.iter("br"):
            line_break.tail = "\n" + (line_break.tail or "")
        paragraphs.append(paragraph.text_content())
    if keep_breaks:
        return "\n\n".join(paragraphs)
    return " ".join(" ".join(paragraphs).split())


def text_to_short_html(text: str) -> str:
    """Plain text as short rich text: a blank line starts a paragraph, a newline is a <br>."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [
        "<br>".join(escape(line) for line in paragraph.split("\n"))
        for paragraph in re.split(r"\n[ \t\f\v]*\n\s*", text)
    ]
    return clean_short_html("".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))


def clean_short_fields(instance: models.Model, *names: str) -> None:
    """Sanitise each translated short-rich-text field `names` of `instance` in every language."""
    for name in names:
        sanitise_fields(instance, name, clean_short_html)
