"""The admin's WordPress import, run on the task queue (django.tasks).

The editor's upload was checked by a dry run in the request; "Run the import" queues
`run_wordpress_import`, which the immediate backend runs at once (development, tests) and
a worker runs in production (TASKS_BACKEND=database). The run's row is the only channel
back to the editor: its state, its progress and, at the end, the report or the error.

A worker delivers at least once: the task claims the run by moving it from "queued" to
"running" in one UPDATE, so a second delivery finds nothing to do.
"""

import logging
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.tasks import task
from django.utils import timezone

from wordpress.importing.importer import Options, run_import
from wordpress.importing.mapping import parse_mapping
from wordpress.models import ImportRun

logger = logging.getLogger(__name__)

# A 50,000-post import writes its progress about a hundred times, not 50,000: when it has
# moved on by a hundredth of the posts, or when this many seconds have passed.
PROGRESS_FRACTION = 100
PROGRESS_SECONDS = 2.0


def import_options(saved: dict, mapping_text: str, *, dry_run: bool) -> Options:
    """The importer's options from what an ImportRun keeps (options JSON, mapping text).

    A dry run never fetches media: it only reports what the real run would do."""
    since = saved.get("since")
    return Options(
        mapping=parse_mapping(mapping_text) if mapping_text.strip() else None,
        media_dir=Path(settings.WORDPRESS_MEDIA_DIR) if settings.WORDPRESS_MEDIA_DIR else None,
        fetch_media=bool(saved.get("fetch_media")) and not dry_run,
        dry_run=dry_run,
        since=date.fromisoformat(since) if since else None,
        overwrite=bool(saved.get("overwrite")),
    )


class ProgressWriter:
    """The importer's progress callback for one run, writing done/total to its row now
    and then rather than after every post."""

    def __init__(self, run_id: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.run_id = run_id
        self.clock = clock
        self.written = (-1, -1)
        self.at = clock()

    def __call__(self, done: int, total: int) -> None:
        last_done, last_total = self.written
        if (done, total) == self.written:
            return
        step = max(1, total // PROGRESS_FRACTION)
        now = self.clock()
        if (
            total != last_total
            or done >= total
            or done - last_done >= step
            or now - self.at >= PROGRESS_SECONDS
        ):
            ImportRun.objects.filter(pk=self.run_id).update(done=done, total=total)
            self.written, self.at = (done, total), now


def export_source(file: FieldFile) -> Path | IO[bytes]:
    """The stored export as a path when it is on our disk (the importer reads it twice),
    else as an open file (a bucket's storage has no paths)."""
    try:
        return Path(file.path)
    except NotImplementedError:
        return file.open("rb")


@task()
def run_wordpress_import(run_id: int) -> dict:
    claimed = ImportRun.objects.filter(pk=run_id, state=ImportRun.State.QUEUED).update(
        state=ImportRun.State.RUNNING, started_at=timezone.now(), done=0, error=""
    )
    if not claimed:
        return {"run": run_id, "claimed": False}
    run = ImportRun.objects.get(pk=run_id)
    try:
        options = import_options(run.options, run.mapping, dry_run=False)
        source = export_source(run.file)
        try:
            report = run_import(source, options, ProgressWriter(run_id))
        finally:
            if not isinstance(source, Path):
                source.close()
        data = report.as_json()
    except Exception as error:
        # The editor sees the reason on the run's page; the traceback goes to the log.
        logger.exception("WordPress import %s failed", run_id)
        ImportRun.objects.filter(pk=run_id).update(
            state=ImportRun.State.FAILED,
            error=str(error) or error.__class__.__name__,
            finished_at=timezone.now(),
        )
        return {"run": run_id, "state": ImportRun.State.FAILED.value}
    ImportRun.objects.filter(pk=run_id).update(
        state=ImportRun.State.DONE, report=data, finished_at=timezone.now()
    )
    return {"run": run_id, "state": ImportRun.State.DONE.value}
