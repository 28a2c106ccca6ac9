"""The works a .docx's reference-manager citations cite, added to the submission's
references, and what the contributor is told about them.

A work the piece already has (the same DOI, or the same title and year) is not added again:
its citations take that reference's key, so importing one document twice, or a revised
draft, leaves one entry per work. Called inside the step's transaction (portal/submissions.py).
"""

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.bibliography.zotero_docx import Imported, unique_key
from articles.models import Article, Reference

# Stored bodies are canonical (colophon.lib.canonical): every citation opens this way.
_CITE = re.compile(r'<cite data-ref="([a-z0-9][a-z0-9-]{0,31})"')
# Messages list this many warnings, then say how many more there are.
SHOWN_WARNINGS = 10


@dataclass
class Added:
    body: str
    created: int
    reused: int


def add_references(article: Article, body: str, imported: Imported) -> Added:
    """`body` citing the piece's references: each imported work matched to one the piece
    has, or added after them under a key no other entry of the piece holds."""
    existing = list(article.references.all())
    taken = {reference.key for reference in existing}
    position = max((reference.position for reference in existing), default=-1) + 1
    keys: dict[str, str] = {}
    created = reused = 0
    for work in imported.works:
        match = next((ref for ref in existing if _same_work(ref.csl, work.item)), None)
        if match is not None:
            keys[work.key] = match.key
            reused += 1
            continue
        key = unique_key(work.key, taken)
        taken.add(key)
        existing.append(
            Reference.objects.create(article=article, position=position, csl=work.item, key=key)
        )
        position += 1
        created += 1
        keys[work.key] = key
    body = _CITE.sub(lambda m: f'<cite data-ref="{keys.get(m[1], m[1])}"', body)
    return Added(body, created, reused)


def messages_for(imported: Imported) -> tuple[str, list[str]]:
    """What the contributor reads after the save: a summary ("" when no citation was
    imported, only warnings), and the warnings."""
    citations = ngettext("%(count)s citation", "%(count)s citations", imported.citations) % {
        "count": imported.citations
    }
    works = ngettext("%(count)s work", "%(count)s works", len(imported.works)) % {
        "count": len(imported.works)
    }
    summary = _(
        "Imported %(citations)s of %(works)s from %(tool)s; check the References step."
    ) % {"citations": citations, "works": works, "tool": imported.tool}
    if not imported.citations:
        summary = ""
    warnings = list(imported.warnings)
    for work in imported.works:
        warnings += [f"{work.item.get('title', '')}: {warning}" for warning in work.warnings]
    if imported.unmapped:
        warnings.append(
            _("Fields Colophon does not keep were left out: %(fields)s.")
            % {"fields": ", ".join(imported.unmapped)}
        )
    if len(warnings) > SHOWN_WARNINGS:
        rest = len(warnings) - SHOWN_WARNINGS
        more = ngettext("And %(count)s more warning.", "And %(count)s more warnings.", rest)
        warnings = [*warnings[:SHOWN_WARNINGS], more % {"count": rest}]
    return summary, warnings


def _same_work(stored: Any, item: dict) -> bool:
    if not isinstance(stored, dict):
        return False  # a free-text entry: nothing to compare reliably
    doi = (stored.get("DOI") or "").lower(), (item.get("DOI") or "").lower()
    if doi[0] and doi[1]:
        return doi[0] == doi[1]
    return _title(stored) == _title(item) and _year(stored) == _year(item)


def _title(item: dict) -> str:
    return " ".join(str(item.get("title") or "").casefold().split())


def _year(item: dict) -> Any:
    parts = (item.get("issued") or {}).get("date-parts") or [[None]]
    return parts[0][0] if parts[0] else None
