"""Old addresses that lead to this site's pages: the links readers, papers and court
submissions cite from the site Colophon replaced. Tried only when no Colophon URL answers
(redirects/middleware.py), so a redirect can never hide a page of the site."""

import re
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from redirects.paths import normalise, query_variants, site_relative_problem, split

OLD_PATH_MAX = NEW_PATH_MAX = 500
NOTE_MAX = 300
_REGEX_SYNTAX = re.compile(r"[\\.^$*+?{}\[\]()|]")


def own_address(old_path: str) -> bool:
    """Whether a normalised old path is a fixed address of this site (its home page, a
    list, the admin, the sitemap): one that always answers, so a redirect from it would
    never be tried. An address with a variable part (a piece's or a page's slug) may
    answer "not found", after a slug changed say, so a redirect from it stays allowed."""
    head, _query = split(old_path)
    return head in _fixed_addresses(get_resolver())


@lru_cache(maxsize=4)
def _fixed_addresses(resolver: URLResolver) -> frozenset[str]:
    # Gathered once from the URL patterns rather than by resolve() per path: an import
    # points hundreds of thousands of old addresses, and a failed resolve() is slow.
    found: set[str] = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            _gather(resolver.url_patterns, "/", found)
    return frozenset(found)


def _gather(entries: list[URLPattern | URLResolver], prefix: str, found: set[str]) -> None:
    for entry in entries:
        literal = _literal(entry.pattern)
        if literal is None:
            continue
        if isinstance(entry, URLResolver):
            _gather(entry.url_patterns, prefix + literal, found)
        else:
            found.add(normalise(prefix + literal))


def _literal(pattern: object) -> str | None:
    """The text a URL pattern matches when it matches one text only, else None."""
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        return None if "<" in route else route
    if isinstance(pattern, RegexPattern):
        regex = str(pattern).removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        return None if _REGEX_SYNTAX.search(regex) else regex
    return None


def old_path_problem(old_path: str) -> str:
    """Why a normalised `old_path` cannot be stored, or "" when it can."""
    if len(old_path) > OLD_PATH_MAX:
        return str(_("is longer than %(max)d characters") % {"max": OLD_PATH_MAX})
    if own_address(old_path):
        return str(
            _(
                "is an address of this site, which always answers, so a redirect from it "
                "would never be tried"
            )
        )
    return ""


def new_path_problem(new_path: str, old_path: str = "") -> str:
    """Why `new_path` cannot be a target (for `old_path`, when given), or "" when it can."""
    if len(new_path) > NEW_PATH_MAX:
        return str(_("is longer than %(max)d characters") % {"max": NEW_PATH_MAX})
    problem = site_relative_problem(new_path)
    if problem:
        return problem
    if old_path and normalise(new_path) == old_path:
        return str(_("leads back to the old path itself"))
    return ""


class RedirectQuerySet(models.QuerySet["Redirect"]):
    def point(self, old: str, new_path: str, note: str = "") -> str:
        """Make the old address `old` (a path or a full URL) lead to `new_path`, a path on
        this site; "new", "updated" or "unchanged". Raises ValidationError, naming the
        field, for a target off this site or an old address this site itself answers."""
        old_path = normalise(old)
        errors = {}
        if problem := old_path_problem(old_path):
            errors["old_path"] = f"{old_path}: {problem}"
        if problem := new_path_problem(new_path, old_path):
            errors["new_path"] = f"{new_path}: {problem}"
        if errors:
            raise ValidationError(errors)
        note = note[:NOTE_MAX]
        existing = self.filter(old_path=old_path).first()
        if existing is None:
            self.create(old_path=old_path, new_path=new_path, note=note)
            return "new"
        if existing.new_path == new_path and existing.note == note:
            return "unchanged"
        existing.new_path, existing.note = new_path, note
        existing.save(update_fields=["new_path", "note", "updated_at"])
        return "updated"

    def find(self, path: str, query: str = "") -> "Redirect | None":
        """The redirect for a request's `path` and query string, in one query: the whole
        address first, then the path with one of its parameters, then the path alone."""
        # No stored address holds a NUL, and PostgreSQL refuses one in a query's text.
        variants = [v for v in query_variants(path, query) if "\x00" not in v]
        if not variants:
            return None
        found = {row.old_path: row for row in self.filter(old_path__in=variants)}
        return next((found[v] for v in variants if v in found), None)


class Redirect(models.Model):
    # Stored normalised by redirects.paths.normalise(): decoded, no trailing slash (except
    # "/"), the query string's parameters sorted.
    old_path = models.CharField(
        _("old path"),
        max_length=OLD_PATH_MAX,
        unique=True,
        help_text=_("A path on the old site, such as /2019/05/my-post/ or /?p=123."),
    )
    new_path = models.CharField(
        _("new path"),
        max_length=NEW_PATH_MAX,
        help_text=_("Where it leads now: a path on this site, such as /en/articles/my-post/."),
    )
    note = models.CharField(
        _("note"),
        max_length=NOTE_MAX,
        blank=True,
        help_text=_("Where the redirect came from, such as “WordPress post 123, permalink”."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self) -> str:
        return f"{self.old_path} → {self.new_path}"

    def clean(self) -> None:
        """The old path in its one spelling; both paths checked as point() checks them."""
        errors = {}
        if self.old_path:
            self.old_path = normalise(self.old_path)
            if problem := old_path_problem(self.old_path):
                errors["old_path"] = problem
        if self.new_path:
            self.new_path = self.new_path.strip()
            if problem := new_path_problem(self.new_path, self.old_path):
                errors["new_path"] = problem
        if errors:
            raise ValidationError(errors)

    def target(self, query: str) -> str:
        """Where a request that found this redirect goes: the new path, with the request's
        query string when the match was on the path alone (a tracking parameter added to
        a permalink survives); a match on a query, such as ?p=123, consumed it."""
        if query and "?" not in self.old_path and "?" not in self.new_path:
            return f"{self.new_path}?{query}"
        return self.new_path
