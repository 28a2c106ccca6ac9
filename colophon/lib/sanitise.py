"""The one allowlist through which every piece of contributor HTML passes."""

import re
from html.parser import HTMLParser
from typing import Any, cast

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from colophon.lib.foreign_notes import inline_notes

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "a", "em", "strong", "i",
    "b", "u", "s", "sup", "sub", "cite", "q", "abbr", "code", "pre", "hr", "figure",
    "figcaption", "table", "thead", "tbody", "tr", "th", "td", "caption", "span", "dl",
    "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "span": {"data-note"},
    # Where a figure of the piece goes: <figure data-figure="3"></figure> (body_figures).
    "figure": {"data-figure"},
    "*": {"lang", "id"},
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

# The article title is the page's only <h1>; a contributor's <h1> becomes a section heading.
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # nh3 lets relative URLs through; a protocol-relative one ("//host/x") leaves the site.
    if attribute in {"href", "cite"} and value.strip().replace("\\", "/").startswith("//"):
        return None
    if attribute == "data-note":
        return ""  # a note is marked by the attribute alone
    if attribute == "id":
        # ids in a body must not clash with the page's own landmarks.
        return f"body-{value}" if not value.startswith("body-") else value
    if attribute == "data-figure":
        # A figure's number, and nothing else: digits only, as a plain positive integer.
        number = value.strip()
        if number.isascii() and number.isdecimal() and len(number) <= 4 and int(number):
            return str(int(number))
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


def clean_html(html: str) -> str:
    if not html:
        return ""
    html = inline_notes(html)
    html = _H1.sub(r"<\1h2", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


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


def body_table_errors(instance: models.Model) -> dict[str, ValidationError]:
    """Per body_<language> field, the error for a table too large to lay out, if any.

    Saving only sanitises; a table is refused here, in the validation every form and the
    importer run, so that the editor or contributor sees which body and why.
    """
    body = cast("models.Field[Any, Any]", instance._meta.get_field("body"))  # not a relation
    label = capfirst(body.verbose_name)
    errors = {}
    for language, language_name in settings.LANGUAGES:
        name = build_localized_fieldname("body", language)
        try:
            check_tables(clean_html(getattr(instance, name) or ""), f"{label} ({language_name})")
        except ValidationError as error:
            errors[name] = error
    return errors


# Short rich text -------------------------------------------------------------------------
# Bios and series/volume descriptions: paragraphs with bold, italic, links and line breaks,
# stored exactly as the editor's "short" profile serialises them, so that opening and saving
# a text unchanged leaves it unchanged. nh3 does the security (schemes, scripts, comments)
# and hands over well-formed markup; _ShortReader then rebuilds it in the canonical shape.

# Kept as structure only long enough to tell where one paragraph ends and the next begins.
_SHORT_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "dl", "dt",
    "dd", "pre", "hr", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "figure", "figcaption", "section", "article", "aside", "header", "footer", "address",
}  # fmt: skip
_SHORT_MARKS = {"strong": "strong", "b": "strong", "em": "em", "i": "em"}
# Tiptap's order when marks nest: the link outside (it has the higher priority), then bold
# (listed before italic in the StarterKit).
_MARK_RANK = {"a": 0, "strong": 1, "em": 2}
_SPACES = re.compile(r"[ \t\n\r\f]+")  # not U+00A0: a no-break space is meant
_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n\s*")

# (tag, href) with href "" for strong and em; a run is (text or None for <br>, marks).
_Mark = tuple[str, str]
_Run = tuple[str | None, tuple[_Mark, ...]]


def _escape_text(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).replace(
        "\xa0", "&nbsp;"
    )


