"""Redirects in the admin: found by either path, filtered by where they came from, each
with a link that tries its old address on this site. Editors have every permission on
them (redirects/migrations/0002_editor_permissions.py); series editors none, since one
redirect can take over any old address of the site."""

import re

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from redirects.models import Redirect

_NUMBER = re.compile(r"\d+")
# The placeholder a number in a note becomes among the filter's choices.
_ANY_NUMBER = "№"
NOTE_CHOICES_SCANNED = 5000
NOTE_CHOICES_SHOWN = 40


class NoteFilter(admin.SimpleListFilter):
    """Notes with their numbers taken out, so that "WordPress post 12, permalink" and
    "WordPress post 13, permalink" are one choice: where a redirect came from."""

    title = _("note")
    parameter_name = "note"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        notes = (
            Redirect.objects.order_by("note")
            .values_list("note", flat=True)
            .distinct()[:NOTE_CHOICES_SCANNED]
        )
        kinds = sorted({_NUMBER.sub(_ANY_NUMBER, note) for note in notes})
        return [(kind, kind or str(_("(no note)"))) for kind in kinds[:NOTE_CHOICES_SHOWN]]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Redirect]) -> QuerySet[Redirect]:
        kind = self.value()
        if kind is None:
            return queryset
        if _ANY_NUMBER not in kind:
            return queryset.filter(note=kind)
        parts = (re.escape(part) for part in kind.split(_ANY_NUMBER))
        return queryset.filter(note__regex="^" + "[0-9]+".join(parts) + "$")


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "new_path", "note", "updated_at", "test_link")
    search_fields = ("old_path", "new_path")
    list_filter = (NoteFilter,)
    fields = ("old_path", "new_path", "note", "test_link", "created_at", "updated_at")
    readonly_fields = ("test_link", "created_at", "updated_at")
    list_per_page = 50

    @admin.display(description=_("test"))
    def test_link(self, redirect: Redirect) -> SafeString | str:
        if not redirect.pk:
            return ""
        # Opens the old address on this site, which the fallback answers when no page does.
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
            iri_to_uri(redirect.old_path),
            _("open the old address"),
        )
