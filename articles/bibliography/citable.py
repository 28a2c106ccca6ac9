"""What the editor's citation picker lists: each reference of a piece by its key, with a
short label, its entry as plain text (to search) and as printed in the series' style."""

import logging
from html import unescape
from typing import TYPE_CHECKING, TypedDict

from django.utils.html import escape, strip_tags

from articles.bibliography.citing import citation_label, citation_style
from articles.citations import render_reference

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
    style = citation_style(article)
    language = article.original_language
    listed: list[CitableReference] = []
    for reference in article.references.all():
        html = _entry_html(reference, style, language)
        listed.append(
            {
                "key": reference.key,
                "label": citation_label(reference, style, language),
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
