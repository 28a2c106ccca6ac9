"""Figures in the text of a PDF, from a piece snapshot's "figures" (articles.pdf.content).

Each placeholder becomes the stored file itself (the fetcher reads it from media), with
its alt text on the <img>, which WeasyPrint carries into the tagged PDF as the figure's
alternate description, and the full credit written out under it: on paper a reader
cannot follow a link, so the source and the licence's deed are printed as addresses.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override, pgettext

from articles.pdf.fetcher import media_url
from articles.pdf.labels import image_credit
from colophon.lib.body_figures import replace_figures


def figure_credit(figure: dict) -> SafeString:
    """image_credit() with the year of the work after its creator, when it is known."""
    creator = figure["creator"]
    if figure.get("year") and creator.strip():
        # Plain text: image_credit() escapes it with the other values.
        creator = pgettext("pdf", "%(creator)s, %(year)s") % {
            "creator": creator,
            "year": figure["year"],
        }
    return image_credit({**figure, "creator": creator})


def print_figure(figure: dict) -> str:
    size = (
        format_html(' width="{}" height="{}"', figure["width"], figure["height"])
        if figure.get("width") and figure.get("height")
        else ""
    )
    caption = (
        format_html('<span class="body-figure__caption">{}</span>', figure["caption"])
        if figure["caption"]
        else ""
    )
    return format_html(
        '<figure class="body-figure"><img src="{}" alt="{}"{}><figcaption>{}'
        '<span class="credit">{}</span></figcaption></figure>',
        media_url(figure["name"]),
        figure["alt"],
        size,
        caption,
        figure_credit(figure),
    )


def print_figures(html: str, figures: list[dict], language: str) -> SafeString:
    """The sanitised body `html` with each placeholder printed as its figure, or removed."""
    by_number = {figure["number"]: figure for figure in figures}
    with override(language):
        return mark_safe(  # noqa: S308 - the body is sanitised; figures are escaped above
            replace_figures(
                html,
                lambda number: print_figure(by_number[number]) if number in by_number else "",
            )
        )
