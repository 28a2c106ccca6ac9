"""One entry as another tool wrote it, mapped as far as a reader can map it.

The BibTeX, RIS and DOI readers each produce these; articles.bibliography.importing then
passes every item through csl_input.normalise_csl, so one place decides what is stored.
"""

from dataclasses import dataclass, field


@dataclass
class Foreign:
    """`item` is CSL-JSON still to be normalised, or None when the entry could not be read;
    `text` is what to keep instead, as a free-text entry, when there is no item."""

    source: str
    item: dict | None
    warnings: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    text: str = ""


class ReferenceImportError(ValueError):
    """The input as a whole cannot be read; the message says why, for the person importing."""
