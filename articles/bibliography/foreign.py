"""One entry as another tool wrote it, mapped as far as a reader can map it.

The BibTeX, RIS and DOI readers each produce these; articles.bibliography.importing then
passes every item through csl_input.normalise_csl, so one place decides what is stored.
"""

import re
from dataclasses import dataclass, field
from typing import Any

# Left in a string by JSON's "\ud800" escapes without their pair: no character, and text
# holding one cannot be encoded, so a page printing it fails for every reader.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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


def without_lone_surrogates(value: Any) -> Any:
    """Decoded JSON with every lone surrogate in its strings (keys too) replaced by U+FFFD.

    RecursionError for JSON nested deeper than Python recurses, as json.loads raises."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()}
    return value
