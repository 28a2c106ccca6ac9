"""Soft delete: a deleted piece keeps its row, its revisions and its state, and can be
restored. Article.objects leaves deleted pieces out of everything readers, feeds, sitemaps
and search see; OAI-PMH reports one that was public as a deleted record. Both steps go
through the workflow (articles/workflow/steps.py), so each writes a timeline event.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from articles.models.article import Article
from articles.models.workflow import ArticleEvent
from articles.workflow.steps import Actor, transition


@transaction.atomic
def soft_delete(article: Article, by: Actor = None) -> ArticleEvent:
    """Hide a piece from readers, feeds, sitemaps and search; OAI-PMH reports a piece that
    was public as a deleted record. The row, its revisions and its state are kept."""
    locked = Article.all_objects.select_for_update().get(pk=article.pk)
    now = timezone.now()
    changes: dict[str, Any] = {"deleted_at": now}
    if locked.published_languages():
        changes["withdrawn_at"] = now
    return transition(article, "delete", by, changes=changes)


@transaction.atomic
def restore(article: Article, by: Actor = None) -> ArticleEvent:
    """Undo a soft delete: the piece comes back in the state and at the dates it had."""
    locked = Article.all_objects.select_for_update().get(pk=article.pk)
    changes: dict[str, Any] = {"deleted_at": None}
    locked.deleted_at = None
    if locked.published_languages():
        changes["withdrawn_at"] = None
    return transition(article, "restore", by, changes=changes)
