"""Rendering PDFs ahead of readers, through django.tasks.

Publication (a workflow step) and every save that can change a published PDF call
`schedule()` (articles/pdf/receivers.py). Nothing is enqueued until the transaction
commits, so a task never sees half-written content, and one transaction that touches a
piece ten times (the admin saving a piece with its inlines, an import) enqueues its work
once. The tasks compute
the current content version and render only what is not stored yet: an unchanged save
costs a snapshot and no render.

With the default immediate backend the task runs in the committing process; production
names a worker backend (docs/pdf.md). A failed render never fails the save or the
publication that scheduled it: the immediate backend records the error on the task
result, and a reader asking for the PDF retries it later.

Every task is safe to run twice, or on two machines at once (a worker backend delivers
at least once): it renders what the content is *now*, and PdfRender.claim() lets one
caller render each version. A volume's and a series' PDFs change with every piece
published in them, so their renders are coalesced: each request supersedes the ones
before it (a token in the shared cache) and, on a backend that can defer, waits
PDF_COLLECTION_DELAY seconds for more, so publishing a whole volume renders it about once.
"""

import logging
import uuid
from contextlib import AbstractContextManager
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from articles.models import Article
from articles.pdf.content import (
    ARTICLE,
    SERIES,
    VOLUME,
    PdfSource,
    articles_for_pdf,
    series_source,
    sources_for_article,
    volume_source,
)
from articles.pdf.pointers import remember
from articles.pdf.storage import RenderUnavailable, ensure_render
from articles.renditions import FORMATS, renditions
from colophon.lib.deferral import Deferral
from series.models import Series, Volume

logger = logging.getLogger(__name__)

# A contributor has no PDF of their own: a change to one re-renders the pieces they wrote.
CONTRIBUTOR = "contributor"
COLLECTION_DELAY = 5  # seconds, unless settings.PDF_COLLECTION_DELAY says otherwise
_TOKEN_TTL = 3600


# Inside renders_deferred(): what schedule() would have scheduled, noted instead.
_deferred: Deferral[tuple[str, int]] = Deferral("noted_pdf_renders")


def renders_deferred() -> AbstractContextManager[None]:
    """Inside, schedule() only notes what it would render; on leaving, each series, then
    everything else noted, is scheduled once.

    An import that publishes thousands of pieces would otherwise render every volume and
    series PDF again after each piece of it (at once, on the immediate backend). Leaving
    the block schedules the series first: rendering a series renders its pieces and
    volumes, and what is rendered already costs the others only a version check.
    """
    return _deferred.held(_schedule_noted)


def _schedule_noted(noted: set[tuple[str, int]]) -> None:
    for kind, pk in sorted(noted, key=lambda key: (key[0] != SERIES, key)):
        schedule(kind, pk)


def render_ahead_enabled() -> bool:
    return getattr(settings, "PDF_RENDER_AHEAD", True)


class _Scheduled:
    """An on-commit callback that knows what it schedules, so duplicates can be spotted."""

    def __init__(self, kind: str, pk: int):
        self.key = (kind, pk)

    def __call__(self) -> None:
        kind, pk = self.key
        try:
            _enqueue(kind, pk)
        except Exception:  # a PDF must never break the save that scheduled it
            logger.exception("Could not enqueue PDF renders for %s %s", kind, pk)


def schedule(kind: str, pk: int | None) -> None:
    """Render the PDFs affected by a change to (kind, pk) once the transaction commits."""
    if pk is None or not render_ahead_enabled():
        return
    if _deferred.note((kind, pk)):
        return
    connection = transaction.get_connection()
    key = (kind, pk)
    if connection.in_atomic_block and any(
        getattr(callback, "key", None) == key
        for _sids, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_Scheduled(kind, pk))


