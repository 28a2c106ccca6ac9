"""CSL-JSON from elsewhere (Zotero, Crossref, a citeproc-js user) made into an entry Colophon
stores, with a warning for everything that changed on the way.

Other tools write the full CSL vocabulary: forty-odd types, a hundred variables, dates as
strings, HTML in titles, DOIs as URLs. Colophon keeps the types and variables its citation
styles print (articles.citations), so an import says which types it mapped and which fields
it left behind, and never drops one silently.
"""

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from articles.citations import (
    ALLOWED_KEYS,
    DATE_FIELDS,
    NAME_FIELDS,
    TEXT_FIELDS,
    TYPES,
    validate_csl_item,
)

# The nearest type Colophon prints, for each CSL 1.0.2 type it does not.
TYPE_MAP = {
    "article": "article-journal",
    "article-magazine": "article-journal",
    "review": "article-journal",
    "review-book": "article-journal",
    "paper-conference": "chapter",
    "entry": "chapter",
    "entry-dictionary": "chapter",
    "entry-encyclopedia": "chapter",
    "bill": "legislation",
    "regulation": "legislation",
    "standard": "report",
    "manuscript": "report",
    "dataset": "report",
    "document": "report",
    "pamphlet": "report",
    "speech": "report",
    "interview": "report",
    "personal_communication": "report",
    "post": "webpage",
    "post-weblog": "webpage",
    "software": "webpage",
    "periodical": "book",
    "classic": "book",
    "collection": "book",
    "hearing": "legislation",
}
FALLBACK_TYPE = "report"
# Variables kept under another name: CSL-M and older Zotero exports write these.
RENAMED = {"shortTitle": "title-short", "journalAbbreviation": "container-title-short"}
_TAG = re.compile(r"<[^>]{0,200}>")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_YEAR = re.compile(r"\b(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\b")
_NAME_PARTS = {
    "family",
    "given",
    "literal",
    "suffix",
    "dropping-particle",
    "non-dropping-particle",
}


# Bounds on what an import stores, a little above what the reference form lets an editor
# type (500 for most fields, 200 for a name part, 100 names): every page, PDF and picker
# formats the entry again.
MAX_TEXT_CHARS = 2000
MAX_NAME_CHARS = 300
MAX_NAMES = 100


@dataclass
class Normalised:
    """An entry ready to store (or None when nothing usable was left), and what changed."""

    item: dict | None
    warnings: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


def normalise_csl(item: Any) -> Normalised:
    """Map a foreign CSL-JSON item onto the entries Colophon stores.

    The result's item passes articles.citations.validate_csl_item, or is None with a
    warning that says why (no title, not an object).
    """
    if not isinstance(item, dict):
        return Normalised(None, [_("This entry is not a CSL-JSON object.")])
    out: dict[str, Any] = {}
    result = Normalised(out)
    for raw_key, value in item.items():
        key = RENAMED.get(raw_key, raw_key)
        if key in ("type", "id"):
            continue
        if key not in ALLOWED_KEYS:
            if value not in (None, "", [], {}):
                result.unmapped.append(str(raw_key))
            continue
        if key in NAME_FIELDS:
            names = _names(value)
            if names:
                out[key] = names
        elif key in DATE_FIELDS:
            date = _date(value)
            if date:
                out[key] = date
            elif value:
                result.warnings.append(
                    _("The date in %(field)s could not be read.") % {"field": key}
                )
        elif key in TEXT_FIELDS:
            text = _text(value)
            if text:
                out[key] = text
    out["type"] = _type(item.get("type"), result)
    if "DOI" in out:
        out["DOI"] = _DOI_PREFIX.sub("", out["DOI"]).strip()
    if "URL" in out and not out["URL"].lower().startswith(("https://", "http://")):
        result.warnings.append(
            _("The URL %(url)s is not a web address and was left out.") % {"url": out.pop("URL")}
        )
    if not out.get("title"):
        result.item = None
        result.warnings.append(_("This entry has no title."))
        return result
    if "issued" not in out:
        result.warnings.append(_("No year."))
    result.unmapped.sort()
    too_large = _too_large(out)
    if too_large:
        result.item = None
        result.warnings.append(too_large)
        return result
    try:
        validate_csl_item(out)
    except ValidationError as error:
        result.item = None
        result.warnings.extend(error.messages)
    return result


def _too_large(item: dict[str, Any]) -> str:
    """Why the entry is too large to keep, naming the field, or ""."""
    for key, value in item.items():
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            return _("The field %(field)s is longer than %(max)s characters.") % {
                "field": key,
                "max": MAX_TEXT_CHARS,
            }
        if key in NAME_FIELDS and isinstance(value, list):
            if len(value) > MAX_NAMES:
                return _("The field %(field)s lists more than %(max)s names.") % {
                    "field": key,
                    "max": MAX_NAMES,
                }
            if any(len(part) > MAX_NAME_CHARS for name in value for part in name.values()):
                return _("A name in the field %(field)s is longer than %(max)s characters.") % {
                    "field": key,
                    "max": MAX_NAME_CHARS,
                }
    return ""


def _type(value: Any, result: Normalised) -> str:
    kind = str(value or "").strip()
    if kind in TYPES:
        return kind
    mapped = TYPE_MAP.get(kind, FALLBACK_TYPE)
    if kind:
        result.warnings.append(
            _("Unknown type %(type)s mapped to %(mapped)s.") % {"type": kind, "mapped": mapped}
        )
    else:
        result.warnings.append(_("No type; read as %(mapped)s.") % {"mapped": mapped})
    return mapped


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):  # Crossref writes titles as lists of one
        value = value[0] if value else ""
    if not isinstance(value, str):
        return ""
    # Zotero and Crossref keep rich text as HTML (<i>, <sup>, <span class="nocase">).
    text = unescape(_TAG.sub("", value.replace("\x00", "")))
    return " ".join(text.split())


def _names(value: Any) -> list[dict[str, str]]:
    names = []
    for name in value if isinstance(value, list) else []:
        if not isinstance(name, dict):
            continue
        parts = {k: _text(v) for k, v in name.items() if k in _NAME_PARTS and _text(v)}
        if "family" not in parts and "literal" not in parts and parts.get("given"):
            parts = {"literal": parts["given"]}
        if "literal" in parts and "family" in parts:
            parts.pop("literal")
        if "family" in parts or "literal" in parts:
            names.append(parts)
    return names


def _date(value: Any) -> dict | None:
    """CSL dates as date-parts of whole numbers, from the shapes tools write."""
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = []
        for number in parts[0][:3]:
            try:
                numbers.append(int(str(number).strip()))
            except ValueError:
                break
        return _checked(numbers)
    for raw in (value.get("raw"), value.get("literal")):
        match = _YEAR.search(str(raw or ""))
        if match:
            return _checked([int(p) for p in match.groups() if p])
    return None


def _checked(numbers: list[int]) -> dict | None:
    if not numbers or not 0 < numbers[0] < 3000:
        return None
    if len(numbers) > 1 and not 1 <= numbers[1] <= 12:
        numbers = numbers[:1]
    if len(numbers) > 2 and not 1 <= numbers[2] <= 31:
        numbers = numbers[:2]
    return {"date-parts": [numbers]}
