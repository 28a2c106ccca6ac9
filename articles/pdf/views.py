"""Serving reader PDFs: check the document is public, find its current render, serve it.

The fast path is one narrow query and a cache lookup (articles.pdf.pointers); on a miss
the snapshot is built, its version rendered if nobody has yet, and the pointer kept.
While someone else renders a new version, readers get the previous one at once (or, if
there is none, wait a few seconds for it, then 503).
Every response names the version in its ETag and the moment that version first appeared
in Last-Modified, so a conditional GET is answered with 304 before the file is opened.
"""

from collections.abc import Callable
from typing import cast

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import get_language

from articles.pdf import pointers as pdf_pointers
from articles.pdf.content import (
    ARTICLE,
    SERIES,
    VOLUME,
    PdfSource,
    article_source,
    articles_for_pdf,
    series_source,
    volume_source,
)
from articles.pdf.pointers import Pointer
from articles.pdf.storage import RenderUnavailable, ensure_render, render_for_reader
from series.models import Series, Volume


def article_pdf(request: HttpRequest, slug: str, filename: str) -> HttpResponseBase:
    """A published piece in the active language; 404 for drafts and unpublished versions."""
    language = get_language()
    found = pdf_pointers.article_stamp(language, slug=slug) if filename == slug else None
    if found is None:
        raise Http404
    pk, stamp = found

    def build() -> PdfSource:
        return article_source(articles_for_pdf().get(pk=pk), language)

    return serve(request, ARTICLE, pk, language, stamp, build)


def volume_pdf(request: HttpRequest, slug: str, number: int, filename: str) -> HttpResponseBase:
    if filename != f"{slug}-{number}":
        raise Http404
    volume = get_object_or_404(
        Volume.objects.select_related("series"), series__slug=slug, number=number
    )
    language = get_language()
    stamp = pdf_pointers.collection_stamp(language, volume_id=volume.pk)
    if stamp is None:
        raise Http404
    return serve(
        request, VOLUME, volume.pk, language, stamp, lambda: volume_source(volume, language)
    )


def series_pdf(request: HttpRequest, slug: str, filename: str) -> HttpResponseBase:
    if filename != slug:
        raise Http404
    series = get_object_or_404(Series, slug=slug)
    language = get_language()
    stamp = pdf_pointers.collection_stamp(language, volume__series_id=series.pk)
    if stamp is None:
        raise Http404
    return serve(
        request, SERIES, series.pk, language, stamp, lambda: series_source(series, language)
    )


def article_preview_pdf(request: HttpRequest, slug: str, filename: str) -> HttpResponseBase:
    """Any piece, draft or not, for editors: what the PDF will look like once published."""
    user = request.user
    if filename != slug or not (
        user.is_active and user.is_staff and user.has_perm("articles.view_article")
    ):
        # Readers are not told that an unpublished piece exists.
        raise Http404
    language = get_language()
    # Series editors preview only the pieces of the series they edit, as in the admin.
    article = get_object_or_404(articles_for_pdf().handled_by(user), slug=slug)
    if not (article.localized("title", language) or "").strip():
        raise Http404
    source = article_source(article, language)
    try:
        render = ensure_render(source)
    except RenderUnavailable:
        return unavailable()
    return respond(request, pdf_pointers.pointer_for(source, render), private=True)


def serve(
    request: HttpRequest,
    kind: str,
    pk: int,
    language: str,
    stamp: str,
    build: Callable[[], PdfSource | None],
) -> HttpResponseBase:
    """The current render of a public document, from its pointer or built afresh."""
    pointer = pdf_pointers.lookup(kind, pk, language, stamp)
    if pointer is not None:
        try:
            return respond(request, pointer)
        except FileNotFoundError:  # pruned since the pointer was kept
            pdf_pointers.forget(kind, pk, language, stamp)
    source = build()
    if source is None:
        raise Http404
    try:
        render = render_for_reader(source)
    except RenderUnavailable:
        return unavailable()
    if render.version != source.version:
        # The previous version, while this one is being rendered: not worth a pointer.
        return respond(request, pdf_pointers.pointer_for(source, render))
    return respond(request, pdf_pointers.remember(source, render, stamp))


def respond(request: HttpRequest, pointer: Pointer, private: bool = False) -> HttpResponseBase:
    etag = f'"{pointer.version}"'
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(pointer.created),
        "Cache-Control": "private, no-store" if private else "public, no-cache",
        "Content-Language": pointer.language,
    }
    response: HttpResponseBase | None = get_conditional_response(
        request, etag=etag, last_modified=pointer.created
    )
    if response is None:
        response = FileResponse(
            default_storage.open(pointer.name, "rb"), content_type="application/pdf"
        )
        # A PDF is read whole: a few large reads beat seventy 4 KB ones.
        response.block_size = 256 * 1024
        response["Content-Length"] = str(pointer.size)
        # Not None: there is always a filename.
        disposition = cast(str, content_disposition_header(False, pointer.filename))
        response["Content-Disposition"] = disposition
    for name, value in headers.items():
        response[name] = value
    return response


def unavailable() -> HttpResponse:
    response = HttpResponse(
        "The PDF is not available right now; please try again in a few minutes.",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "120"
    return response
