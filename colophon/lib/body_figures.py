"""Where a body places its figures: `<figure data-figure="N"></figure>`, numbers only.

The picture, alt text, caption and credit of figure N are stored apart from the body (a
piece's figures); these helpers find the numbers a body refers to, refuse those the
piece does not have, and swap each placeholder for whatever markup a caller renders.
"""

import re
from collections.abc import Callable, Collection, Iterable
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import ngettext
from modeltranslation.utils import build_localized_fieldname

# The canonical form clean_html() writes; a stray attribute order or spacing from an older
# sanitiser is tolerated, never anything inside the element.
FIGURE = re.compile(r'<figure\s+data-figure="(?P<number>[0-9]{1,4})"\s*>\s*</figure>')


def figure_numbers(html: str) -> list[int]:
    """The figure numbers a sanitised body refers to, in order, each once."""
    return list(dict.fromkeys(int(m.group("number")) for m in FIGURE.finditer(html or "")))


def replace_figures(html: str, render: Callable[[int], str]) -> str:
    """`html` with each placeholder replaced by render(number); "" removes it."""
    if "data-figure" not in (html or ""):
        return html
    return FIGURE.sub(lambda m: render(int(m.group("number"))), html)


def missing_figures_error(field: str, missing: Iterable[int]) -> ValidationError:
    numbers = sorted(set(missing))
    listed = ", ".join(str(n) for n in numbers)
    message = ngettext(
        "%(field)s places figure %(numbers)s, but this piece has no figure %(numbers)s. "
        "Add it under “Figures” or remove it from the text.",
        "%(field)s places figures %(numbers)s, but this piece has no figures with these "
        "numbers. Add them under “Figures” or remove them from the text.",
        len(numbers),
    ) % {"field": field, "numbers": listed}
    return ValidationError(message, code="missing_figure")


def body_figure_errors(
    instance: models.Model, numbers: Collection[int]
) -> dict[str, ValidationError]:
    """Per body_<language> field, the error for figures it places that `numbers` lacks.

    The bodies are sanitised already (the model's clean()), so what is checked is what is
    stored.
    """
    body = cast("models.Field[Any, Any]", instance._meta.get_field("body"))  # not a relation
    label = capfirst(body.verbose_name)
    errors = {}
    for language, language_name in settings.LANGUAGES:
        name = build_localized_fieldname("body", language)
        placed = figure_numbers(getattr(instance, name) or "")
        missing = [n for n in placed if n not in numbers]
        if missing:
            errors[name] = missing_figures_error(f"{label} ({language_name})", missing)
    return errors


def posted_numbers(formset: Any, field: str = "number") -> set[int]:
    """The numbers a bound formset of figures is about to keep, read before validation.

    The piece's form is validated before its inline formsets; it needs to know which
    figures the same request adds or deletes. A number that is not a whole number is the
    formset's own error and is left out here.
    """
    numbers = set()
    for form in formset.forms:
        # As Django's CheckboxInput reads it: anything but "", "false" or absent is ticked.
        delete = str(form.data.get(form.add_prefix("DELETE"), "")).lower()
        if formset.can_delete and delete not in {"", "false"}:
            continue
        value = str(form.data.get(form.add_prefix(field), "")).strip()
        if value.isascii() and value.isdecimal():
            numbers.add(int(value))
    return numbers
