"""Step 5: the bibliography, as structured entries and as lines of text."""

import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.citations import validate_csl_item


class ReferencesTextForm(forms.Form):
    references_text = forms.CharField(
        label=_("Bibliography entries as text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Paste several entries at once, one per line."),
    )

    def reference_texts(self) -> list[str]:
        lines = (self.cleaned_data.get("references_text") or "").splitlines()
        return [line.strip() for line in lines if line.strip()]


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
