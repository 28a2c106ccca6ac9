"""The submission form: the piece, its co-authors, its image and credit, its bibliography.

Forms only validate and normalise; portal/submissions.py writes the Article.
"""

import re
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import CharField
from django.utils.translation import gettext_lazy as _

from articles.citations import validate_csl_item
from articles.licences import (
    ARTICLE_LICENCE_CHOICES,
    DEFAULT_ARTICLE_LICENCE,
    IMAGE_LICENCE_CHOICES,
    get_licence,
    licence_label,
)
from articles.models import Topic
from colophon.lib.images import SafeImageFormField
from colophon.lib.short_text import short_text_widget
from contributors.models import Contributor
from portal.account_forms import HoneypotMixin
from portal.body_import import docx_to_html, markdown_to_html, pasted_html
from series.models import Series

DRAFT, SUBMIT, RESUBMIT = "draft", "submit", "resubmit"


def _labelled(choices) -> list[tuple[str, str]]:
    # Labels in the reader's language ("All rights reserved" is translated).
    return [(spdx, licence_label(spdx)) for spdx, _label in choices]


class SeriesChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, series: Series) -> str:
        return series.title


class SubmissionForm(HoneypotMixin, forms.Form):
    """The piece itself. `intent` is the button pressed: saving a draft asks for less."""

    FORMATS = [
        ("html", _("Rich text or HTML pasted below")),
        ("markdown", _("Markdown written below")),
        ("docx", _("A Word document (.docx) uploaded below")),
    ]

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
    body_format = forms.ChoiceField(
        label=_("The body comes as"), choices=FORMATS, initial="html", widget=forms.RadioSelect
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Headings, lists, quotations, links and footnotes are kept."),
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
    references_text = forms.CharField(
        label=_("Bibliography entries as text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Paste several entries at once, one per line."),
    )
    licence = forms.ChoiceField(
        label=_("Licence the piece will carry"),
        choices=lambda: _labelled(ARTICLE_LICENCE_CHOICES),
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
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what you changed; needed to resubmit."),
    )

    def __init__(
        self, *args, intent: str = DRAFT, editing: bool = False, resubmitting=False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.intent = intent
        if not resubmitting:
            # Only an answer to a revision request has a response note.
            del self.fields["response_note"]
        series = cast(forms.ModelChoiceField, self.fields["series"])  # a SeriesChoiceField
        series.queryset = Series.objects.open_for_submissions()
        if editing:
            # The text is stored as that language's version; changing it would orphan it.
            self.fields["language"].disabled = True
            # The piece's own text is in its language, whatever the interface's.
            for name in ("title", "summary", "body", "keywords", "references_text"):
                self.fields[name].widget.attrs["lang"] = self.initial.get("language", "")
        self.add_honeypot()

    def clean_body(self) -> str:
        return self.cleaned_data.get("body") or ""

    def clean(self) -> dict:
        data = cast(dict[str, Any], super().clean())  # Form.clean() returns cleaned_data
        body_format = data.get("body_format", "html")
        try:
            if body_format == "docx":
                upload = data.get("docx")
                data["body_html"] = docx_to_html(upload) if upload else None
                if upload is None and not self.initial.get("has_body"):
                    self.add_error("docx", _("Upload the .docx, or choose another format."))
            elif body_format == "markdown":
                data["body_html"] = markdown_to_html(data.get("body", ""))
            else:
                data["body_html"] = pasted_html(data.get("body", ""))
        except ValidationError as error:
            self.add_error("docx" if body_format == "docx" else "body", error)
            data["body_html"] = None
        body = data.get("body_html")
        limit = settings.SUBMISSION_MAX_BODY_CHARS
        if body and len(body) > limit:
            self.add_error(
                "docx" if body_format == "docx" else "body",
                _("The body is %(size)s characters long; the limit is %(limit)s.")
                % {"size": len(body), "limit": limit},
            )
        if self.intent in {SUBMIT, RESUBMIT}:
            self._require_for_submission(data)
        return data

    def _require_for_submission(self, data: dict) -> None:
        if not data.get("series"):
            self.add_error("series", _("Choose the series you propose the piece for."))
        if not (data.get("summary") or "").strip():
            self.add_error("summary", _("A submission needs a summary."))
        has_body = bool(data.get("body_html")) or (
            data.get("body_html") is None and self.initial.get("has_body")
        )
        if not has_body and "docx" not in self.errors and "body" not in self.errors:
            self.add_error("body", _("A submission needs a body."))
        if not data.get("original_work"):
            self.add_error("original_work", _("Confirm that the work is original."))
        if not data.get("consent"):
            self.add_error("consent", _("We need your consent to store this data."))
        if self.intent == RESUBMIT and not (data.get("response_note") or "").strip():
            self.add_error("response_note", _("Tell the editors what you changed."))

    def reference_texts(self) -> list[str]:
        lines = (self.cleaned_data.get("references_text") or "").splitlines()
        return [line.strip() for line in lines if line.strip()]


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


class ReferenceForm(forms.Form):
    # Lower case, as options in a list (and "Book" would match test titles like "Book 1").
    TYPES = [
        ("book", _("book")),
        ("chapter", _("book chapter")),
        ("article-journal", _("journal article")),
        ("report", _("report")),
        ("webpage", _("web page")),
    ]
    type = forms.ChoiceField(label=_("Type"), choices=TYPES, required=False)
    authors = forms.CharField(
        label=_("Authors"),
        required=False,
        max_length=1000,
        help_text=_("Family, Given; Family, Given — or an organisation's name."),
    )
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    container = forms.CharField(
        label=_("Book, journal or website"), max_length=500, required=False
    )
    publisher = forms.CharField(label=_("Publisher"), max_length=300, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1000, max_value=2999, required=False)
    url = forms.URLField(label=_("URL"), required=False, assume_scheme="https")
    accessed = forms.DateField(
        label=_("Accessed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        data = cast(dict[str, Any], super().clean())  # Form.clean() returns cleaned_data
        if not data.get("title"):
            if any(data.get(f) for f in ("authors", "container", "publisher", "year", "url")):
                self.add_error("title", _("A bibliography entry needs a title."))
            data["csl"] = None
            return data
        data["csl"] = self.to_csl(data)
        try:
            validate_csl_item(data["csl"])
        except ValidationError as error:
            self.add_error(None, error)
        return data

    @staticmethod
    def to_csl(data: dict) -> dict:
        item = {"type": data.get("type") or "book", "title": data["title"]}
        names = []
        for part in re.split(r";", data.get("authors") or ""):
            part = part.strip()
            if not part:
                continue
            if "," in part:
                family, given = (p.strip() for p in part.split(",", 1))
                names.append({"family": family, "given": given})
            else:
                names.append({"literal": part})
        if names:
            item["author"] = names
        if data.get("container"):
            item["container-title"] = data["container"]
        if data.get("publisher"):
            item["publisher"] = data["publisher"]
        if data.get("year"):
            item["issued"] = {"date-parts": [[data["year"]]]}
        if data.get("url"):
            item["URL"] = data["url"]
        if data.get("accessed"):
            day = data["accessed"]
            item["accessed"] = {"date-parts": [[day.year, day.month, day.day]]}
        return item


ReferenceFormSet = forms.formset_factory(ReferenceForm, extra=3, max_num=200, absolute_max=200)


class ImageForm(forms.Form):
    """The featured image and the credit its licence requires."""

    file = SafeImageFormField(
        label=_("Featured image"),
        required=False,
        help_text=_("JPEG, PNG or WebP. It is re-encoded and its location data removed."),
    )
    alt = forms.CharField(
        label=_("Alt text"),
        required=False,
        max_length=400,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    title = forms.CharField(label=_("Title of the work"), max_length=300, required=False)
    creator = forms.CharField(label=_("Creator"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1800, max_value=2999, required=False)
    source_url = forms.URLField(
        label=_("Source URL"), max_length=500, required=False, assume_scheme="https"
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=lambda: [("", "—"), *_labelled(IMAGE_LICENCE_CHOICES)],
        required=False,
    )
    remove = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(self, *args, has_image: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.has_image = has_image
        if not has_image:
            del self.fields["remove"]

    def clean(self) -> dict:
        data = cast(dict[str, Any], super().clean())  # Form.clean() returns cleaned_data
        if data.get("remove"):
            return data
        if data.get("file") or self.has_image:
            for name in ("alt", "title", "creator", "year", "source_url", "licence"):
                if name not in self.errors and not data.get(name):
                    self.add_error(name, _("An image needs its full credit: this is missing."))
        return data

    def licence_warning(self) -> str:
        spdx = self.cleaned_data.get("licence") if hasattr(self, "cleaned_data") else ""
        if spdx and not get_licence(spdx).allows_republication:
            return str(
                _(
                    "The image's licence (%(licence)s) does not allow republication; the "
                    "editors may ask for another image."
                )
                % {"licence": get_licence(spdx).label}
            )
        return ""
