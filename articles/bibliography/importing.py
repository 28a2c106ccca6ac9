"""References pasted or uploaded as BibTeX, RIS, CSL-JSON or a list of DOIs, read into
candidates for a preview: each says what it became, what was changed on the way, what was
left out, and whether the piece already has it.

Nothing here writes: `add_references` stores the candidates an editor or author picked.
"""

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from articles.bibliography import bibtex, doi_lookup, ris
from articles.bibliography.csl_input import normalise_csl
from articles.bibliography.foreign import (
    Foreign,
    ReferenceImportError,
    without_lone_surrogates,
)
from articles.models import Article, Reference

MAX_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 500
MAX_DOIS = 50
# As the reference form's DOI field; a longer one is no DOI, only a long request to Crossref.
MAX_DOI_CHARS = 300
FORMATS = ("bibtex", "ris", "json", "doi")
EXTENSIONS = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".json": "json"}
# Where entries start, counted before parsing: reading 2 MB of tiny entries takes the
# parsers many seconds (and bibtexparser logs each broken one) only to refuse them after.
_STARTS = {
    "bibtex": re.compile(r"@\s*(?!(?:string|comment|preamble)\b)[A-Za-z]+\s*[{(]", re.I),
    "ris": re.compile(r"^[ \t\r]*TY  -", re.M),
}
_DOI_LINE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", re.I)

__all__ = ["Candidate", "ReferenceImportError", "add_references", "read_references"]


@dataclass
class Candidate:
    """One entry of an import. `item` is a stored-ready CSL item, or None; then `text`, when
    there is one, is kept as a free-text entry (a DOI Crossref could not describe)."""

    source: str
    item: dict | None
    warnings: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    text: str = ""
    duplicate_of: str = ""

    @property
    def addable(self) -> bool:
        return self.item is not None or bool(self.text)


