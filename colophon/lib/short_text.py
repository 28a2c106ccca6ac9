"""The form widget for short rich text (bios, series and volume descriptions).

One place for the portal and the admin, so that the rich-text editor replaces the plain
textarea everywhere with a change to the one line marked below.
"""

from django import forms


def short_text_widget(*, admin: bool = False) -> forms.Widget:
    """The widget for a short-rich-text field; `admin` for the admin's forms."""
    # The one line to swap for the editor's "short" profile:
    # return (AdminRichTextWidget if admin else RichTextWidget)(profile="short")
    return forms.Textarea(attrs={"rows": 4, "cols": 80} if admin else {"rows": 4})


def is_short_text_field(name: str, fields: tuple[str, ...]) -> bool:
    """Whether `name` is one of `fields` or a per-language copy of one (bio, bio_en, …)."""
    return any(name == field or name.startswith(f"{field}_") for field in fields)
