from django.db import models
from django.utils.translation import gettext_lazy as _


class Generation(models.Model):
    """The one row whose number names the current version of every public page.

    The database, not the cache, is the source of truth: the default cache may be local to
    each process, and several app servers may share one Redis, but they all read this row.
    Any change to what readers see moves `number` on (pagecache/generation.py), which makes
    every page stored under the previous number unreachable at once.
    """

    number = models.BigIntegerField(_("number"), default=1)
    # Sent as Last-Modified: no public page can have changed since.
    changed_at = models.DateTimeField(_("changed"))
    # The next moment a page changes without any save (a language version published for a
    # later date); the first request after it moves the number on.
    next_change = models.DateTimeField(_("next change"), null=True, blank=True)

    class Meta:
        # Named in the raw query every request makes (pagecache/generation.py).
        db_table = "pagecache_generation"
        verbose_name = _("page cache generation")

    def __str__(self) -> str:
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
