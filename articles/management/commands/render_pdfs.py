import time
from collections.abc import Iterator
from typing import cast

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from articles.models import PdfRender
from articles.pdf.content import (
    RENDER_AHEAD_STATUSES,
    PdfSource,
    articles_for_pdf,
    series_source,
    sources_for_article,
    volume_source,
)
from articles.pdf.render import limit
from articles.pdf.storage import RenderUnavailable, ensure_render, stored_render
from series.models import Series, Volume


def current_sources() -> Iterator[PdfSource]:
    """Every PDF readers can download now (or once a scheduled version goes out)."""
    articles = articles_for_pdf().filter(status__in=RENDER_AHEAD_STATUSES).order_by("pk")
    for article in articles:
        yield from sources_for_article(article)
    languages = [code for code, _name in settings.LANGUAGES]
    for volume in Volume.objects.select_related("series").order_by("pk"):
        yield from filter(None, (volume_source(volume, code) for code in languages))
    for series in Series.objects.order_by("pk"):
        yield from filter(None, (series_source(series, code) for code in languages))


class Command(BaseCommand):
    help = (
        "Render the reader PDFs (pieces, volumes, series) whose current content version is "
        "not stored yet (--stale, the default), or every one of them again (--all)."
    )

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--stale", action="store_true", help="Render only what is missing (default)."
        )
        which.add_argument(
            "--all", action="store_true", help="Render every current PDF again, stored or not."
        )

    def handle(self, *args, all: bool = False, **options) -> None:
        started = time.monotonic()
        sources = list(current_sources())
        counts = {"rendered": 0, "current": 0, "failed": 0}
        width = len(str(len(sources)))
        patience = limit("PDF_RENDER_TIME_LIMIT") + 10
        for number, source in enumerate(sources, start=1):
            label = f"[{number:>{width}}/{len(sources)}] {source.kind} {source.slug}"
            label += f" ({source.language})"
            if not all and stored_render(source) is not None:
                counts["current"] += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"{label}: current")
                continue
            if all:
                self._forget(source)
            try:
                # Another process rendering this version is waited for, however long.
                render = ensure_render(source, retry_failed=True, patience=patience)
            except RenderUnavailable as error:
                counts["failed"] += 1
                self.stderr.write(f"{label}: FAILED: {error}")
                continue
            counts["rendered"] += 1
            self.stdout.write(
                f"{label}: {render.pages} pages, {cast(int, render.size) // 1024} KB, "
                f"{render.render_seconds or 0:.1f} s"
            )
        elapsed = time.monotonic() - started
        summary = (
            f"Rendered {counts['rendered']} PDF(s), {counts['current']} already current, "
            f"{counts['failed']} failed, in {elapsed:.1f} s."
        )
        if counts["failed"]:
            raise CommandError(summary)
        self.stdout.write(summary)

    @staticmethod
    def _forget(source: PdfSource) -> None:
        """Drop the stored file of this version so that it is rendered afresh."""
        rows = PdfRender.objects.for_document(source.kind, source.object_id, source.language)
        for row in rows.filter(version=source.version):
            if row.file:
                default_storage.delete(row.file.name)
            row.status, row.file = PdfRender.Status.PENDING, ""
            row.save(update_fields=["status", "file"])
