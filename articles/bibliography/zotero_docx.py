"""Citations that Zotero's (and Mendeley's) Word plugin keeps in a .docx, read out as
Colophon's citations and bibliography entries.

The plugin writes each citation as a Word field whose instruction holds the cited works as
CSL-JSON (`ADDIN ZOTERO_ITEM CSL_CITATION {…}`; Mendeley writes `ADDIN CSL_CITATION {…}`)
and whose displayed result is the text the style printed, and the bibliography as one more
field (`ADDIN ZOTERO_BIBL {…} CSL_BIBLIOGRAPHY`). The document converter only ever sees the
displayed text, so before it runs, `read_fields` puts a token where each citation was and
drops the bibliography (Colophon prints its own); after it, `place_citations` turns each
token into `<cite data-ref>` atoms. Pure: a zip in, rewritten parts and works out.
"""

import io
import json
import re
import secrets
import zipfile
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from lxml import etree

from articles.bibliography.csl_input import normalise_csl
from articles.bibliography.foreign import without_lone_surrogates
from colophon.lib.canonical import CITATION_TEXT_MAX, LOCATOR_LABELS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
# A piece of 3,000 words cites a few hundred times at most; a field's JSON holds each cited
# work's full record (abstracts included), some kilobytes each.
MAX_CITATIONS = 2_000
MAX_FIELD_CHARS = 500_000
# Zotero's locator labels (CSL 1.0 locators) that Colophon's citations name; a "note" is a
# footnote of the cited work. Every other label is read as a page, with a warning.
LABELS = {label: label for label in LOCATOR_LABELS} | {"note": "footnote"}
_CITATION = re.compile(r"^\s*ADDIN\s+(ZOTERO_ITEM|CSL_CITATION)\b")
_BIBLIOGRAPHY = re.compile(r"^\s*ADDIN\s+(ZOTERO_BIBL\b|.*CSL_BIBLIOGRAPHY)", re.DOTALL)
_TAG = re.compile(r"<[^>]{0,200}>")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Cited:
    """One work cited at one place, with its pinpoint."""

    key: str
    label: str = ""
    locator: str = ""
    prefix: str = ""
    suffix: str = ""

    def html(self) -> str:
        attributes = [("data-ref", self.key)]
        if self.locator:
            attributes += [("data-label", self.label), ("data-locator", self.locator)]
        attributes += [
            (n, v) for n, v in (("data-prefix", self.prefix), ("data-suffix", self.suffix))
        ]
        written = "".join(f' {name}="{escape(value)}"' for name, value in attributes if value)
        return f"<cite{written}></cite>"


@dataclass
class Work:
    """A cited work as the entry Colophon stores, under the key the document's citations use
    (provisional: the piece's own references may already hold it under another)."""

    key: str
    item: dict
    uri: str = ""
    warnings: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


@dataclass
class Fields:
    """What `read_fields` found: the rewritten parts, and the citation behind each token."""

    parts: dict[str, bytes] = field(default_factory=dict)
    citations: list[list[Cited]] = field(default_factory=list)
    works: list[Work] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tool: str = "Zotero"
    token: str = field(default_factory=lambda: f"zotero-cite-{secrets.token_hex(6)}")

    def placeholder(self, number: int) -> str:
        # Brackets no document uses, and a random word a contributor cannot type ahead.
        return f"\u27e6{self.token}:{number}\u27e7"


@dataclass
class Imported:
    """The citations that made it into the text, and the works they cite."""

    citations: int
    works: list[Work]
    warnings: list[str]
    tool: str

    @property
    def unmapped(self) -> list[str]:
        return sorted({name for work in self.works for name in work.unmapped})


def read_fields(archive: zipfile.ZipFile) -> Fields:
    """Each citation field of the body, footnotes and endnotes replaced by a token, and the
    bibliography field removed; `parts` holds only the parts that changed."""
    found = Fields()
    reader = _Reader(found)
    names = set(archive.namelist())
    for name in PARTS:
        if name not in names:
            continue
        data = archive.read(name)
        if b"ADDIN" not in data and b"ZOTERO_BREF_" not in data:
            continue  # most documents: left exactly as they came, and not parsed twice
        root = etree.fromstring(data, _PARSER)
        if reader.rewrite(root):
            found.parts[name] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
    if reader.bookmarks:
        found.warnings.append(
            _(
                "%(count)s citations were stored by Zotero as bookmarks, which cannot be "
                "read; their text is kept as it was. To import them, choose Fields in "
                "Zotero's Document Preferences and save the document again."
            )
            % {"count": reader.bookmarks}
        )
    if reader.over_limit:
        found.warnings.append(
            _("Only the first %(limit)s citations were imported; the rest are kept as text.")
            % {"limit": MAX_CITATIONS}
        )
    if reader.no_author:
        found.warnings.append(
            _(
                "%(count)s citations asked to leave out the author's name; Colophon's "
                "citation style prints them in full."
            )
            % {"count": reader.no_author}
        )
    return found


