"""Turn a rendered admin add/change page back into the POST data a browser would send."""

from django import forms
from django.test.client import Client


def _add_form(data: dict, form: forms.BaseForm) -> None:
    for bound in form:
        if isinstance(bound.field, forms.FileField):
            continue  # a browser sends no file unless one is chosen
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None and isinstance(
            bound.field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
        ):
            continue  # nothing selected: a browser sends no value at all
        if value is None:
            data[bound.html_name] = ""
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = str(value)


def admin_form_data(response) -> dict:
    """Every field of the page's form and of each inline formset, as currently shown."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    return data


def get_form_data(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return admin_form_data(response)


def form_errors(response) -> dict:
    """{"form": errors, "<prefix>-<n>": errors, "<prefix>": non-form errors}: what went wrong."""
    errors = {}
    if response.context is None:
        return errors
    form = response.context["adminform"].form
    if form.errors:
        errors["form"] = form.errors
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        if formset.non_form_errors():
            errors[formset.prefix] = formset.non_form_errors()
        for form in formset.forms:
            if form.errors:
                errors[form.prefix] = form.errors
    return errors
