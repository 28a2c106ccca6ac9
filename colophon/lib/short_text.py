"""The form widget for short rich text (bios, series and volume descriptions).

One place for the portal and the admin: the rich-text editor's "short" profile (bold,
italic, links), a plain textarea without JavaScript.
"""

from django import forms

from colophon.lib.editor import AdminRichTextWidget, RichTextWidget


def short_text_widget(*, admin: bool = False) -> forms.Widget:
    """The widget for a short-rich-text field; `admin` for the admin's forms."""
    widget = AdminRichTextWidget if admin else RichTextWidget
    return widget(profile="short", attrs={"rows": 4, "cols": 80} if admin else {"rows": 4})


def is_short_text_field(name: str, fields: tuple[str, ...]) -> bool:
    """Whether `name` is one of `fields` or a per-language copy of one (bio, bio_en, …)."""
    return any(name == field or name.startswith(f"{field}_") for field in fields)
