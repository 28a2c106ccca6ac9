"""The references a piece's text may cite, as JSON for the editor's citation picker, and
the body editors of the change form pointed at it."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from articles.bibliography.citable import citable_references
from articles.models import Article
from colophon.lib.editor import RichTextWidget

if TYPE_CHECKING:
    # What the mixin is mixed into; only the type checker needs to know.
    _AdminBase = admin.ModelAdmin[Article]
else:
    _AdminBase = object


class CitableReferencesAdminMixin(_AdminBase):
    """For the article admin: GET <pk>/citable-references/, and the Cite button in the
    body's editors of a saved piece (a new piece has no saved references to cite)."""

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/citable-references/",
                self.admin_site.admin_view(self.citable_references_view),
                name="articles_article_citable_references",
            )
        ]
        return extra + super().get_urls()

    def citable_references_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        # As the change view: a series editor gets 404 outside their series.
        article = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return JsonResponse({"references": citable_references(article)})

    def get_form(
        self, request: HttpRequest, obj: Article | None = None, change: bool = False, **kwargs: Any
    ):
        # By keyword: modeltranslation's get_form takes no `change` in its place.
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk is None:
            return form
        url = reverse("admin:articles_article_citable_references", args=[obj.pk])
        hint = _("Add entries to the bibliography below and save, then cite them.")
        for code, _name in settings.LANGUAGES:
            field = form.base_fields.get(build_localized_fieldname("body", code))
            if field is not None and isinstance(field.widget, RichTextWidget):
                field.widget.offer_citations(url, hint)
        return form
