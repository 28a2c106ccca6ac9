"""What makes the PDFs of a piece, volume or series render again, ahead of readers.

A publication is a workflow step (articles.workflow.events.step_taken); saves and deletes
of what a PDF prints are model signals. Whether anything is rendered is decided later, by
content version, so these receivers stay cheap: no queries, just an on-commit callback
per affected object. All are connected in ArticlesConfig.ready().
"""

from django.db.models.signals import post_delete, post_save

from articles.models.workflow import ArticleEvent
from articles.pdf.tasks import ARTICLE, CONTRIBUTOR, SERIES, VOLUME, schedule
from articles.workflow.events import step_taken

# The steps after which a piece's PDFs are rendered before its first reader asks.
RENDERS_AHEAD = frozenset({"publish", "schedule"})


def publication(sender, event: ArticleEvent, **kwargs) -> None:
    if event.action in RENDERS_AHEAD:
        schedule(ARTICLE, event.article_id)


def article_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if kwargs.get("signal") is post_delete:
        # The piece is gone: only the collections it was part of change.
        schedule(VOLUME, instance.volume_id)
    elif instance.status == instance.Status.PUBLISHED:
        schedule(ARTICLE, instance.pk)


def part_changed(sender, instance, **kwargs) -> None:
    """An authorship, reference or featured image: its article's PDFs change."""
    if not kwargs.get("raw"):
        schedule(ARTICLE, instance.article_id)


def owner_changed(kind: str):
    def receiver(sender, instance, **kwargs) -> None:
        if not kwargs.get("raw") and kwargs.get("signal") is not post_delete:
            schedule(kind, instance.pk)

    return receiver


def connect() -> None:
    """Schedule re-renders when what a PDF prints changes (called in ready())."""
    step_taken.connect(publication, dispatch_uid="pdf-publication")
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            article_changed, sender="articles.Article", dispatch_uid=f"pdf-article-{name}"
        )
        for model in (
            "articles.Authorship",
            "articles.Reference",
            "articles.FeaturedImage",
            "articles.BodyFigure",
        ):
            signal.connect(part_changed, sender=model, dispatch_uid=f"pdf-{model}-{name}")
    for kind, model in (
        (CONTRIBUTOR, "contributors.Contributor"),
        (VOLUME, "series.Volume"),
        (SERIES, "series.Series"),
    ):
        post_save.connect(
            owner_changed(kind), sender=model, dispatch_uid=f"pdf-{kind}", weak=False
        )
