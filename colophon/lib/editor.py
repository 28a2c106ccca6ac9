"""The rich-text editor's form widgets.

A plain <textarea> that static/js/editor/editor.js turns into the editor: without
JavaScript the field still works as a textarea of HTML, which the sanitiser cleans on
save. The module is loaded from our own origin with no import map and no inline script
(django-prose-editor's own widget prints an inline import map, which the policy refuses).
"""

from typing import Any, Literal, cast

from django import forms
from django.templatetags.static import static
from django.utils.html import format_html

Profile = Literal["body", "short"]

EDITOR_CSS = (
    "django_prose_editor/material-icons.css",
    "django_prose_editor/editor.css",
    "css/editor.css",
)
EDITOR_JS = "js/editor/editor.js"


class _ModuleScript:
    """A <script type="module"> for forms.Media (Django renders objects with __html__)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __html__(self) -> str:
        return format_html('<script type="module" src="{}"></script>', static(self.path))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ModuleScript) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)


class RichTextWidget(forms.Textarea):
    """A textarea marked for the editor; `profile` "short" offers bold, italic and links.

    `figures=False` leaves the figure button out, for bodies that have no figures (pages).
    A piece's body also cites its references once `offer_citations` says where they are.
    """

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        profile: Profile = "body",
        *,
        figures: bool = True,
    ) -> None:
        if profile not in ("body", "short"):
            raise ValueError(f"unknown rich-text profile {profile!r}")
        self.profile = profile
        super().__init__({"rows": 24 if profile == "body" else 6, **(attrs or {})})
        self.attrs["data-rich-text"] = profile
        if profile == "body" and not figures:
            self.attrs["data-figures"] = "false"

    def offer_citations(self, url: str, hint: str) -> None:
        """A Cite button and Ctrl-Alt-C that cite the piece's references, listed as JSON at
        `url`; `hint` tells where to add references when there are none yet."""
        if self.profile != "body":
            raise ValueError("only a body cites references")
        self.attrs["data-citations-url"] = url
        self.attrs["data-citations-hint"] = hint

    def use_required_attribute(self, initial: Any) -> bool:
        # The textarea is hidden behind the editor, where the browser could not point at
        # it to say it is empty; the form's own validation says so instead.
        return False

    @property
    def media(self) -> forms.Media:
        # Django renders a js entry with __html__ as it is; the stubs only know strings.
        script = cast("str", _ModuleScript(EDITOR_JS))
        return forms.Media(css={"all": EDITOR_CSS}, js=[script])


class AdminRichTextWidget(RichTextWidget):
    """The same in the admin, where the textarea also carries the admin's own class."""

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        profile: Profile = "body",
        *,
        figures: bool = True,
    ) -> None:
        attrs = {"class": "vLargeTextField", **(attrs or {})}
        super().__init__(attrs, profile=profile, figures=figures)
