"""Deleting a piece in the admin is soft and can be undone.

The delete button and the bulk "delete" action mark the piece deleted (soft_delete in
articles/workflow/deletion.py); the queue hides deleted pieces unless the "Deleted
pieces" filter asks for them, and the "Restore" action brings them back.
django-reversion's "Recover deleted articles" list, which only knows rows that are gone,
leads to that filter instead.
"""

from typing import cast

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article, ArticleQuerySet
from articles.workflow.deletion import restore, soft_delete


class DeletedFilter(admin.SimpleListFilter):
    title = _("deleted")
    parameter_name = "deleted"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Deleted pieces"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        # The admin works on Article.all_objects: without the filter, deleted pieces are out.
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset.filter(deleted_at__isnull=True)


def _may_restore(request: HttpRequest) -> bool:
    # Deleted pieces are outside any editor's queue: only those who may delete restore.
    return request.user.has_perm("articles.delete_article")


@admin.action(description=_("Restore the selected deleted pieces"), permissions=["delete"])
def restore_articles(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Article]
) -> None:
    restored, refused = [], []
    # The admin's rows come from Article.all_objects, an ArticleQuerySet.
    for article in cast(ArticleQuerySet, queryset).deleted():
        try:
            restore(article, request.user)
        except ValidationError as error:
            refused.append(f"“{article}”: {' '.join(error.messages)}")
        else:
            restored.append(article)
    if restored:
        messages.success(
            request,
            ngettext("Restored %(count)d piece.", "Restored %(count)d pieces.", len(restored))
            % {"count": len(restored)},
        )
    for line in refused:
        messages.error(request, line)


class SoftDeleteAdminMixin:
    """Added to ArticleAdmin: delete marks the piece deleted instead of removing the row."""

    def get_deleted_objects(self, objs, request: HttpRequest):
        # Only the piece is marked; its bylines, bibliography, image and history stay.
        objs = list(objs)
        counts = {str(Article._meta.verbose_name_plural): len(objs)} if objs else {}
        return [str(obj) for obj in objs], counts, set(), []

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        soft_delete(obj, request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset.filter(deleted_at__isnull=True):
            soft_delete(article, request.user)

    def recoverlist_view(self, request: HttpRequest, extra_context=None):
        if not _may_restore(request):
            raise PermissionDenied
        changelist = reverse("admin:articles_article_changelist")
        return HttpResponseRedirect(f"{changelist}?{DeletedFilter.parameter_name}=yes")

    def recover_view(self, request: HttpRequest, version_id, extra_context=None):
        # Rows are never removed any more, so there is nothing to rebuild from a revision.
        return self.recoverlist_view(request, extra_context)
