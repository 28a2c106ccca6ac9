"""Tables in the stored form: spans as the editor keeps them, and ragged tables filled to
the rectangle the editor's table model (prosemirror-tables) makes of them."""

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

# A cell as the canonicaliser holds it: tag, colspan, rowspan, serialised blocks.
Cell = tuple[str, int, int, list[str]]

_DIGITS = re.compile(r"[0-9]{1,9}")
# Padding a ragged table to a rectangle writes at most this many cells: a hostile table
# (one wide row over thousands of narrow ones) must not turn kilobytes into megabytes.
PADDING_LIMIT = 200_000


def whole_number_or_one(value: str | None) -> int:
    # A span or a list start: a positive whole number (spans are capped by the sanitiser
    # already); anything else means 1, what omitting the attribute says.
    value = (value or "").strip()
    return int(value) if _DIGITS.fullmatch(value) and int(value) > 0 else 1


def spans(colspan: int, rowspan: int) -> str:
    return (f' colspan="{colspan}"' if colspan > 1 else "") + (
        f' rowspan="{rowspan}"' if rowspan > 1 else ""
    )


def rows_of(table: HtmlElement) -> Iterator[list[HtmlElement]]:
    """Each row's cells, header, body and footer groups in order; nested tables apart."""
    for child in table:
        if child.tag in {"thead", "tbody", "tfoot"}:
            for row in child:
                if row.tag == "tr":
                    yield [cell for cell in row if cell.tag in {"td", "th"}]
        elif child.tag == "tr":
            yield [cell for cell in child if cell.tag in {"td", "th"}]


def padding(rows: list[list[Cell]]) -> list[int]:
    """Empty cells each row needs at its end for the table to be a rectangle, as the
    editor's table model makes it; row spans past the last row are cut (in place)."""
    height = len(rows)
    taken: dict[int, int] = {}  # column -> further rows a span from above still covers
    counts, extents = [], []
    for index, cells in enumerate(rows):
        x = own = 0
        spans: dict[int, int] = {}
        for position, (tag, colspan, rowspan, blocks) in enumerate(cells):
            while x in taken:
                x += 1
            rowspan = min(rowspan, height - index)
            cells[position] = (tag, colspan, rowspan, blocks)
            spans.update(dict.fromkeys(range(x, x + colspan), rowspan - 1))
            x += colspan
            own += colspan
        counts.append(own + len(taken))
        extents.append(max([x, *(column + 1 for column in taken)]))
        taken = {c: left - 1 for c, left in taken.items() if left > 1}
        taken.update({c: left for c, left in spans.items() if left > 0})
    width = max(extents)
    if width * height > PADDING_LIMIT:
        # Far past what check_tables accepts: refused on validation, so not worth padding.
        return [0] * height
    return [width - count for count in counts]
