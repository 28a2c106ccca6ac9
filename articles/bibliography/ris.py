"""RIS records (EndNote, Zotero, Mendeley, publishers' "export citation") read by rispy and
mapped onto CSL-JSON items."""

import re
from typing import Any

import rispy  # type: ignore[import-untyped]
from django.utils.translation import gettext as _

from articles.bibliography.foreign import Foreign, ReferenceImportError

TYPES = {
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "JOUR": "article-journal",
    "EJOUR": "article-journal",
    "JFULL": "article-journal",
    "RPRT": "report",
    "ELEC": "webpage",
    "WEB": "webpage",
    "BLOG": "webpage",
    "STAT": "legislation",
    "LEGAL": "legislation",
    "BILL": "legislation",
    "CASE": "legal_case",
    "THES": "thesis",
    "NEWS": "article-newspaper",
}
NEAREST = {
    "MGZN": "article-journal",
    "CONF": "chapter",
    "CPAPER": "chapter",
    "SER": "book",
    "GOVDOC": "report",
    "PAMP": "report",
    "UNPB": "report",
    "MANSCPT": "report",
    "INPR": "article-journal",
}
# rispy's key -> CSL variable; the first key present wins, the others are listed as unmapped.
NAMES = {
    "author": ("authors", "first_authors"),
    "editor": ("secondary_authors",),
    "collection-editor": ("tertiary_authors",),
    "translator": ("subsidiary_authors",),  # Zotero writes translators as A4
}
TEXT = {
    "title": ("title", "primary_title"),
    "container-title": (
        "secondary_title",
        "journal_name",
        "alternate_title3",
    ),
    "container-title-short": ("alternate_title2", "alternate_title1"),
    "collection-title": ("tertiary_title",),
    "title-short": ("short_title",),
    "volume": ("volume",),
    "publisher": ("publisher",),
    "publisher-place": ("place_published",),
    "DOI": ("doi",),
    "edition": ("edition",),
    "language": ("language",),
    "section": ("section",),
    "genre": ("type_of_work",),
}
# Read by hand below, or bookkeeping of the format itself.
CONSUMED = {
    "type_of_reference",
    "start_page",
    "end_page",
    "number",
    "year",
    "date",
    "publication_year",
    "access_date",
    "urls",
    "notes",
    "unknown_tag",
    "id",
}
_DATE = re.compile(r"(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2}))?)?")


def parse(text: str) -> list[Foreign]:
    try:
        records = rispy.loads(text)
    except Exception as error:  # rispy raises IOError and others on malformed files
        raise ReferenceImportError(
            _("The RIS file could not be read: %(error)s") % {"error": error}
        ) from error
    if not records:
        raise ReferenceImportError(_("No RIS records were found (they start with TY  -)."))
    lines = [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if re.match(r"\s*TY  -", line)
    ]
    labels = (
        [_("line %(line)s") % {"line": n} for n in lines]
        if len(lines) == len(records)
        else [_("record %(n)s") % {"n": n} for n in range(1, len(records) + 1)]
    )
    return [to_foreign(record, label) for record, label in zip(records, labels, strict=True)]


def to_foreign(record: dict[str, Any], label: str) -> Foreign:
    result = Foreign(label, {})
    item: dict[str, Any] = {"type": _type(str(record.get("type_of_reference", "")), result)}
    result.item = item
    used = set(CONSUMED)
    for variable, keys in NAMES.items():
        used.update(keys)
        names = [_name(n) for key in keys for n in record.get(key) or [] if _name(n)]
        if names:
            item[variable] = names
    for variable, keys in TEXT.items():
        used.update(keys)
        present = [key for key in keys if _text(record.get(key))]
        if present:
            item[variable] = _text(record[present[0]])
            result.unmapped += [_label(key) for key in present[1:]]
    if _text(record.get("number")):
        # A journal's IS is its issue; a report's or a law's, its number.
        item["issue" if item["type"] == "article-journal" else "number"] = _text(record["number"])
    start, end = _text(record.get("start_page")), _text(record.get("end_page"))
    if start:
        item["page"] = f"{start}-{end}" if end and end != start else start
    issued = _date(record.get("date")) or _date(record.get("year"))
    issued = issued or _date(record.get("publication_year"))
    if issued:
        item["issued"] = issued
    accessed = _date(record.get("access_date"))
    if accessed:
        item["accessed"] = accessed
    urls = [url for url in record.get("urls") or [] if _text(url)]
    if urls:
        item["URL"] = _text(urls[0])
        result.unmapped += [_label("urls")] * (len(urls) > 1)
    notes = [_text(note) for note in record.get("notes") or [] if _text(note)]
    if notes:
        item["note"] = "; ".join(notes)
    for tag, values in (record.get("unknown_tag") or {}).items():
        if tag == "BT" and values and "container-title" not in item:
            item["container-title"] = _text(values[0])  # older RIS: the book's title
        else:
            result.unmapped.append(tag)
    result.unmapped += [_label(key) for key in record if key not in used and record[key]]
    return result


def _type(code: str, result: Foreign) -> str:
    code = code.strip().upper()
    if code in TYPES:
        return TYPES[code]
    nearest = NEAREST.get(code, "report")
    result.warnings.append(
        _("Unknown type %(type)s mapped to %(mapped)s.") % {"type": code, "mapped": nearest}
    )
    return nearest


def _label(key: str) -> str:
    """How rispy names a tag, as the person importing reads it ("author address")."""
    return key.replace("_", " ")


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


def _name(value: Any) -> dict[str, str]:
    text = _text(value)
    if not text:
        return {}
    if "," not in text:
        return {"literal": text}  # RIS writes people "Family, Given": no comma, an organisation
    family, given = (part.strip() for part in text.split(",", 1))
    given = given.rstrip(",").strip()
    return {"family": family, "given": given} if given else {"family": family}


def _date(value: Any) -> dict | None:
    """RIS dates: YYYY, YYYY/MM/DD/other, or ISO; parts may be empty ("2016/12//")."""
    match = _DATE.search(_text(value))
    if not match:
        return None
    parts = [int(match.group(1))]
    for group in match.groups()[1:]:
        if not group or not 1 <= int(group) <= (12 if len(parts) == 1 else 31):
            break
        parts.append(int(group))
    return {"date-parts": [parts]}
