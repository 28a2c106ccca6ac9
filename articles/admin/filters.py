from typing import cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleQuerySet
from colophon.lib.admin_languages import language_names


class PublishedInFilter(admin.SimpleListFilter):
    """Pieces a reader can see now in the chosen language (scheduled ones are not)."""

    title = _("published in")
    parameter_name = "published_in"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return list(language_names().items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        language = self.value()
        if language in language_names():
            # The admin's rows come from Article.all_objects, an ArticleQuerySet.
            return cast(ArticleQuerySet, queryset).published(language)
        return queryset
