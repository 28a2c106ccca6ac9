"""Saves and deletes that can change a published PDF schedule its re-render.

Publication is hooked explicitly in Article.publish (it writes with .update(), which
sends no signal). Whether anything is rendered is decided later, by content version, so
these receivers stay cheap: no queries, just an on-commit callback per affected object.
"""

from django.db.models.signals import post_delete, post_save


def _schedule(kind: str, pk: int | None) -> None:
    from articles.pdf_tasks import schedule  # imported late: tasks need the app registry

    schedule(kind, pk)


def article_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if kwargs.get("signal") is post_delete:
        # The piece is gone: only the collections it was part of change.
        _schedule("volume", instance.volume_id)
    elif instance.status == instance.Status.PUBLISHED:
        _schedule("article", instance.pk)


def part_changed(sender, instance, **kwargs) -> None:
    """An authorship, reference or featured image: its article's PDFs change."""
    if not kwargs.get("raw"):
        _schedule("article", instance.article_id)


def owner_changed(kind: str):
    def receiver(sender, instance, **kwargs) -> None:
        if not kwargs.get("raw") and kwargs.get("signal") is not post_delete:
            _schedule(kind, instance.pk)

    return receiver


_contributor_changed = owner_changed("contributor")
_volume_changed = owner_changed("volume")
_series_changed = owner_changed("series")

for _signal, _name in ((post_save, "save"), (post_delete, "delete")):
    _signal.connect(
        article_changed, sender="articles.Article", dispatch_uid=f"pdf-article-{_name}"
    )
    for _model in ("articles.Authorship", "articles.Reference", "articles.FeaturedImage"):
        _signal.connect(part_changed, sender=_model, dispatch_uid=f"pdf-{_model}-{_name}")
post_save.connect(
    _contributor_changed, sender="contributors.Contributor", dispatch_uid="pdf-contributor"
)
post_save.connect(_volume_changed, sender="series.Volume", dispatch_uid="pdf-volume")
post_save.connect(_series_changed, sender="series.Series", dispatch_uid="pdf-series")
