"""Stored renders of the reader PDFs: one row per document, language and content version.

A row is created the first time a version is asked for (by a reader or by the task that
renders ahead of readers). The unique constraint on (kind, object, language, version)
and the conditional UPDATE in `claim()` are what stop two processes rendering the same
version: they work the same way on PostgreSQL and SQLite. The claimant proves it is alive
with `beat()` about once a second while its render runs, so a claim whose heartbeat has
stopped (the process was killed) is taken over within seconds.
"""

import os
import socket
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PdfRenderQuerySet(models.QuerySet):
    def for_document(self, kind: str, object_id: int, language: str):
        return self.filter(kind=kind, object_id=object_id, language=language)

    def ready(self):
        return self.filter(status=PdfRender.Status.READY)


class PdfRender(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        VOLUME = "volume", _("Volume")
        SERIES = "series", _("Series")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=10)
    # sha256 of everything that appears in the PDF (articles.pdf.content.content_version).
    version = models.CharField(_("content version"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("file"), max_length=300, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # When this content version was first seen: the PDF's modification date and the
    # Last-Modified header, so an unchanged save never moves it.
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("render started"), null=True, blank=True)
    # Who holds the claim ("host:pid" of the process that renders) and when it last said
    # it was alive; the render itself runs in a child process whose pid is kept too, so
    # an operator can find it (articles.pdf.process).
    claimed_by = models.CharField(_("claimed by"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    render_pid = models.PositiveIntegerField(_("render process id"), null=True, blank=True)
    # When a failed render may be tried again before PDF_RETRY_FAILED_AFTER: soon after a
    # failure that came from outside the content (a killed process, a storage error).
    retry_at = models.DateTimeField(_("retry after"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    render_seconds = models.FloatField(_("render time (s)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # How many times this version's render was started: 1 in a healthy deployment. More
    # means a claim went stale (a render died or overran) or a failed render was retried.
    render_count = models.PositiveIntegerField(_("renders started"), default=0)

    objects = PdfRenderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language", "version"],
                name="pdfrender_unique_version",
            ),
        ]
        indexes = [models.Index(fields=["kind", "object_id", "language", "status"])]
        verbose_name = _("PDF render")
        verbose_name_plural = _("PDF renders")

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.object_id} [{self.language}] {self.version[:12]} ({self.status})"
        )

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    def claim(self, stale_after: timedelta, retry_failed_after: timedelta) -> bool:
        """Take the right to render this version; True for exactly one caller at a time.

        A single conditional UPDATE: PostgreSQL locks the row and re-checks the condition,
        SQLite takes its write lock, so two callers can never both see one row updated.
        A claim whose heartbeat is older than `stale_after` belongs to a render that
        died; a failed version is retried only after `retry_failed_after`, so hostile
        content cannot make every request start a render.
        """
        now = timezone.now()
        cutoff = now - stale_after
        claimable = (
            models.Q(status=self.Status.PENDING)
            | models.Q(status=self.Status.RENDERING, heartbeat_at__lt=cutoff)
            | models.Q(status=self.Status.RENDERING, heartbeat_at=None, claimed_at__lt=cutoff)
            | models.Q(status=self.Status.FAILED, claimed_at__lt=now - retry_failed_after)
            | models.Q(status=self.Status.FAILED, retry_at__lte=now)
        )
        fields = {
            "status": self.Status.RENDERING,
            "claimed_at": now,
            "claimed_by": claimant(),
            "heartbeat_at": now,
            "render_pid": None,
            "retry_at": None,
            "error": "",
        }
        updated = PdfRender.objects.filter(claimable, pk=self.pk).update(
            **fields, render_count=models.F("render_count") + 1
        )
        if updated:
            for name, value in fields.items():
                setattr(self, name, value)
            self.render_count += 1
        return bool(updated)

    def holding(self):
        """This row, as long as the claim this instance took is still the current one."""
        return PdfRender.objects.filter(
            pk=self.pk, status=self.Status.RENDERING, claimed_at=self.claimed_at
        )

    def beat(self, render_pid: int | None = None) -> bool:
        """Say the claimant is alive (and which process renders); False if it lost the claim."""
        fields: dict = {"heartbeat_at": timezone.now()}
        if render_pid is not None:
            fields["render_pid"] = render_pid
        return bool(self.holding().update(**fields))

    def fail(self, reason: str, retry_in: timedelta | None = None) -> None:
        """Record why the claimed render failed, which also ends the claim.

        `retry_in`: the failure did not come from the content, so the version may be
        rendered again that soon rather than after PDF_RETRY_FAILED_AFTER.
        """
        retry_at = timezone.now() + retry_in if retry_in is not None else None
        self.holding().update(
            status=self.Status.FAILED, error=reason[:2000], render_pid=None, retry_at=retry_at
        )
        self.status, self.error, self.retry_at = self.Status.FAILED, reason, retry_at

    def release(self) -> None:
        """Give the claim back unfinished (the claimant is stopping): next caller renders."""
        self.holding().update(status=self.Status.PENDING, heartbeat_at=None, render_pid=None)


def claimant() -> str:
    """This process, as it is named on the claims it holds."""
    return f"{socket.gethostname()}:{os.getpid()}"
