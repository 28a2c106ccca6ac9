"""BibTeX and biblatex entries read by bibtexparser and mapped onto CSL-JSON items.

bibtexparser splits the file, the names and the months and decodes LaTeX; this module only
says which BibTeX field is which CSL variable. Braces that protect capitals ({UN}) are
dropped from the text, but a name wholly in braces ({UNHCR}) stays one organisation's name.
"""

import re
from typing import Any

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.model import Block, Entry, ParsingFailedBlock
from django.utils.translation import gettext as _

from articles.bibliography.foreign import Foreign, ReferenceImportError

# BibTeX entry type -> the CSL type Colophon stores, for the types that map without a doubt.
TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "proceedings": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "techreport": "report",
    "report": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "legislation": "legislation",
    "legal": "legislation",
    "jurisdiction": "legal_case",
    "treaty": "treaty",
}
# Types read as the nearest stored type, with a warning that says so.
NEAREST = {
    "inproceedings": "chapter",
    "conference": "chapter",
    "manual": "report",
    "booklet": "report",
    "unpublished": "report",
    "misc": "report",
}
GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
# BibTeX field -> CSL variable, for plain text fields.
TEXT = {
    "title": "title",
    "booktitle": "container-title",
    "journal": "container-title",
    "journaltitle": "container-title",
    "volume": "volume",
    "issue": "issue",
    "edition": "edition",
    "series": "collection-title",
    "note": "note",
    "type": "genre",
    "url": "URL",
    "doi": "DOI",
    "address": "publisher-place",
    "location": "publisher-place",
    "shorttitle": "title-short",
    "shortjournal": "container-title-short",
    "language": "language",
    "langid": "language",
    "chapter": "section",
    "eventtitle": "event-title",
    "pagetotal": "number-of-pages",
    "medium": "medium",
    "authority": "authority",
    "court": "authority",
    "jurisdiction": "jurisdiction",
}
PUBLISHERS = ("publisher", "institution", "school", "organization")
NAMES = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "bookauthor": "container-author",
    "serieseditor": "collection-editor",
}
# Read together with another field, so never listed as left behind.
CONSUMED = {
    "year",
    "date",
    "month",
    "pages",
    "number",
    "urldate",
    "subtitle",
    "howpublished",
    "entrysubtype",
}
_URL_IN_TEXT = re.compile(r"https?://\S+")
# Verbatim in biblatex: "&" or "%" in an address is part of it, not LaTeX.
VERBATIM = {"url", "doi"}


class _LatexDecoding(middlewares.LatexDecodingMiddleware):
    """LaTeX decoded to text in every field but the verbatim ones."""

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        kept = {f.key: f.value for f in entry.fields if f.key.lower() in VERBATIM}
        decoded = super().transform_entry(entry, library)
        for item in getattr(decoded, "fields", []):
            if item.key in kept:
                item.value = kept[item.key]
        return decoded


def parse(text: str) -> list[Foreign]:
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            _LatexDecoding(keep_braced_groups=True),
            middlewares.MonthIntMiddleware(),
            middlewares.SeparateCoAuthors(name_fields=tuple(NAMES)),
            middlewares.SplitNameParts(name_fields=tuple(NAMES)),
        ],
    )
    entries: list[tuple[int, Foreign]] = [
        (entry.start_line or 0, to_foreign(entry)) for entry in library.entries
    ]
    for block in library.failed_blocks:
        entries.append((block.start_line or 0, _failed(block)))
    if not entries:
        raise ReferenceImportError(_("No BibTeX entries were found (they start with @)."))
    return [foreign for _line, foreign in sorted(entries, key=lambda pair: pair[0])]


def _failed(block: ParsingFailedBlock) -> Foreign:
    line = (block.start_line or 0) + 1
    first_line = (block.raw or "").strip().splitlines()[:1]
    shown = first_line[0][:80] if first_line else ""
    return Foreign(
        _("line %(line)s") % {"line": line},
        None,
        [
            _("This BibTeX entry (line %(line)s: %(text)s) could not be read: %(error)s")
            % {"line": line, "text": shown, "error": _error(block)}
        ],
    )


