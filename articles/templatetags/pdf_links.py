"""Links to the reader PDFs, for the public templates and the admin.

    {% load pdf_links %}
    {% article_pdf article as pdf %}
    {% if pdf %}<a href="{{ pdf.url }}" type="application/pdf">Download PDF
      {% if pdf.size %}({{ pdf.size|filesizeformat }}){% endif %}</a>{% endif %}

The size is that of the newest stored render (one query): the one readers get unless an
edit has just been saved and its render is still on its way.
"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, override

from articles.models import PdfRender
from articles.pdf.content import ARTICLE, SERIES, VOLUME
from colophon.lib.urls import absolute_url

register = template.Library()


def _size(kind: str, object_id: int, language: str) -> int | None:
    return (
        PdfRender.objects.for_document(kind, object_id, language)
        .ready()
        .order_by("-rendered_at", "-pk")
        .values_list("size", flat=True)
        .first()
    )


def _link(url: str, kind: str, object_id: int, language: str) -> dict:
    return {
        "url": url,
        "absolute_url": absolute_url(url),
        "size": _size(kind, object_id, language),
    }


@register.simple_tag
def article_pdf(article) -> dict | None:
    """The piece's PDF in the active language, or None when that version is not public."""
    language = get_language()
    if not article.is_published(language):
        return None
    url = reverse("pdf:article", args=[article.slug, article.slug])
    return _link(url, ARTICLE, article.pk, language)


@register.simple_tag
def volume_pdf(volume) -> dict:
    slug = volume.series.slug
    url = reverse("pdf:volume", args=[slug, volume.number, f"{slug}-{volume.number}"])
    return _link(url, VOLUME, volume.pk, get_language())


@register.simple_tag
def series_pdf(series) -> dict:
    url = reverse("pdf:series", args=[series.slug, series.slug])
    return _link(url, SERIES, series.pk, get_language())


def preview_urls(article) -> list[tuple[str, str]]:
    """(language, URL) of the staff-only PDF preview of each language the piece has a title in."""
    urls = []
    for code, _name in settings.LANGUAGES:
        if (article.localized("title", code) or "").strip():
            with override(code):
                url = reverse("pdf:article_preview", args=[article.slug, article.slug])
            urls.append((code, url))
    return urls