def read_references(
    text: str, filename: str = "", existing: Iterable[Reference] = ()
) -> list[Candidate]:
    """The entries in `text` (BibTeX, RIS, CSL-JSON or DOIs, told by the file's extension or
    else by what it holds), with duplicates of `existing` and of each other flagged.

    ReferenceImportError names the problem when the input as a whole cannot be read."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ReferenceImportError(
            _("The file is larger than %(mb)s MB; import it in parts.") % {"mb": 2}
        )
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ReferenceImportError(_("There is nothing to import: the text is empty."))
    kind = detect_format(text, filename)
    if kind in _STARTS:
        _check_count(sum(1 for _start in _STARTS[kind].finditer(text)))
    foreign = {"bibtex": bibtex.parse, "ris": ris.parse, "json": _csl_json, "doi": _dois}[kind](
        text
    )
    _check_count(len(foreign))
    candidates = [_candidate(entry) for entry in foreign]
    _flag_duplicates(candidates, existing)
    return candidates


def _check_count(count: int) -> None:
    if count > MAX_ENTRIES:
        raise ReferenceImportError(
            _("This holds %(count)s entries; import at most %(max)s at a time.")
            % {"count": count, "max": MAX_ENTRIES}
        )


def detect_format(text: str, filename: str = "") -> str:
    extension = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    stripped = text.strip()
    if stripped[:1] in "[{":
        return "json"
    # [ \t\r]*, not \s*: with re.M, \s* would run from every line start across all the
    # blank lines below it, quadratic in them (hours for 2 MB of newlines).
    if re.search(r"^[ \t\r]*TY  -", text, re.M):
        return "ris"
    if re.search(r"^[ \t\r]*@\s*[A-Za-z]+\s*[{(]", text, re.M):
        return "bibtex"
    lines = [line.strip() for line in stripped.splitlines() if line.strip()]
    if lines and all(_DOI_LINE.match(line) for line in lines):
        return "doi"
    raise ReferenceImportError(
        _(
            "This does not look like BibTeX (entries starting with @), RIS (records starting "
            "with TY  -), CSL-JSON, or a list of DOIs, one per line."
        )
    )


def _csl_json(text: str) -> list[Foreign]:
    try:
        data = without_lone_surrogates(json.loads(text))
    except (ValueError, RecursionError) as error:  # RecursionError: arrays nested too deep
        raise ReferenceImportError(
            _("The CSL-JSON could not be read: %(error)s") % {"error": error}
        ) from error
    items = data if isinstance(data, list) else [data]
    return [
        Foreign(
            str(item.get("id") or "") if isinstance(item, dict) and item.get("id") else
            _("entry %(n)s") % {"n": n},
            item if isinstance(item, dict) else None,
            [] if isinstance(item, dict) else [_("This entry is not a CSL-JSON object.")],
        )
        for n, item in enumerate(items, start=1)
    ]  # fmt: skip


def _dois(text: str) -> list[Foreign]:
    dois = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _DOI_LINE.match(line.strip())
        if match:
            doi = match.group(1).rstrip(".,;")
            if len(doi) > MAX_DOI_CHARS:
                raise ReferenceImportError(
                    _("The DOI on line %(line)s is longer than %(max)s characters.")
                    % {"line": number, "max": MAX_DOI_CHARS}
                )
            dois.append(doi)
    if len(dois) > MAX_DOIS:
        raise ReferenceImportError(
            _("This lists %(count)s DOIs; look up at most %(max)s at a time.")
            % {"count": len(dois), "max": MAX_DOIS}
        )
    entries = []
    for doi in dois:
        found = doi_lookup.lookup(doi)
        entry = Foreign(doi, found.item, unmapped=list(found.unmapped))
        if found.item is None:
            entry.warnings.append(found.warning)
            entry.text = f"https://doi.org/{doi}"
        entries.append(entry)
    return entries


def _candidate(entry: Foreign) -> Candidate:
    candidate = Candidate(entry.source, None, list(entry.warnings), list(entry.unmapped))
    candidate.text = entry.text
    if entry.item is None:
        return candidate
    normalised = normalise_csl(entry.item)
    candidate.item = normalised.item
    candidate.warnings += [w for w in normalised.warnings if w not in candidate.warnings]
    candidate.unmapped = sorted(set(candidate.unmapped) | set(normalised.unmapped))
    return candidate


def _title_key(item: dict | None) -> tuple[str, int | None] | None:
    if not item or not item.get("title"):
        return None
    title = unicodedata.normalize("NFKD", str(item["title"])).casefold()
    title = "".join(c for c in title if c.isalnum() or c.isspace())
    parts = (item.get("issued") or {}).get("date-parts") or [[None]]
    return " ".join(title.split()), (parts[0] or [None])[0]


def _doi_key(item: dict | None) -> str:
    return str((item or {}).get("DOI", "")).strip().lower()


def _flag_duplicates(candidates: list[Candidate], existing: Iterable[Reference]) -> None:
    seen_dois: dict[str, str] = {}
    seen_titles: dict[tuple, str] = {}
    for reference in existing:
        label = _("“%(entry)s”, already in this piece") % {"entry": str(reference)}
        if _doi_key(reference.csl):
            seen_dois.setdefault(_doi_key(reference.csl), label)
        if _title_key(reference.csl):
            seen_titles.setdefault(_title_key(reference.csl), label)  # type: ignore[arg-type]
        if reference.text:
            seen_dois.setdefault(reference.text.rsplit("doi.org/", 1)[-1].lower(), label)
    for candidate in candidates:
        doi = _doi_key(candidate.item) or (
            candidate.text.rsplit("doi.org/", 1)[-1].lower() if candidate.text else ""
        )
        title = _title_key(candidate.item)
        candidate.duplicate_of = seen_dois.get(doi, "") if doi else ""
        if not candidate.duplicate_of and title:
            candidate.duplicate_of = seen_titles.get(title, "")
        label = _("entry %(source)s above") % {"source": candidate.source}
        if doi:
            seen_dois.setdefault(doi, label)
        if title:
            seen_titles.setdefault(title, label)


def add_references(article: Article, candidates: Iterable[Candidate]) -> list[Reference]:
    """Store the candidates after the piece's entries, with new keys, all or none."""
    with transaction.atomic():
        # Lock the piece: two imports at once must not hand out the same positions.
        Article.objects.select_for_update().filter(pk=article.pk).first()
        last = article.references.aggregate(last=Max("position"))["last"]
        position = -1 if last is None else last
        stored = []
        for candidate in candidates:
            if not candidate.addable:
                continue
            position += 1
            reference = Reference(
                article=article,
                position=position,
                csl=candidate.item,
                text="" if candidate.item is not None else candidate.text,
            )
            reference.full_clean(exclude=["article", "key"])
            reference.save()
            stored.append(reference)
    return stored
