from django.conf import settings
from django.contrib import admin
from django.db.models import Field
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from colophon.lib.admin_languages import RequiredLanguagesMixin, localized, localized_all
from colophon.lib.editor import AdminRichTextWidget
from pages.models import Page


@admin.register(Page)
class PageAdmin(RequiredLanguagesMixin, TranslationAdmin):
    list_display = ("title", "slug", "updated_at")
    search_fields = (*localized_all("title"), "slug")
    fields = (localized("title"), "slug", localized("body"), "updated_at")
    readonly_fields = ("updated_at",)
    prepopulated_fields = {"slug": (build_localized_fieldname("title", settings.LANGUAGE_CODE),)}

    def formfield_for_dbfield(self, db_field: Field, request: HttpRequest, **kwargs):
        # Page bodies are written in the rich-text editor (the languages copy this widget);
        # figures belong to articles only.
        if db_field.name == "body":
            kwargs["widget"] = AdminRichTextWidget(figures=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
