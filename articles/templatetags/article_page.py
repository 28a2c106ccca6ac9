"""Filters for the article page's reading aids (see articles/site/reading_aids.py)."""

from django import template
from django.utils.translation import get_language

from articles.bibliography.citing import render_citations
from articles.renditions import COLUMN_SIZES, picture_sources
from articles.site.figures import expand_figures
from articles.site.reading_aids import CONTENTS_FROM, reading_minutes, with_heading_ids
from colophon.lib.notes import for_page

register = template.Library()


@register.filter
def minutes_to_read(body: str) -> int:
    return reading_minutes(body)


@register.simple_tag
def body_with_contents(body: str, figures=None, references=None, style: str = "") -> dict:
    """The sanitised body with ids on its h2s, its figures, its citations and numbered note
    calls, its sections when it is long enough, and its notes for the list after it
    (includes/notes.html).

    `figures` (the piece's, e.g. article.figures.all) show where the body places them;
    they are fetched only for a body that places any, in one query however many there are.
    `references` (article.references.all, prefetched) are what its citations name; they
    are formatted in `style` and the page's language before the notes are numbered, so
    that a citation prints inside its note, or as a note of its own.
    """
    if references is not None and "<cite" in (body or ""):
        body = render_citations(body, references, style, get_language())
    text, headings = with_heading_ids(body)
    if figures is not None and "data-figure" in text:
        text = expand_figures(text, list(figures), language=get_language())
    text, notes = for_page(text)
    return {
        "text": text,
        "contents": headings if len(headings) >= CONTENTS_FROM else [],
        "notes": notes,
    }


@register.simple_tag
def body_with_notes(body: str) -> dict:
    """An editor-written page's body with numbered note calls, and its notes."""
    text, notes = for_page(body)
    return {"text": text, "notes": notes}


@register.inclusion_tag("includes/picture.html")
def picture(image, hero: bool = False, sizes: str = COLUMN_SIZES) -> dict:
    """A featured image as <picture>: WebP renditions, a JPEG fallback, fixed dimensions.

    The hero image of an article is loaded eagerly and first; any other waits until it
    nears the viewport.
    """
    return {"image": image, "hero": hero, **picture_sources(image, sizes)}
