from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from articles.models.workflow import NotificationTemplate
from colophon.lib.admin_languages import RequiredLanguagesMixin, localized


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(RequiredLanguagesMixin, TranslationAdmin):
    """The workflow e-mails, reworded by editors in every language."""

    list_display = ("__str__", "subject")
    fields = ("action", localized("subject"), localized("body"))
    readonly_fields = ("action",)

    def has_add_permission(self, request) -> bool:
        # One e-mail per workflow step, created by a migration.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
