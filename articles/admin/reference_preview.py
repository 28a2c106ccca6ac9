"""The bibliography form's live preview in the admin: a posted reference form, formatted
in the piece's citation style, as JSON ({"html": …, "errors": {field: [messages]}})."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseNotAllowed, JsonResponse
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles.bibliography.citing import citation_style
from articles.bibliography.preview import preview_entry
from series.models import Series

PREVIEW_URL_NAME = "admin:articles_article_reference_preview"


class ReferencePreviewMixin:
    """Adds POST /admin/articles/article/reference-preview/ to the article admin."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.reference_preview)
        urls = [path("reference-preview/", view, name="articles_article_reference_preview")]
        return urls + super().get_urls()

    def reference_preview(self, request: HttpRequest) -> JsonResponse | HttpResponseNotAllowed:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        admin: Any = self  # a ModelAdmin mixin
        article = None
        raw = request.POST.get("article", "")
        if raw:
            # get_object goes through the admin's queryset: a piece out of reach is None.
            article = admin.get_object(request, raw) if raw.isdigit() else None
            if article is None or not admin.has_change_permission(request, article):
                raise PermissionDenied
        elif not (admin.has_add_permission(request) or admin.has_change_permission(request)):
            raise PermissionDenied
        series = None
        if article is None and request.POST.get("series", "").isdigit():
            series = Series.objects.filter(pk=request.POST["series"]).first()
        style = citation_style(article, series)
        language = article.original_language if article else (get_language() or "en")
        try:
            result = preview_entry(request.POST, style, language, article)
        except ValueError:
            result = {"html": "", "errors": {"__all__": [_("This entry cannot be previewed.")]}}
        return JsonResponse(result)
