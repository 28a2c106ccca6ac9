"""The kinds of work a bibliography entry can be, and which form fields each one uses.

The form shows every field without JavaScript; static/js/references.js reads TYPE_FIELDS
and TYPE_LABELS (through ReferenceForm.type_config) to show only a type's fields, under
that type's names for them.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from articles.bibliography import names

FREE_TEXT = "text"
FALLBACK_STYLE = "oscola"
# Fields of a posted form that say where the entry goes, not what it is: not previewed.
_PLACEMENT = ("key", "position", "further_reading", "DELETE", "id", "article")
TYPES = [
    ("book", _("book")),
    ("chapter", _("chapter in a book")),
    ("article-journal", _("journal article")),
    ("article-newspaper", _("newspaper article")),
    ("report", _("report")),
    ("webpage", _("web page")),
    ("thesis", _("thesis")),
    ("legislation", _("legislation")),
    ("treaty", _("treaty")),
    ("legal_case", _("case")),
    (FREE_TEXT, _("free text")),
]
# Form field -> CSL variable, for the plain text variables.
TEXT_KEYS = {
    "title": "title",
    "title_short": "title-short",
    "container_title": "container-title",
    "container_title_short": "container-title-short",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "edition": "edition",
    "number": "number",
    "authority": "authority",
    "genre": "genre",
    "publisher": "publisher",
    "place": "publisher-place",
    "url": "URL",
    "doi": "DOI",
}
# Form field -> CSL variable, for the dates typed as text (2021, 2021-06, 2021-06-03).
DATE_KEYS = {"issued": "issued", "event_date": "event-date"}
HANDLED_KEYS = {"type", *TEXT_KEYS.values(), *DATE_KEYS.values(), "accessed", *names.ROLE_KEYS}
_ALWAYS = ["title", "title_short", "issued", "url", "accessed"]
# Which fields each type shows (with JavaScript) and what they are called there.
TYPE_FIELDS: dict[str, list[str]] = {
    "book": [*_ALWAYS, "volume", "edition", "publisher", "place", "doi"],
    "chapter": [*_ALWAYS, "container_title", "volume", "edition", "page", "publisher", "place",
                "doi"],
    "article-journal": [*_ALWAYS, "container_title", "container_title_short", "volume", "issue",
                        "page", "doi"],
    "article-newspaper": [*_ALWAYS, "container_title", "place", "page"],
    "report": [*_ALWAYS, "number", "publisher", "place", "doi"],
    "webpage": [*_ALWAYS, "container_title"],
    "thesis": [*_ALWAYS, "genre", "publisher", "place", "doi"],
    "legislation": [*_ALWAYS, "container_title", "number", "volume", "page"],
    "treaty": [*_ALWAYS, "event_date", "container_title", "container_title_short", "volume",
               "page"],
    "legal_case": [*_ALWAYS, "authority", "container_title", "container_title_short", "volume",
                   "page", "number"],
    FREE_TEXT: [],
}  # fmt: skip
TYPE_LABELS: dict[str, dict[str, Any]] = {
    "chapter": {"container_title": _("Book title")},
    "article-journal": {
        "container_title": _("Journal"),
        "container_title_short": _("Journal abbreviation"),
    },
    "article-newspaper": {"container_title": _("Newspaper")},
    "webpage": {"container_title": _("Website")},
    "legal_case": {
        "container_title": _("Law report"),
        "container_title_short": _("Law report abbreviation"),
        "number": _("Case number"),
    },
    "treaty": {
        "issued": _("Adopted"),
        "container_title": _("Treaty series"),
        "container_title_short": _("Series abbreviation"),
    },
    "report": {"publisher": _("Institution"), "number": _("Report number")},
    "thesis": {"publisher": _("University")},
}
