"""Block-editor markup: `<!-- wp:name {json} -->…<!-- /wp:name -->` (stub)."""

import re

from wordpress.importing.conversion import Conversion

_DELIMITER = re.compile(r"<!--\s+/?wp:[a-z]")


def has_blocks(content: str) -> bool:
    return bool(_DELIMITER.search(content))


def render(content: str, conversion: Conversion) -> str:
    # Until blocks are read one by one, their saved HTML is the body (the delimiters are
    # comments, which the sanitiser drops).
    return content