def rewritten_docx(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The .docx `data` with `parts` in place of its own."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, parts.get(info.filename) or source.read(info))
    return out.getvalue()


def place_citations(html: str, fields: Fields) -> tuple[str, Imported]:
    """The converter's HTML with each token turned into its citations' `<cite>` atoms."""
    placed: list[list[Cited]] = []

    def cites(match: re.Match) -> str:
        number = int(match[1])
        if number >= len(fields.citations):
            return ""
        placed.append(fields.citations[number])
        return "".join(cited.html() for cited in fields.citations[number])

    pattern = re.compile(re.escape(fields.placeholder(0)).replace(":0", r":(\d+)"))
    html = pattern.sub(cites, html)
    keys = {cited.key for citation in placed for cited in citation}
    works = [work for work in fields.works if work.key in keys]
    count = sum(len(citation) for citation in placed)
    return html, Imported(count, works, list(fields.warnings), fields.tool)


def unique_key(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted` with a letter or number after it, not in `taken`."""
    if wanted not in taken:
        return wanted
    for letter in "bcdefghijklmnopqrstuvwxyz":
        if f"{wanted}{letter}" not in taken:
            return f"{wanted}{letter}"
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"


def key_for(item: dict) -> str:
    """A readable key, "varga-2019", from the first author (or title) and the year."""
    names = item.get("author") or item.get("editor") or []
    first = names[0] if names else {}
    word = first.get("family") or first.get("literal") or item.get("title", "")
    base = slugify(str(word))[:20].strip("-") or "ref"
    year = ((item.get("issued") or {}).get("date-parts") or [[None]])[0]
    return f"{base}-{year[0]}" if year and year[0] else base


class _Reader:
    """Walks one part's fields, in document order, rewriting the citation fields."""

    def __init__(self, found: Fields) -> None:
        self.found = found
        self.by_identity: dict[str, Work] = {}
        self.count = 0
        self.bookmarks = 0
        self.over_limit = False
        self.no_author = 0

    def rewrite(self, root: etree._Element) -> bool:
        changed = False
        self.bookmarks += sum(
            1
            for mark in root.iter(f"{W}bookmarkStart")
            if (mark.get(f"{W}name") or "").startswith("ZOTERO_BREF_")
        )
        for simple in list(root.iter(f"{W}fldSimple")):
            changed |= self.simple_field(simple)
        runs = list(root.iter(f"{W}r"))
        done = -1  # fields inside a field already rewritten are gone with it
        for begin, separate, end, instruction in _complex_fields(runs):
            if begin <= done:
                continue
            result = runs[separate + 1 : end] if separate is not None else []
            outcome = self.field(instruction, _text(result))
            if outcome is None:
                continue
            changed = True
            done = end
            code = runs[begin : (separate if separate is not None else end) + 1]
            if isinstance(outcome, etree._Element):  # a citation: its token stands for it
                runs[begin].addprevious(outcome)
                _remove([*code, *result, runs[end]])
            elif outcome == "keep":  # damaged: the displayed text stays as text
                _remove([*code, runs[end]])
            else:
                _remove([*code, *result, runs[end]])
        return changed

    def simple_field(self, simple: etree._Element) -> bool:
        outcome = self.field(simple.get(f"{W}instr") or "", _text(simple.iter(f"{W}r")))
        if outcome is None:
            return False
        if isinstance(outcome, etree._Element):
            simple.addprevious(outcome)
        elif outcome == "keep":
            for child in list(simple):
                simple.addprevious(child)
        _remove([simple])
        return True

    def field(self, instruction: str, shown: str) -> etree._Element | str | None:
        """A token run for a citation, "keep" for a field whose text stays, "drop" for the
        bibliography, None for a field that is not the plugin's."""
        if _BIBLIOGRAPHY.match(instruction):
            return "drop"
        match = _CITATION.match(instruction)
        if not match:
            return None
        if match[1] == "CSL_CITATION":
            self.found.tool = "Mendeley"
        if self.over_limit:
            return "keep"
        citation = self.citation(instruction, shown)
        if citation is None:
            return "keep"
        if self.count + len(citation) > MAX_CITATIONS:
            self.over_limit = True
            return "keep"
        self.count += len(citation)
        self.found.citations.append(citation)
        return _token_run(self.found.placeholder(len(self.found.citations) - 1))

    def citation(self, instruction: str, shown: str) -> list[Cited] | None:
        def damaged(why: str) -> list[Cited] | None:
            self.found.warnings.append(
                _("A citation could not be read (%(why)s); its text “%(text)s” is kept as it was.")
                % {"why": why, "text": shown.strip()[:100]}
            )
            return None

        if len(instruction) > MAX_FIELD_CHARS:
            return damaged(_("it is too large"))
        start = instruction.find("{")
        try:
            data = json.JSONDecoder().raw_decode(instruction, start)[0] if start >= 0 else None
            data = without_lone_surrogates(data)
        except (ValueError, RecursionError):  # RecursionError: nested too deep
            data = None
        items = data.get("citationItems") if isinstance(data, dict) else None
        if not isinstance(items, list) or not items:
            return damaged(_("its field code is not valid JSON"))
        citation = []
        for entry in items:
            work = self.work(entry.get("itemData") if isinstance(entry, dict) else None, entry)
            if work is None:
                return damaged(_("a cited work has no usable record"))
            citation.append(self.cited(work.key, entry))
        return citation

    def work(self, data: Any, entry: Any) -> Work | None:
        normalised = normalise_csl(data)
        if normalised.item is None:
            return None
        uris = entry.get("uris") or entry.get("uri") or []
        uri = str(uris[0] if isinstance(uris, list) and uris else uris or "")
        identity = uri or json.dumps(normalised.item, sort_keys=True)
        if identity in self.by_identity:
            return self.by_identity[identity]
        taken = {work.key for work in self.found.works}
        key = unique_key(key_for(normalised.item), taken)
        work = Work(key, normalised.item, uri, normalised.warnings, normalised.unmapped)
        self.by_identity[identity] = work
        self.found.works.append(work)
        return work

    def cited(self, key: str, entry: dict) -> Cited:
        if entry.get("suppress-author") or entry.get("author-only"):
            self.no_author += 1
        locator = _plain(entry.get("locator"))
        label = str(entry.get("label") or "page")
        if locator and label not in LABELS:
            self.found.warnings.append(
                _("The locator “%(label)s %(locator)s” is cited as a page.")
                % {"label": label, "locator": locator}
            )
        return Cited(
            key,
            LABELS.get(label, "page") if locator else "",
            locator,
            _plain(entry.get("prefix")),
            _plain(entry.get("suffix")),
        )


def _complex_fields(runs: list) -> list[tuple[int, int | None, int, str]]:
    """(begin, separate, end, instruction) of each complex field, as run indexes, in the
    order the fields begin; a field may span runs and paragraphs, and hold other fields."""
    fields = []
    open_fields: list[list] = []  # [begin, separate, instruction pieces]
    for index, run in enumerate(runs):
        for child in run:
            if child.tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    open_fields.append([index, None, []])
                elif kind == "separate" and open_fields:
                    open_fields[-1][1] = index
                elif kind == "end" and open_fields:
                    begin, separate, pieces = open_fields.pop()
                    fields.append((begin, separate, index, "".join(pieces)))
            elif child.tag == f"{W}instrText" and open_fields and open_fields[-1][1] is None:
                open_fields[-1][2].append(child.text or "")
    return sorted(fields)


def _token_run(text: str) -> etree._Element:
    run = etree.Element(f"{W}r")
    etree.SubElement(run, f"{W}t").text = text
    return run


def _text(runs) -> str:
    return "".join(t.text or "" for run in runs for t in run.iter(f"{W}t"))


def _remove(elements: list) -> None:
    for element in elements:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def _plain(value: Any) -> str:
    # Zotero keeps rich text (<i>, <b>) in prefixes and suffixes.
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return ""
    return " ".join(_TAG.sub("", str(value)).split())[:CITATION_TEXT_MAX]
