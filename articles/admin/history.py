"""Revisions in the article admin: history, compare two revisions, restore one.

django-reversion's VersionAdmin records a revision on every admin save; this mixin keeps
its views inside the editor's series and keeps the workflow's columns (state, dates) as
they are when older text is restored.
"""

from typing import TYPE_CHECKING

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article
from articles.models.revisions import compare, versions_of
from colophon.lib.languages import language_codes

if TYPE_CHECKING:
    # What the mixin is mixed into; only the type checker needs to know.
    _AdminBase = admin.ModelAdmin[Article]
else:
    _AdminBase = object

WORKFLOW_STATE = [
    "status",
    "withdrawn_at",
    "submitted_at",
    "submitted_by_id",
    "edit_version",
    "published_at",
    "corrected_at",
    "deleted_at",
    "handling_editor_id",
    "preview_generation",
]


def _workflow_state(article: Article) -> dict:
    names = [
        *WORKFLOW_STATE,
        *(build_localized_fieldname("published_at", code) for code in language_codes()),
        *(build_localized_fieldname("public_notice", code) for code in language_codes()),
        *(build_localized_fieldname("correction_notice", code) for code in language_codes()),
    ]
    return {name: getattr(article, name) for name in names}


class HistoryAdminMixin(_AdminBase):
    def _scoped(self, request: HttpRequest, object_id) -> Article:
        return get_object_or_404(self.get_queryset(request), pk=object_id)

    def history_view(self, request, object_id, extra_context=None):
        article = self._scoped(request, object_id)
        context = {
            "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self._scoped(request, object_id)
        # Restoring text must not move the piece back to an old state or date.
        request._colophon_workflow_state = (article.pk, _workflow_state(article))
        return super().revision_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        state = getattr(request, "_colophon_workflow_state", None)
        if state is not None:
            pk, values = state
            Article.objects.filter(pk=pk).update(**values)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        # Deleted pieces are not tied to a series any more: only editors may recover them.
        if not (request.user.is_superuser or request.user.has_perm("articles.edit_any_series")):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not (request.user.is_superuser or request.user.has_perm("articles.edit_any_series")):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            )
        ]
        return extra + super().get_urls()

    def compare_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = self._scoped(request, pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = versions_of(article)
        by_id = {str(v.pk): v for v in versions}
        older, newer = by_id.get(request.GET.get("a", "")), by_id.get(request.GET.get("b", ""))
        table = None
        if older and newer:
            if older.revision.date_created > newer.revision.date_created:
                older, newer = newer, older
            table = compare(older, newer)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _("Compare revisions of “%(title)s”") % {"title": article},
            "versions": versions,
            "table": table,
            "older": older,
            "newer": newer,
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)