class _ShortReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[_Run]] = [[]]
        self._open: list[tuple[str, _Mark | None]] = []  # (tag, the mark it adds or None)

    def _marks(self) -> tuple[_Mark, ...]:
        marks: dict[str, _Mark] = {}
        for _tag, mark in self._open:
            if mark is not None:
                marks[mark[0]] = mark  # an inner link wins, as a nested one does in Tiptap
        return tuple(sorted(marks.values(), key=lambda mark: _MARK_RANK[mark[0]]))

    def _break_paragraph(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SHORT_BLOCKS:
            self._break_paragraph()
        elif tag == "br":
            self.paragraphs[-1].append((None, self._marks()))
        elif tag in _SHORT_MARKS:
            self._open.append((tag, (_SHORT_MARKS[tag], "")))
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            # A fragment link points into a body this text is not part of: keep its text.
            keep = href and not href.startswith("#")
            self._open.append((tag, ("a", href) if keep else None))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _SHORT_BLOCKS and tag != "br":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SHORT_BLOCKS:
            self._break_paragraph()
            return
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        self.paragraphs[-1].append((_SPACES.sub(" ", data), self._marks()))


def _tidy(runs: list[_Run]) -> list[_Run]:
    """Runs joined where their marks agree, spaces trimmed at line ends, empty ones gone."""
    lines: list[list[tuple[str, tuple[_Mark, ...]]]] = [[]]
    breaks: list[tuple[_Mark, ...]] = []  # the marks of the <br> that ends each line
    for text, marks in runs:
        if text is None:
            breaks.append(marks)
            lines.append([])
        elif lines[-1] and lines[-1][-1][1] == marks:
            lines[-1][-1] = (lines[-1][-1][0] + text, marks)
        else:
            lines[-1].append((text, marks))
    tidy: list[_Run] = []
    for index, line in enumerate(lines):
        # One space between words, none at the start or end of a line (as the editor shows).
        trimmed: list[tuple[str, tuple[_Mark, ...]]] = []
        previous_space = True
        for text, marks in line:
            text = text.lstrip(" ") if previous_space else text
            if text:
                trimmed.append((text, marks))
                previous_space = text.endswith(" ")
        if trimmed:
            text, marks = trimmed.pop()
            if text := text.rstrip(" "):
                trimmed.append((text, marks))
        if index:
            tidy.append((None, breaks[index - 1]))
        tidy.extend(trimmed)
    # A line break at either end of a paragraph shows nothing.
    while tidy and tidy[0][0] is None:
        tidy.pop(0)
    while tidy and tidy[-1][0] is None:
        tidy.pop()
    return tidy


def _serialise(runs: list[_Run]) -> str:
    out: list[str] = []
    active: tuple[_Mark, ...] = ()
    for text, marks in runs:
        keep = 0
        while keep < min(len(active), len(marks)) and active[keep] == marks[keep]:
            keep += 1
        out.extend(f"</{tag}>" for tag, _href in reversed(active[keep:]))
        for tag, href in marks[keep:]:
            quoted = href.replace("&", "&amp;").replace('"', "&quot;")
            out.append(f'<a href="{quoted}">' if tag == "a" else f"<{tag}>")
        active = marks
        out.append("<br>" if text is None else _escape_text(text))
    out.extend(f"</{tag}>" for tag, _href in reversed(active))
    return "".join(out)


def clean_short_html(html: str) -> str:
    """Bios and descriptions: only <p>, <br>, <strong>, <em> and <a href>, canonical.

    Everything else is unwrapped (its text kept) or dropped (scripts, styles, comments);
    text outside a paragraph is put in one. Idempotent: clean_short_html(clean_short_html(x))
    == clean_short_html(x).
    """
    if not html or not html.strip():
        return ""
    safe = nh3.clean(
        html,
        tags=_SHORT_BLOCKS | set(_SHORT_MARKS) | {"a", "br"},
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel=None,
        strip_comments=True,
    )
    reader = _ShortReader()
    reader.feed(safe)
    reader.close()
    paragraphs = [_serialise(runs) for runs in map(_tidy, reader.paragraphs)]
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs if paragraph)


def short_html_to_text(html: str, *, keep_breaks: bool = False) -> str:
    """Short rich text as plain text (tags gone, entities decoded), for feeds, metadata,
    search and PDF metadata: one line, spaces collapsed. keep_breaks keeps paragraphs
    apart with a blank line and line breaks as newlines, the plain text it was made from.
    """
    reader = _ShortReader()
    reader.feed(clean_short_html(html))
    reader.close()
    paragraphs = []
    for runs in reader.paragraphs:
        lines = [""]
        for text, _marks in runs:
            if text is None:
                lines.append("")
            else:
                lines[-1] += text
        if runs:
            paragraphs.append("\n".join(lines))
    if keep_breaks:
        return "\n\n".join(paragraphs)
    return " ".join(" ".join(paragraphs).split())


def text_to_short_html(text: str) -> str:
    """Plain text as short rich text: a blank line starts a paragraph, a newline is a <br>."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [
        "<br>".join(_escape_text(line) for line in paragraph.split("\n"))
        for paragraph in _BLANK_LINE.split(text)
    ]
    return clean_short_html("".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))


def clean_short_fields(instance: models.Model, *names: str) -> None:
    """Sanitise each translated short-rich-text field `names` of `instance` in every language."""
    for language, _language_name in settings.LANGUAGES:
        for name in names:
            field = build_localized_fieldname(name, language)
            setattr(instance, field, clean_short_html(getattr(instance, field) or ""))
