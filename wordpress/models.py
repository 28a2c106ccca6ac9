"""What an import from WordPress remembers: each run, and where each WordPress record went.

ImportedItem makes a second run update rather than duplicate: a post, page, author, guest
author, attachment or term is known by its site and WordPress identifier. `written` keeps
a hash of each field as the import last wrote it, so a field an editor has changed since
is noticed and kept (unless the run overwrites), field by field.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from colophon.lib.images import UnguessablePath


class ImportedItem(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("Post")
        PAGE = "page", _("Page")
        AUTHOR = "author", _("Author")
        GUEST_AUTHOR = "guest-author", _("Guest author")
        ATTACHMENT = "attachment", _("Attachment")
        CATEGORY = "category", _("Category")
        TAG = "tag", _("Tag")

    # The export's <wp:base_site_url>, normalised (wordpress.wxr.site_key): two sites'
    # post 12 are two posts.
    site = models.CharField(_("site"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # A post's or attachment's ID, an author's login, a term's or guest author's slug.
    wordpress_id = models.CharField(_("WordPress identifier"), max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # A hash of the WordPress record as last imported: an unchanged record is skipped.
    source_hash = models.CharField(max_length=64, blank=True)
    # {field name: hash of the value the import wrote}, to notice editors' later changes.
    written = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress record")
        verbose_name_plural = _("imported WordPress records")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "wordpress_id"], name="one_record_per_wordpress_id"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.wordpress_id} ({self.site})"


class ImportRun(models.Model):
    """One import of an export file uploaded in the admin: its dry run, then the real run
    on the task queue, with its progress and report."""

    class State(models.TextChoices):
        CHECKED = "checked", _("Checked (dry run)")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # Kept in the default storage under a folder colophon/media.py never serves: an export
    # holds drafts and authors' e-mail addresses. A bucket behind a public CDN domain serves
    # any name it is asked for, so each file sits in a folder with a random name.
    file = models.FileField(
        _("export file"), upload_to=UnguessablePath("wordpress-imports/"), max_length=300
    )
    file_name = models.CharField(_("file name"), max_length=255)
    mapping = models.TextField(_("mapping"), blank=True)
    # since (ISO date), overwrite, fetch_media: what the command's options would say.
    options = models.JSONField(_("options"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.CHECKED
    )
    done = models.PositiveIntegerField(_("posts done"), default=0)
    total = models.PositiveIntegerField(_("posts in all"), default=0)
    dry_run_report = models.JSONField(_("dry-run report"), null=True, blank=True)
    report = models.JSONField(_("report"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("WordPress import")
        verbose_name_plural = _("WordPress imports")

    def __str__(self) -> str:
        return self.file_name
