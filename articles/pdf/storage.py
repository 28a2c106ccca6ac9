"""Render each content version once, store it with Django's storage API, find it again.

`ensure_render(source)` is the one way in, for the views and the background tasks alike:

1. the (kind, object, language, version) row is fetched or created (a unique constraint
   means concurrent callers end up with the same row);
2. if it is ready, that is the answer;
3. otherwise exactly one caller wins `PdfRender.claim()` and renders, outside any
   transaction, in a child process it kills at the time limit (articles.pdf.process),
   beating the row's heartbeat meanwhile; then it stores the file and marks the row
   ready, or records on the row why it failed (a storage error included);
4. the others poll the row for at most PDF_WAIT_SECONDS, then give up with
   RenderUnavailable; `render_for_reader()` serves the previous version meanwhile.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, OperationalError, connection
from django.dispatch import Signal
from django.utils import timezone

from articles.models.pdf import PdfRender
from articles.pdf.content import PdfSource
from articles.pdf.fetcher import RenderLimitExceeded
from articles.pdf.process import RenderAbandoned, RenderInterrupted, render_in_child
from articles.pdf.render import format_citations, limit, render_source, warm_up

logger = logging.getLogger(__name__)

# Sent after every render (sender=PdfRender, render=row, source=source): tests count
# renders with it and a deployment can hook metrics on it.
pdf_rendered = Signal()

KEEP_VERSIONS = 2  # the current file and the one before it, for downloads in flight
POLL_SECONDS = 0.1
HEARTBEAT_SECONDS = 1.0
# A claim whose heartbeat is this old belongs to a process that died: take it over.
STALE_AFTER = 10.0
# How long a request waits for a render someone else is making before it answers
# without it (the previous version, or 503).
WAIT_SECONDS = 5.0
# A render killed from outside, or whose file the storage refused, is tried again this
# many seconds later (PDF_RETRY_INTERRUPTED_AFTER).
RETRY_INTERRUPTED_AFTER = 5


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


def previous_render(source: PdfSource) -> PdfRender | None:
    """The newest ready render of an earlier version of the same document and language."""
    rows = PdfRender.objects.for_document(source.kind, source.object_id, source.language)
    row = rows.ready().exclude(version=source.version).order_by("-rendered_at", "-pk").first()
    return row if row is not None and row.is_ready else None


def render_for_reader(source: PdfSource) -> PdfRender:
    """What a reader is served: this version, or while it is being made (or after it
    failed) the previous one; RenderUnavailable when there is neither in a few seconds."""
    try:
        row = ensure_render(source, wait=False)
    except RenderUnavailable:
        row = None
    if row is not None and row.is_ready:
        return row
    previous = previous_render(source)
    if previous is not None:
        return previous
    if row is None or row.status == PdfRender.Status.FAILED:
        raise RenderUnavailable((row.error if row else "") or "the render failed")
    return ensure_render(source)


def ensure_render(
    source: PdfSource,
    *,
    wait: bool = True,
    retry_failed: bool = False,
    patience: float | None = None,
) -> PdfRender:
    """The ready render of `source`'s version, rendering it first if nobody has.

    A failed version is retried only after PDF_RETRY_FAILED_AFTER seconds, or at once
    with `retry_failed` (manage.py render_pdfs). Without `wait`, a version someone else
    is rendering is returned as it is instead of being waited for; with it, for at most
    `patience` seconds (PDF_WAIT_SECONDS).
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
    stale_after = timedelta(seconds=getattr(settings, "PDF_CLAIM_STALE_SECONDS", STALE_AFTER))
    retry_failed_after = timedelta(
        seconds=0 if retry_failed else getattr(settings, "PDF_RETRY_FAILED_AFTER", 600)
    )
    if patience is None:
        patience = getattr(settings, "PDF_WAIT_SECONDS", WAIT_SECONDS)
    # Before the claim, not after it: the first warm-up of a process takes seconds with no
    # heartbeat, and others would take the claim over as dead.
    warm_up()
    give_up = time.monotonic() + patience
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
    """Render `source` for a claimed `row`, store the file and mark the row ready.

    Whatever goes wrong, the row does not stay "rendering": a failure of the render or of
    storing its file is recorded on it, and a process told to stop gives the claim back.
    """
    format_citations(source)
    try:
        rendered = render_in_child(
            lambda: render_source(source, modified=row.created_at),
            time_limit=limit("PDF_RENDER_TIME_LIMIT"),
            memory_limit_mb=limit("PDF_RENDER_MEMORY_LIMIT"),
            on_start=lambda pid: _beat(row, pid),
            heartbeat=lambda: _beat(row),
            heartbeat_every=HEARTBEAT_SECONDS,
        )
    except RenderAbandoned:
        row.refresh_from_db()
        return row
    except RenderInterrupted as error:
        raise _failed(row, str(error), interrupted=True) from error
    except (RenderLimitExceeded, Exception) as error:
        raise _failed(row, str(error) or type(error).__name__) from error
    except BaseException:  # the process is being stopped (SystemExit, KeyboardInterrupt)
        _retry_if_locked(row.release)
        raise
    try:
        name = default_storage.save(source.storage_name, ContentFile(rendered.data))
    except Exception as error:
        logger.exception("Could not store the PDF of %s", row)
        raise _failed(row, f"the PDF could not be stored: {error}", interrupted=True) from error
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
    owned = _retry_if_locked(lambda: row.holding().update(**fields, render_pid=None))
    if not owned:
        default_storage.delete(name)
        row.refresh_from_db()
        return row
    for key, value in fields.items():
        setattr(row, key, value)
    pdf_rendered.send(sender=PdfRender, render=row, source=source)
    prune(source)
    return row


def _failed(row: PdfRender, message: str, interrupted: bool = False) -> RenderUnavailable:
    """Record on the row why its render failed; the error for the caller to raise.

    A failure the content caused (time, memory, a crash, an error in the layout) waits
    PDF_RETRY_FAILED_AFTER before anyone tries again, so hostile content cannot make every
    request start a render. One `interrupted` from outside (a killed process, storage
    that refused the file) is tried again after PDF_RETRY_INTERRUPTED_AFTER seconds: the
    next reader after that gets the PDF once the cause has passed.
    """
    # A render's own traceback is logged by its child process (articles.pdf.process).
    logger.warning("PDF render failed: %s: %s", row, message)
    retry_in = None
    if interrupted:
        retry_in = timedelta(
            seconds=getattr(settings, "PDF_RETRY_INTERRUPTED_AFTER", RETRY_INTERRUPTED_AFTER)
        )
    _retry_if_locked(lambda: row.fail(message, retry_in))
    return RenderUnavailable(message)


def _beat(row: PdfRender, render_pid: int | None = None) -> bool:
    """The heartbeat; a database that is briefly busy does not stop the render."""
    try:
        return row.beat(render_pid)
    except DatabaseError:
        logger.warning("Could not beat the heartbeat of %s", row, exc_info=True)
        return True


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
