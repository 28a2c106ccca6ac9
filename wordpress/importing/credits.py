"""A picture's credit read from its WordPress caption, or a flag that an editor must add it.

Captions that follow the Creative Commons attribution pattern, "Title by Creator, Licence"
(in Spanish "Título por Autor, Licencia"), with the title often linked to the source and
the licence to its deed, are read into the credit's fields; a link to a Creative Commons
deed anywhere in the caption gives the licence. Anything else is "credit needed".
"""

from dataclasses import dataclass


@dataclass
class Credit:
    title: str
    creator: str
    licence: str  # an SPDX id from articles.licences, or "" when unknown
    source_url: str
    year: int | None
    caption: str  # what of the caption is not the credit, as plain text
    needed: bool  # True when title, creator or licence could not be read


def parse_credit(caption_html: str, *, fallback_title: str = "") -> Credit:
    raise NotImplementedError
