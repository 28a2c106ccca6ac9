"""Small pieces of admin pages that every app's admin shows the same way."""

from django.db.models.fields.files import FieldFile
from django.utils.html import format_html
from django.utils.safestring import SafeString


def thumbnail(file: FieldFile | None, width: int = 160) -> SafeString | str:
    if not file:
        return "—"
    # The picture's own alt text is edited beside it; this preview adds nothing to it.
    return format_html(
        '<a href="{url}"><img src="{url}" alt="" width="{width}" class="colophon-thumbnail"></a>',
        url=file.url,
        width=width,
    )
