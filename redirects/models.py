"""Old addresses that lead to this site's pages: the links readers, papers and court
submissions cite from the site Colophon replaced. Tried only when no Colophon URL answers
(redirects/middleware.py), so a redirect can never hide a page of the site."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Redirect(models.Model):
    # Stored normalised by redirects.paths.normalise(): decoded, no trailing slash (except
    # "/"), the query string's parameters sorted.
    old_path = models.CharField(
        _("old path"),
        max_length=500,
        unique=True,
        help_text=_("A path on the old site, such as /2019/05/my-post/ or /?p=123."),
    )
    new_path = models.CharField(
        _("new path"),
        max_length=500,
        help_text=_("Where it leads now: a path on this site, such as /en/articles/my-post/."),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("Where the redirect came from, such as “WordPress post 123, permalink”."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self) -> str:
        return f"{self.old_path} → {self.new_path}"
