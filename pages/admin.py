from django.conf import settings
from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from colophon.lib.admin_languages import RequiredLanguagesMixin, localized, localized_all
from pages.models import Page


@admin.register(Page)
class PageAdmin(RequiredLanguagesMixin, TranslationAdmin):
    list_display = ("title", "slug", "updated_at")
    search_fields = (*localized_all("title"), "slug")
    fields = (localized("title"), "slug", localized("body"), "updated_at")
    readonly_fields = ("updated_at",)
    prepopulated_fields = {"slug": (build_localized_fieldname("title", settings.LANGUAGE_CODE),)}
