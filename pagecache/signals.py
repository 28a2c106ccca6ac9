"""What starts a new generation: every save or delete of something readers can see.

Watched: pieces and everything printed with them (bylines, references, featured images,
topics and a piece's list of topics), contributors, series, volumes and editors' pages;
a finished PDF render (the download link shows its size); and `migrate`, which every
deployment runs, so pages made by older code are not served by newer code.

Not watched, because they change without changing a public page: PDF render bookkeeping
(PdfRender), search index rows (rewritten inside the same transaction as the piece that
caused them), workflow events and notification templates, series editors, users,
sessions, revisions, admin log entries and task results. Workflow steps write pieces with
a bulk UPDATE and call bump() themselves (articles/workflow/steps.py).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.models import Article
from articles.pdf.storage import pdf_rendered
from pagecache.generation import bump

PUBLIC_MODELS = (
    "articles.Article",
    "articles.Authorship",
    "articles.Reference",
    "articles.FeaturedImage",
    "articles.Topic",
    "series.Series",
    "series.Volume",
    "contributors.Contributor",
    "pages.Page",
)


def content_changed(sender, using: str = "default", **kwargs) -> None:
    # Raw saves (loaddata) change public content too, so they are not skipped.
    bump(using)


def topics_changed(sender, action: str, using: str = "default", **kwargs) -> None:
    if action.startswith("post_"):
        bump(using)


def render_stored(sender, **kwargs) -> None:
    bump()


def migrated(sender, using: str = "default", **kwargs) -> None:
    bump(using)


for _model in PUBLIC_MODELS:
    post_save.connect(content_changed, sender=_model, dispatch_uid=f"pagecache-save-{_model}")
    post_delete.connect(content_changed, sender=_model, dispatch_uid=f"pagecache-delete-{_model}")
m2m_changed.connect(topics_changed, sender=Article.topics.through, dispatch_uid="pagecache-m2m")
pdf_rendered.connect(render_stored, dispatch_uid="pagecache-pdf")
