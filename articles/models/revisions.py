"""Revisions of every article save, with django-reversion.

Registered from ArticlesConfig.ready(), which runs after modeltranslation has added the
translated columns (title_en, body_es, …), so a revision holds every language. A revision
of a piece follows its bylines, bibliography and featured image credit.
"""

import difflib

import reversion
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from reversion.models import Version

from articles.models.article import Article, Authorship
from articles.models.figures import BodyFigure
from articles.models.images import FeaturedImage
from articles.models.references import Reference

ARTICLE_FOLLOW = ("authorships", "references", "image", "figures")


def register_models() -> None:
    for model in (Authorship, Reference, FeaturedImage, BodyFigure):
        if not reversion.is_registered(model):
            reversion.register(model)
    if not reversion.is_registered(Article):
        # Every column is kept (a revision is a whole snapshot); restoring through the admin
        # puts the workflow's own columns back as they are now (admin/history.py).
        reversion.register(Article, follow=ARTICLE_FOLLOW)


def versions_of(article) -> list[Version]:
    return list(Version.objects.get_for_object(article).select_related("revision__user"))


def _flat(version: Version) -> dict[str, str]:
    """Every field of the piece and of what it follows, as text keyed by a readable name."""
    fields = {name: str(value) for name, value in version.field_dict.items()}
    for other in version.revision.version_set.exclude(pk=version.pk).select_related(
        "content_type"
    ):
        label = f"{other.content_type.model} {other.object_id}"
        for name, value in other.field_dict.items():
            if name not in {"id", "article", "article_id"}:
                fields[f"{label} · {name}"] = str(value)
    return fields


def compare(older: Version, newer: Version) -> SafeString:
    """A table of the fields that differ between two revisions, with a line diff of each."""
    before, after = _flat(older), _flat(newer)
    rows = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, ""), after.get(name, "")
        if old == new:
            continue
        diff = "\n".join(
            difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
        )
        rows.append((name, diff or f"- {old}\n+ {new}"))
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th><td><pre class="colophon-pre-wrap">{}</pre></td></tr>',
        rows,
    ) or format_html("<tr><td>{}</td></tr>", "—")
