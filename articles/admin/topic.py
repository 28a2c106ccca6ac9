from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from articles.models import Topic
from colophon.lib.admin_languages import RequiredLanguagesMixin, localized, localized_all

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class ArticleTotal(TypedDict):
    """What get_queryset() annotates each row with."""

    article_total: int


@admin.register(Topic)
class TopicAdmin(RequiredLanguagesMixin, TranslationAdmin):
    list_display = ("name", "slug", "group", "article_count")
    list_filter = ("group",)
    search_fields = (*localized_all("name"), "slug")
    fields = (localized("name"), ("slug", "group"))
    prepopulated_fields = {"slug": (build_localized_fieldname("name", settings.LANGUAGE_CODE),)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("pieces"), ordering="article_total")
    def article_count(self, topic: "WithAnnotations[Topic, ArticleTotal]") -> int:
        return topic.article_total
