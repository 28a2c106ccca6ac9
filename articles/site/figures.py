"""Figures in the text on the reading site: each placeholder the body holds becomes the
figure's picture (renditions and srcset, as the featured image has), caption and credit."""

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override

from articles.models import BodyFigure
from articles.pdf.content import figure_snapshot
from articles.pdf.figures import print_figures
from articles.renditions import picture_sources
from colophon.lib.body_figures import replace_figures


def figure_html(figure: BodyFigure, language: str) -> str:
    context = {
        "figure": figure,
        # An unpublished version may lack its alt text (publishing requires it): the title
        # of the work says more than nothing.
        "alt": figure.localized("alt", language) or figure.title,
        "caption": figure.localized("caption", language) or "",
        **picture_sources(figure),
    }
    with override(language):
        return render_to_string("includes/body_figure.html", context).strip()


def expand_figures(
    html: str, figures: Iterable[BodyFigure], *, language: str, for_pdf: bool = False
) -> SafeString:
    """The sanitised body `html` with each <figure data-figure="N"> shown as figure N.

    A number the piece has no figure for shows nothing (validation refuses such a body).
    With `for_pdf`, the markup is the PDF's: the stored file itself and the full credit.
    """
    if for_pdf:
        return print_figures(html, [figure_snapshot(f, language) for f in figures], language)
    by_number = {figure.number: figure for figure in figures}
    # The body is sanitised on save; every value added here is escaped by the template.
    return mark_safe(  # noqa: S308
        replace_figures(
            html,
            lambda number: figure_html(by_number[number], language) if number in by_number else "",
        )
    )
