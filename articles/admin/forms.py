"""Forms behind the article admin's inlines: bylines, the featured image and figures.

The bibliography's form is shared with the portal: articles/bibliography/forms.py.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname


class FeaturedImageFormSet(forms.BaseInlineFormSet):
    """Requires alt text in the piece's original language, even before the piece exists
    (the featured image and the figures in the text alike).

    CreditedImage.clean() only knows the language once the article is saved; on the add
    page the article being created is this formset's instance.
    """

    def clean(self) -> None:
        super().clean()
        language = getattr(self.instance, "original_language", "")
        if not language:
            return
        field = build_localized_fieldname("alt", language)
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):  # type: ignore[attr-defined]  # private Django API
                continue
            written = (getattr(form, "cleaned_data", {}).get(field) or "").strip()
            if field in form.fields and field not in form.errors and not written:
                form.add_error(field, _("Describe the image for readers who cannot see it."))
