"""The submission form, one step at a time (portal/steps.py lists the steps).

Forms only validate and normalise; portal/submissions.py writes the Article. Nothing here
demands what submission needs: a draft is saved with whatever was typed, and what is still
missing is worked out from the saved piece (portal/missing.py).
"""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import CharField
from django.utils.translation import gettext_lazy as _

from articles.licences import ARTICLE_LICENCE_CHOICES, DEFAULT_ARTICLE_LICENCE, licence_label
from articles.models import Topic
from colophon.lib.editor import RichTextWidget
from colophon.lib.short_text import short_text_widget
from contributors.models import Contributor
from portal.account_forms import HoneypotMixin
from portal.body_import import markdown_to_html, pasted_html, read_docx
from series.models import Series

# The body is written in the rich-text editor (a plain textarea without JavaScript, where
# HTML or plain text can be pasted); Markdown has a box of its own, since the editor would
# take its marks for text.
BODY_WIDGET = RichTextWidget(profile="body", attrs={"rows": 18})


def labelled(choices) -> list[tuple[str, str]]:
    # Labels in the reader's language ("All rights reserved" is translated).
    return [(spdx, licence_label(spdx)) for spdx, _label in choices]


class SeriesChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, series: Series) -> str:
        return series.title


class PieceForm(HoneypotMixin, forms.Form):
    """Step 1: what the piece is. A title is all a draft needs."""

    language = forms.ChoiceField(label=_("Language of the piece"), choices=settings.LANGUAGES)
    series = SeriesChoiceField(
        label=_("Proposed series"), queryset=Series.objects.none(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        series = cast(forms.ModelChoiceField, self.fields["series"])  # a SeriesChoiceField
        series.queryset = Series.objects.open_for_submissions()
        if editing:
            # The text is stored as that language's version; changing it would orphan it.
            self.fields["language"].disabled = True
            written_in(self, ("title", "summary", "keywords"))
        self.add_honeypot()


def written_in(form: forms.Form, names) -> None:
    # The piece's own text is in its language, whatever the interface's.
    for name in names:
        form.fields[name].widget.attrs["lang"] = form.initial.get("language", "")


class BodyForm(forms.Form):
    """Step 2: the text, pasted, written in Markdown or uploaded as a Word document."""

    FORMATS = [
        ("html", _("Written or pasted in the editor below")),
        ("markdown", _("Markdown written in the box below")),
        ("docx", _("A Word document (.docx) uploaded below")),
    ]

    body_format = forms.ChoiceField(
        label=_("The body comes as"), choices=FORMATS, initial="html", widget=forms.RadioSelect
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        widget=BODY_WIDGET,
        help_text=_("Headings, lists, quotations, links and footnotes are kept."),
    )
    markdown = forms.CharField(
        label=_("Markdown"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Footnotes as [^1] in the text and [^1]: the note, on a line of its own."),
    )
    docx = forms.FileField(
        label=_("Word document (.docx)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document"
            }
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        written_in(self, ("body", "markdown"))

    def clean_body(self) -> str:
        return self.cleaned_data.get("body") or ""

    def clean(self) -> dict:
        """`body_html` is the body to store, or None to keep the stored one; `citations`
        what a .docx brought from a reference manager (portal/imported_references.py)."""
        data = cast(dict[str, Any], super().clean())  # Form.clean() returns cleaned_data
        data["citations"] = None
        body_format = data.get("body_format", "html")
        field = "docx" if body_format == "docx" else "body"
        try:
            if body_format == "docx":
                upload = data.get("docx")
                body = read_docx(upload) if upload else None
                data["body_html"] = body.html if body else None
                data["citations"] = body.citations if body else None
                if upload is None and not self.initial.get("has_body"):
                    self.add_error("docx", _("Upload the .docx, or choose another format."))
            elif body_format == "markdown":
                field = "markdown"
                data["body_html"] = markdown_to_html(data.get("markdown", ""))
            else:
                data["body_html"] = pasted_html(data.get("body", ""))
        except ValidationError as error:
            self.add_error(field, error)
            data["body_html"] = None
            data["citations"] = None
        body = data.get("body_html")
        limit = settings.SUBMISSION_MAX_BODY_CHARS
        if body and len(body) > limit:
            self.add_error(
                field,
                _("The body is %(size)s characters long; the limit is %(limit)s.")
                % {"size": len(body), "limit": limit},
            )
        return data


class DeclarationsForm(HoneypotMixin, forms.Form):
    """Step 6: the licence and the declarations; `response_note` only answering editors."""

    licence = forms.ChoiceField(
        label=_("Licence the piece will carry"),
        choices=lambda: labelled(ARTICLE_LICENCE_CHOICES),
        initial=DEFAULT_ARTICLE_LICENCE,
    )
    original_work = forms.BooleanField(
        label=_("This is my original work, and my co-authors agree to its submission."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I consent to Colophon storing the personal data in this form (mine and my "
            "co-authors') to consider and publish the piece."
        ),
        required=False,
    )
    response_note = forms.CharField(
        label=_("Your response to the editors"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what you changed; needed to resubmit."),
    )

    def __init__(
        self, *args, resubmitting: bool = False, submitting: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        if not resubmitting:
            # Only an answer to a revision request has a response note.
            del self.fields["response_note"]
        self.add_honeypot()

    def clean_response_note(self) -> str:
        note = (self.cleaned_data.get("response_note") or "").strip()
        if self.submitting and not note:
            raise ValidationError(_("Tell the editors what you changed."))
        return note


def _limit(field: str) -> int:
    # Only CharFields (an EmailField is one) are named here, and each has a max_length.
    return cast(int, cast(CharField, Contributor._meta.get_field(field)).max_length)


class CoAuthorForm(forms.Form):
    # Limits of the Contributor record each co-author becomes (PostgreSQL enforces them).
    name = forms.CharField(label=_("Name"), max_length=_limit("name"), required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=_limit("email"), required=False)
    affiliation = forms.CharField(
        label=_("Affiliation"), max_length=_limit("affiliation"), required=False
    )
    bio = forms.CharField(
        label=_("Bio"), required=False, max_length=3000, widget=short_text_widget()
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        # The last word is stored as the family name, which sorts and cites the co-author.
        family = name.split()[-1] if name.split() else ""
        if len(family) > _limit("family_name"):
            raise ValidationError(
                _(
                    "The last word of a name is kept as the family name, which can be at most "
                    "%(limit)s characters long; this one is %(size)s."
                )
                % {"limit": _limit("family_name"), "size": len(family)}
            )
        return name

    def clean(self) -> dict:
        data = cast(dict[str, Any], super().clean())  # Form.clean() returns cleaned_data
        if any(data.get(f) for f in ("email", "affiliation", "bio")) and not data.get("name"):
            self.add_error("name", _("A co-author needs a name."))
        return data


CoAuthorFormSet = forms.formset_factory(CoAuthorForm, extra=2, max_num=12, absolute_max=12)
