"""What the editor's citation picker lists: each reference of a piece by its key, with a
short label, its entry as plain text (to search) and as printed in the series' style."""

import logging
import re
from html import unescape
from typing import TYPE_CHECKING, Any, TypedDict

from django.utils.html import escape, strip_tags

from articles.citations import render_reference
from series.models import CitationStyle

if TYPE_CHECKING:
    from articles.models import Article, Reference

logger = logging.getLogger(__name__)


class CitableReference(TypedDict):
    key: str
    label: str
    text: str
    html: str


def citable_references(article: "Article") -> list[CitableReference]:
    """The piece's references in bibliography order, for GET …/citable-references/."""
    series = article.volume.series if article.volume_id else article.series  # type: ignore[union-attr]  # volume_id says it is there
    style = series.citation_style if series is not None else CitationStyle.OSCOLA
    language = article.original_language
    listed: list[CitableReference] = []
    for reference in article.references.all():
        html = _entry_html(reference, style, language)
        listed.append(
            {
                "key": reference.key,
                "label": _label(reference),
                "text": " ".join(unescape(strip_tags(html)).split()),
                "html": html,
            }
        )
    return listed


def _entry_html(reference: "Reference", style: str, language: str) -> str:
    try:
        return str(render_reference(reference, style, language))
    except Exception:
        # One entry citeproc cannot render must not leave the picker empty.
        logger.exception("Could not render reference %s", reference.pk)
        return str(escape(reference.text or (reference.csl or {}).get("title", "")))


_YEAR = re.compile(r"\b(1[0-9]{3}|2[0-9]{3})\b")


def _label(reference: "Reference") -> str:
    """ "Family Year", "Organisation Year" or the title: a stand-in for the citation
    engine's own label until it is there."""
    item: dict[str, Any] = reference.csl or {}
    if not item:
        text = " ".join(reference.text.split())
        found = _YEAR.search(text)
        lead = re.split(r"[,.(]", text, maxsplit=1)[0].strip()[:40]
        return f"{lead} {found.group(1)}" if found and lead else text[:40]
    names = item.get("author") or item.get("editor") or []
    families = [str(n.get("family") or n.get("literal") or "") for n in names]
    families = [name for name in families if name]
    parts = item.get("issued", {}).get("date-parts") or [[]]
    year = str(parts[0][0]) if parts and parts[0] else ""
    if len(families) > 2:
        who = f"{families[0]} et al"
    elif len(families) == 2:
        who = f"{families[0]} and {families[1]}"
    elif families:
        who = families[0]
    else:
        who = str(item.get("title-short") or item.get("title") or "")[:60]
    return f"{who} {year}".strip() if year else who