def _error(block: ParsingFailedBlock) -> str:
    error = getattr(block, "error", None)
    text = str(error or "").strip()
    if text:
        return text.splitlines()[0]
    # bibtexparser aborts a block, with no message of its own, when the next entry starts
    # before a value's brace or quote is closed.
    return _("a brace or quote is not closed before the next entry starts")


def to_foreign(entry: Entry) -> Foreign:
    kind = entry.entry_type.lower()
    fields = {field.key.lower(): field.value for field in entry.fields}
    result = Foreign(entry.key, {})
    item: dict[str, Any] = {"type": _type(kind, fields, result)}
    result.item = item
    for key, value in fields.items():
        if key in NAMES:
            names = [_name(parts) for parts in value if _name(parts)]
            if names:
                item[NAMES[key]] = names
        elif key in TEXT:
            item.setdefault(TEXT[key], _plain(value))
        elif key in PUBLISHERS:
            if "publisher" in item:
                result.unmapped.append(key)
            else:
                item["publisher"] = _plain(value)
        elif key not in CONSUMED:
            result.unmapped.append(key)
    if kind in GENRES and "genre" not in item:
        item["genre"] = GENRES[kind]
    if fields.get("subtitle") and item.get("title"):
        item["title"] = f"{item['title']}: {_plain(fields['subtitle'])}"
    if fields.get("number"):
        # A journal's number is its issue; a report's or a law's is its own number.
        item["issue" if kind == "article" else "number"] = _plain(fields["number"])
    if fields.get("pages"):
        item["page"] = re.sub(r"\s*[-\u2013\u2014]+\s*", "-", _plain(fields["pages"]))
    if "URL" not in item and fields.get("howpublished"):
        # Zotero writes a web page's address as howpublished = {\url{…}}.
        match = _URL_IN_TEXT.search(_plain(fields["howpublished"]))
        if match:
            item["URL"] = match.group(0)
        else:
            result.unmapped.append("howpublished")
    issued = _date(fields.get("date") or fields.get("year"), fields.get("month"))
    if issued:
        item["issued"] = issued
    if fields.get("urldate"):
        item["accessed"] = _date(fields["urldate"], None) or fields["urldate"]
    return result


def _type(kind: str, fields: dict, result: Foreign) -> str:
    if kind == "article" and str(fields.get("entrysubtype", "")).strip() == "newspaper":
        return "article-newspaper"  # biblatex's way of saying so
    if kind in TYPES:
        return TYPES[kind]
    nearest = NEAREST.get(kind, "report")
    if kind == "misc" and (
        fields.get("url") or _URL_IN_TEXT.search(_plain(fields.get("howpublished", "")))
    ):
        nearest = "webpage"  # what Zotero and biblatex users mean by @misc with an address
    result.warnings.append(
        _("Unknown type @%(type)s mapped to %(mapped)s.") % {"type": kind, "mapped": nearest}
    )
    return nearest


def _plain(value: Any) -> str:
    """Decoded text without the braces that only protect capitals from restyling."""
    text = str(value).replace("{", "").replace("}", "")
    return " ".join(text.split())


def _name(parts: Any) -> dict[str, str]:
    if not isinstance(parts, middlewares.NameParts):
        return {"literal": _plain(parts)} if _plain(parts) else {}
    last = " ".join(parts.last)
    if not parts.first and not parts.von and not parts.jr and _braced(last):
        return {"literal": _plain(last)}  # {UNHCR}: an organisation, never split
    name = {}
    if parts.last:
        name["family"] = _plain(last)
    if parts.first:
        name["given"] = _plain(" ".join(parts.first))
    if parts.von:
        name["non-dropping-particle"] = _plain(" ".join(parts.von))
    if parts.jr:
        name["suffix"] = _plain(" ".join(parts.jr))
    return name if "family" in name else ({"literal": name["given"]} if name else {})


def _braced(text: str) -> bool:
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for position, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and position < len(text) - 1:
            return False  # {A} and {B}: two groups, not one wrapped name
    return True


def _date(value: Any, month: Any) -> dict | None:
    if value is None:
        return None
    match = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", _plain(value))
    if not match:
        return {"raw": _plain(value)}  # normalise_csl says it could not read it
    parts = [int(part) for part in match.groups() if part]
    if len(parts) == 1 and isinstance(month, int) and 1 <= month <= 12:
        parts.append(month)
    return {"date-parts": [parts]}
