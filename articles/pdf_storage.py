"""Render each content version once, store it with Django's storage API, find it again.

`ensure_render(source)` is the one way in, for the views and the background tasks alike:

1. the (kind, object, language, version) row is fetched or created (a unique constraint
   means concurrent callers end up with the same row);
2. if it is ready, that is the answer;
3. otherwise exactly one caller wins `PdfRender.claim()` and renders, outside any
   transaction, then stores the file and marks the row ready; the others poll the row
   until it is ready (or give up with RenderUnavailable, which the views turn into 503).
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, connection
from django.dispatch import Signal
from django.utils import timezone

from articles.pdf import limit, render_source
from articles.pdf_content import PdfSource
from articles.pdf_fetcher import RenderLimitExceeded
from articles.pdf_models import PdfRender

logger = logging.getLogger(__name__)

# Sent after every render (sender=PdfRender, render=row, source=source): tests count
# renders with it and a deployment can hook metrics on it.
pdf_rendered = Signal()

KEEP_VERSIONS = 2  # the current file and the one before it, for downloads in flight
POLL_SECONDS = 0.1


class RenderUnavailable(Exception):
    """The PDF cannot be served right now: its render failed or is taking too long."""


def stored_render(source: PdfSource) -> PdfRender | None:
    """The ready render of exactly this version, if there is one (one query)."""
    row = (
        PdfRender.objects.for_document(source.kind, source.object_id, source.language)
        .filter(version=source.version)
        .first()
    )
    return row if row is not None and row.is_ready else None


def ensure_render(
    source: PdfSource, *, wait: bool = True, retry_failed: bool = False
) -> PdfRender:
    """The ready render of `source`'s version, rendering it first if nobody has.

    A failed version is retried only after PDF_RETRY_FAILED_AFTER seconds, or at once
    with `retry_failed` (manage.py render_pdfs). Without `wait`, a version someone else
    is rendering is returned as it is instead of being waited for.
    """
    row = _retry_if_locked(
        lambda: PdfRender.objects.get_or_create(
            kind=source.kind,
            object_id=source.object_id,
            language=source.language,
            version=source.version,
        )[0]
    )
    if row.is_ready:
        return row
    time_limit = limit("PDF_RENDER_TIME_LIMIT")
    stale_after = timedelta(seconds=time_limit * 2)
    retry_failed_after = timedelta(
        seconds=0 if retry_failed else getattr(settings, "PDF_RETRY_FAILED_AFTER", 600)
    )
    give_up = time.monotonic() + time_limit + 10
    while True:
        if _retry_if_locked(lambda: row.claim(stale_after, retry_failed_after)):
            return _render_into(row, source)
        if not wait:
            return row
        if row.status == PdfRender.Status.FAILED:
            raise RenderUnavailable(row.error or "the render failed")
        if time.monotonic() > give_up:
            raise RenderUnavailable("another process is still rendering this PDF")
        time.sleep(POLL_SECONDS)
        row.refresh_from_db()
        if row.is_ready:
            return row


def _render_into(row: PdfRender, source: PdfSource) -> PdfRender:
    """Render `source` for a claimed `row`, store the file and mark the row ready."""
    try:
        rendered = render_source(source, modified=row.created_at)
    except (RenderLimitExceeded, Exception) as error:
        logger.exception("PDF render failed: %s", row)
        message = str(error) or type(error).__name__
        _retry_if_locked(
            lambda: PdfRender.objects.filter(pk=row.pk, claimed_at=row.claimed_at).update(
                status=PdfRender.Status.FAILED, error=message[:2000]
            )
        )
        row.status, row.error = PdfRender.Status.FAILED, message
        raise RenderUnavailable(message) from error
    name = default_storage.save(source.storage_name, ContentFile(rendered.data))
    now = timezone.now()
    fields = {
        "status": PdfRender.Status.READY,
        "file": name,
        "size": len(rendered.data),
        "pages": rendered.pages,
        "rendered_at": now,
        "render_seconds": round(rendered.seconds, 3),
        "error": "",
    }
    # Only the holder of the claim may finish it; a render so slow that its claim was
    # taken over as stale loses, and throws its file away.
    owned = _retry_if_locked(
        lambda: PdfRender.objects.filter(
            pk=row.pk, status=PdfRender.Status.RENDERING, claimed_at=row.claimed_at
        ).update(**fields)
    )
    if not owned:
        default_storage.delete(name)
        row.refresh_from_db()
        return row
    for key, value in fields.items():
        setattr(row, key, value)
    pdf_rendered.send(sender=PdfRender, render=row, source=source)
    prune(source)
    return row


def prune(source: PdfSource, keep: int = KEEP_VERSIONS) -> int:
    """Delete all but the newest `keep` ready versions of a document (rows and files)."""
    rows = list(
        PdfRender.objects.for_document(source.kind, source.object_id, source.language)
        .ready()
        .order_by("-rendered_at", "-pk")[keep:]
    )
    for old in rows:
        if old.file:
            default_storage.delete(old.file.name)
        old.delete()
    return len(rows)


def _retry_if_locked(operation, attempts: int = 50):
    """Run a short write, retrying while SQLite reports its database or table locked.

    PostgreSQL waits on row locks by itself; SQLite (shared-cache test databases in
    particular) answers "locked" at once when two connections write together.
    """
    for attempt in range(attempts):
        try:
            return operation()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            if attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    return None