def _enqueue(kind: str, pk: int) -> None:
    if kind == ARTICLE:
        render_article_pdfs.enqueue(pk)
    elif kind == CONTRIBUTOR:
        ids = Article.objects.published_anywhere().filter(authorships__contributor_id=pk)
        for article_id in ids.values_list("pk", flat=True).distinct():
            render_article_pdfs.enqueue(article_id)
    elif kind == VOLUME:
        ids = Article.objects.published_anywhere().filter(volume_id=pk)
        for article_id in ids.values_list("pk", flat=True):
            render_article_pdfs.enqueue(article_id, collections=False)
        enqueue_collection(VOLUME, pk)
        series_id = Volume.objects.filter(pk=pk).values_list("series_id", flat=True).first()
        if series_id:
            enqueue_collection(SERIES, series_id)
    elif kind == SERIES:
        ids = Article.objects.published_anywhere().filter(volume__series_id=pk)
        for article_id in ids.values_list("pk", flat=True):
            render_article_pdfs.enqueue(article_id, collections=False)
        for volume_id in Volume.objects.filter(series_id=pk).values_list("pk", flat=True):
            enqueue_collection(VOLUME, volume_id)
        enqueue_collection(SERIES, pk)


def _token_key(kind: str, pk: int) -> str:
    return f"pdf-collection-request:{kind}:{pk}"


def enqueue_collection(kind: str, pk: int) -> None:
    """Ask for a volume's or series' PDFs, superseding any request still waiting."""
    token = uuid.uuid4().hex
    cache.set(_token_key(kind, pk), token, _TOKEN_TTL)
    delay = getattr(settings, "PDF_COLLECTION_DELAY", COLLECTION_DELAY)
    target = render_collection_pdfs
    if delay and target.get_backend().supports_defer:
        target = target.using(run_after=timezone.now() + timedelta(seconds=delay))
    try:
        target.enqueue(kind, pk, token)
    except Exception:
        # Requests already waiting must not defer to one that was never queued.
        cache.delete(_token_key(kind, pk))
        raise


@task()
def render_article_pdfs(article_id: int, collections: bool = True) -> dict:
    """Render every published language of a piece, then its volume's and series' PDFs."""
    article = articles_for_pdf().filter(pk=article_id).first()
    if article is None:
        return {"rendered": 0}
    counts = _render_all(sources_for_article(article))
    if counts.get("ready"):
        _renditions_ahead(article)
    if collections and article.volume_id:
        enqueue_collection(VOLUME, article.volume_id)
        enqueue_collection(SERIES, article.volume.series_id)
    return counts


@task()
def render_collection_pdfs(kind: str, pk: int, token: str | None = None) -> dict:
    """Render a volume's or a whole series' PDF in every language it has pieces in.

    A request superseded by a newer one does nothing: the newer one renders what is
    current when it runs. Without its token (an evicted or unshared cache) it renders,
    which costs at most one render, never a missing PDF.
    """
    latest = cache.get(_token_key(kind, pk)) if token else None
    if latest is not None and latest != token:
        return {"superseded": 1}
    sources: list[PdfSource | None]
    if kind == VOLUME:
        volume = Volume.objects.select_related("series").filter(pk=pk).first()
        if volume is None:
            return {"rendered": 0}
        sources = [volume_source(volume, code) for code, _name in settings.LANGUAGES]
    else:
        series = Series.objects.filter(pk=pk).first()
        if series is None:
            return {"rendered": 0}
        sources = [series_source(series, code) for code, _name in settings.LANGUAGES]
    return _render_all([source for source in sources if source is not None])


def _renditions_ahead(article: Article) -> None:
    """Make the renditions of the featured image and the figures now, so the piece's first
    reader (and the first request after a cache flush) does not wait for Pillow."""
    image = getattr(article, "image", None)
    pictures = [*([image] if image is not None else []), *article.figures.all()]
    try:
        for picture in pictures:
            for extension in FORMATS:
                renditions(picture, extension)
    except Exception:  # the page makes them itself on a miss
        logger.exception("Could not make the renditions of article %s", article.pk)


def _render_all(sources) -> dict:
    counts = {"ready": 0, "failed": 0}
    for source in sources:
        try:
            render = ensure_render(source, wait=False)
        except RenderUnavailable:
            counts["failed"] += 1
            continue
        counts["ready"] += 1
        if render.is_ready:
            # Readers' next download goes straight to the new file (the cache may be shared).
            remember(source, render)
    return counts
