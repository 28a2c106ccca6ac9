"""Figures in the text, as a contributor gives them: a formset of pictures with their credit.

Forms only: they validate and normalise. The submission desk binds the formset to the
piece (`instance=article`), checks the body with `check_body()` and saves it with the
piece. A contributor writes in one language, so each form asks for the alt text and the
caption in that language only.
"""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.licences import IMAGE_LICENCE_CHOICES, get_licence
from articles.models import Article, BodyFigure
from colophon.lib.body_figures import figure_numbers, missing_figures_error, posted_numbers
from colophon.lib.sanitise import clean_html
from portal.submission_forms import labelled

MAX_FIGURES = 30
CREDIT = ("title", "creator", "year", "source_url", "licence")


class BaseFigureForm(forms.ModelForm):
    language = ""  # set by figure_formset()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        alt = build_localized_fieldname("alt", self.language)
        self.fields[alt].required = True
        self.fields[alt].label = _("Alt text")
        caption = build_localized_fieldname("caption", self.language)
        self.fields[caption].label = _("Caption")
        for name in (alt, caption):
            # The piece's own words are in its language, whatever the interface's.
            self.fields[name].widget.attrs["lang"] = self.language
        if not self.instance.pk:
            self.fields["file"].required = True
        # Labels in the reader's language ("All rights reserved" is translated), as the
        # featured image's.
        licence = cast(forms.ChoiceField, self.fields["licence"])
        licence.choices = [("", "—"), *labelled(IMAGE_LICENCE_CHOICES)]

    def licence_warning(self) -> str:
        spdx = self.cleaned_data.get("licence") if hasattr(self, "cleaned_data") else ""
        if spdx and not get_licence(spdx).allows_republication:
            return str(
                _(
                    "The licence of figure %(number)s (%(licence)s) does not allow "
                    "republication; the editors may ask for another image."
                )
                % {"number": self.cleaned_data.get("number"), "licence": get_licence(spdx).label}
            )
        return ""


class BaseFigureFormSet(forms.BaseInlineFormSet):
    """The body may place only the numbers this formset keeps (the model formset's own
    unique check refuses a number used twice)."""

    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this figure")

    def get_unique_error_message(self, unique_check: Any) -> str:
        # Numbers are the only thing figures share a unique check on.
        return str(_("Two figures have the same number; give each its own."))

    def numbers(self) -> set[int]:
        """The figure numbers this (bound) formset keeps, readable before it is validated."""
        if self.is_bound:
            return posted_numbers(self)
        return {figure.number for figure in self.get_queryset()}

    def check_body(self, html: str, field: str) -> None:
        """ValidationError(code="missing_figure") if `html` places a figure not given here.

        `field` names the body in the message, e.g. "the body" or "the .docx file".
        """
        missing = [n for n in figure_numbers(clean_html(html)) if n not in self.numbers()]
        if missing:
            raise missing_figures_error(field, missing)

    def plan(self, article: Article) -> None:
        """Tell the piece which figures it is about to have, for Article.full_clean()."""
        article.planned_figure_numbers = self.numbers()

    def licence_warnings(self) -> list[str]:
        return [
            warning
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not (self.can_delete and self._should_delete_form(form))  # type: ignore[attr-defined]  # private Django API
            and (warning := cast(BaseFigureForm, form).licence_warning())
        ]


def figure_formset(language: str, extra: int = 1) -> type[BaseFigureFormSet]:
    """A formset class for a piece's figures, its words asked for in `language`."""
    form = type("FigureForm", (BaseFigureForm,), {"language": language})
    fields = [
        "number",
        "file",
        build_localized_fieldname("alt", language),
        build_localized_fieldname("caption", language),
        *CREDIT,
    ]
    return cast(
        type[BaseFigureFormSet],
        forms.inlineformset_factory(
            Article,
            BodyFigure,
            form=form,
            formset=BaseFigureFormSet,
            fields=fields,
            extra=extra,
            can_delete=True,
            can_delete_extra=False,  # an empty figure is not saved anyway
            max_num=MAX_FIGURES,
            absolute_max=MAX_FIGURES,
            validate_max=True,
        ),
    )
