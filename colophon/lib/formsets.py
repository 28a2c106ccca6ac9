"""Inline formsets whose rows carry a position."""

from typing import TYPE_CHECKING, Any

from django import forms

if TYPE_CHECKING:
    _InlineFormSet = forms.BaseInlineFormSet[Any, Any, Any]
else:  # Django's formsets take no type arguments at run time.
    _InlineFormSet = forms.BaseInlineFormSet


class PositionedFormSet(_InlineFormSet):
    """A row added without choosing its position goes after the rows already listed."""

    def chose_position(self, form: Any) -> bool:
        return "position" in form.changed_data

    def save_new(self, form: Any, commit: bool = True) -> Any:
        if not self.chose_position(form):
            form.instance.position = self._next_position()
        return super().save_new(form, commit=commit)

    def _next_position(self) -> int:
        if not hasattr(self, "_last_position"):
            chosen = [
                form.cleaned_data.get("position") or 0
                for form in self.forms
                if getattr(form, "cleaned_data", None)
                and not self._should_delete_form(form)  # type: ignore[attr-defined]  # private Django API
                and (form.instance.pk is not None or self.chose_position(form))
            ]
            self._last_position = max(chosen, default=-1)
        self._last_position += 1
        return self._last_position
