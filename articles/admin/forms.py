"""Forms behind the article admin's inlines: references and the featured image."""

import json

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.models import Reference


class CSLJSONField(forms.JSONField):
    """A JSON textarea that says where the JSON breaks and shows stored items indented."""

    widget = forms.Textarea(
        attrs={"rows": 7, "cols": 60, "spellcheck": "false", "class": "colophon-monospace"}
    )

    def to_python(self, value):
        if not self.disabled and isinstance(value, str) and value.strip():
            try:
                json.loads(value)
            except json.JSONDecodeError as error:
                raise ValidationError(
                    _("This is not valid JSON: %(error)s (line %(line)s, column %(column)s).")
                    % {"error": error.msg, "line": error.lineno, "column": error.colno},
                    code="invalid",
                ) from None
        return super().to_python(value)

    def prepare_value(self, value):
        if value is None:
            # Django would print "null" into an empty entry.
            return ""
        if isinstance(value, dict) and value:
            # One key per line, each value compact: an entry reads like a record and a
            # list of authors stays on one line.
            lines = [
                f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(item, ensure_ascii=False)}"
                for key, item in value.items()
            ]
            return "{\n" + ",\n".join(lines) + "\n}"
        return super().prepare_value(value)


class ReferenceForm(forms.ModelForm):
    csl = CSLJSONField(
        label=Reference._meta.get_field("csl").verbose_name,
        help_text=Reference._meta.get_field("csl").help_text,
        required=False,
    )

    class Meta:
        model = Reference
        fields = ("position", "csl", "text")
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 40})}

    def _update_errors(self, errors: ValidationError) -> None:
        # Reference.clean() raises validate_csl_item's errors without a field; they are
        # about the structured entry, so show them on it rather than above the row.
        if hasattr(errors, "error_dict"):
            general = errors.error_dict.get(NON_FIELD_ERRORS, [])
            about_csl = [error for error in general if error.code == "invalid_csl"]
            if about_csl:
                rest = {k: v for k, v in errors.error_dict.items() if k != NON_FIELD_ERRORS}
                others = [error for error in general if error.code != "invalid_csl"]
                errors = ValidationError(
                    {**rest, "csl": about_csl, **({NON_FIELD_ERRORS: others} if others else {})}
                )
        elif all(error.code == "invalid_csl" for error in errors.error_list):
            errors = ValidationError({"csl": errors.error_list})
        super()._update_errors(errors)  # type: ignore[misc]  # private Django API

    def _post_clean(self) -> None:
        # Unreadable JSON is the one problem worth reporting; the model would only add
        # "give a structured entry or free text" about the same row.
        if "csl" in self._errors:  # type: ignore[attr-defined]  # private Django API
            return
        super()._post_clean()  # type: ignore[misc]  # private Django API

    def validate_constraints(self) -> None:
        # The structured-xor-text constraint restates Reference.clean(), which has already
        # said so in words; Django's "constraint ... is violated" would only add noise.
        if self._errors:  # type: ignore[attr-defined]  # private Django API
            return
        super().validate_constraints()


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


class PositionedFormSet(forms.BaseInlineFormSet):
    """A row added without touching its position goes after the rows already listed."""

    def save_new(self, form: forms.ModelForm, commit: bool = True):
        if "position" not in form.changed_data:
            form.instance.position = self._next_position()
        return super().save_new(form, commit=commit)

    def _next_position(self) -> int:
        if not hasattr(self, "_last_position"):
            chosen = [
                form.cleaned_data.get("position") or 0
                for form in self.forms
                if getattr(form, "cleaned_data", None)
                and not self._should_delete_form(form)  # type: ignore[attr-defined]  # private Django API
                and (form.instance.pk is not None or "position" in form.changed_data)
            ]
            self._last_position = max(chosen, default=-1)
        self._last_position += 1
        return self._last_position
