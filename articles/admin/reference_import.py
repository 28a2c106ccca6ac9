"""Importing a piece's references in the admin: paste or upload, preview, add the ticked ones."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.bibliography.import_form import ReferenceImportForm, picked, preview_rows
from articles.bibliography.importing import (
    ReferenceImportError,
    add_references,
    read_references,
)
from articles.models import Article


class ReferenceImportAdminMixin:
    """Adds /admin/articles/article/<pk>/import-references/ to the article admin."""

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/import-references/",
                self.admin_site.admin_view(self.reference_import_view),
                name="articles_article_reference_import",
            )
        ]
        return extra + super().get_urls()

    def reference_import_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        # The same scoping as the list: a series editor gets 404 outside their series.
        article = get_object_or_404(self.get_queryset(request), pk=pk)  # type: ignore[attr-defined]
        if not self.has_change_permission(request, article):  # type: ignore[attr-defined]
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = ReferenceImportForm(request.POST or None, request.FILES or None)
        rows, error = None, ""
        if request.method == "POST" and form.is_valid():
            text, filename = form.cleaned_data["text"], form.cleaned_data["filename"]
            try:
                candidates = read_references(text, filename, article.references.all())
            except ReferenceImportError as problem:
                error = str(problem)
            else:
                if "confirm" in request.POST:
                    return _confirm(request, article, candidates, change_url)
                rows = preview_rows(candidates, article)
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "opts": Article._meta,
            "original": article,
            "title": _("Import references into “%(title)s”") % {"title": article},
            "form": form,
            "rows": rows,
            "error": error,
            "change_url": change_url,
        }
        status = 400 if error else 200
        return TemplateResponse(
            request, "admin/articles/article/reference_import.html", context, status=status
        )


def _confirm(request: HttpRequest, article: Article, candidates, change_url: str):
    chosen = picked(candidates, request.POST.getlist("pick"))
    added = add_references(article, chosen)
    if added:
        messages.success(
            request,
            ngettext("Added %(count)d reference.", "Added %(count)d references.", len(added))
            % {"count": len(added)},
        )
    else:
        messages.info(request, _("No references were added: none was ticked."))
    return redirect(change_url)
