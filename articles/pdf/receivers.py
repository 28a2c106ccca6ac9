"""Saves and deletes that can change a published PDF schedule its re-render.

Publication is hooked explicitly in Article.publish (it writes with .update(), which
sends no signal). Whether anything is rendered is decided later, by content version, so
these receivers stay cheap: no queries, just an on-commit callback per affected object.
"""

from django.db.models.signals import post_delete, post_save


def _schedule(kind: str, pk: int | None) -> None:
    from articles.pdf.tasks import schedule  # imported late: tasks need the app registry

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


def connect() -> None:
    """Schedule re-renders when what a PDF prints changes (called in ready())."""
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            article_changed, sender="articles.Article", dispatch_uid=f"pdf-article-{name}"
        )
        for model in ("articles.Authorship", "articles.Reference", "articles.FeaturedImage"):
            signal.connect(part_changed, sender=model, dispatch_uid=f"pdf-{model}-{name}")
    for kind, model in (
        ("contributor", "contributors.Contributor"),
        ("volume", "series.Volume"),
        ("series", "series.Series"),
    ):
        post_save.connect(
            owner_changed(kind), sender=model, dispatch_uid=f"pdf-{kind}", weak=False
        )
