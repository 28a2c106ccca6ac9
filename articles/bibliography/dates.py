"""Dates typed into the reference form as text (2021, 2021-06, 2021-06-03) and the CSL
date-parts they stand for."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_YEAR = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parts(value) -> list[int]:
    try:
        return [int(n) for n in value["date-parts"][0]]
    except (TypeError, KeyError, IndexError, ValueError):
        return []


# A date's errors: the publication date's say "date"; another date's name it, since an
# entry can have two and the message may be read apart from its field (the live preview).
DATE_ERRORS = {
    "year": _("Year must be four digits."),
    "date": _("Write the date as 2021, 2021-06 or 2021-06-03."),
    "missing": _("This date does not exist."),
}
IN_FORCE_ERRORS = {
    "year": _("The year it entered into force must be four digits."),
    "date": _("Write the date it entered into force as 1954, 1954-04 or 1954-04-22."),
    "missing": _("The date it entered into force does not exist."),
}


def clean_date(value: str, errors: dict) -> str:
    value = value.strip()
    if value and not _YEAR.match(value):
        if not re.match(r"^\d{4}\b", value):
            raise ValidationError(errors["year"], code="year")
        raise ValidationError(errors["date"], code="date")
    if value:
        date_parts(value, errors["missing"])  # a month or day out of range raises
    return value


def show_date(parts: list[int]) -> str:
    return "-".join(f"{n:04d}" if i == 0 else f"{n:02d}" for i, n in enumerate(parts))


def date_parts(value: str, missing=DATE_ERRORS["missing"]) -> list[int]:
    match = _YEAR.match(value)
    numbers = [int(n) for n in (match.groups() if match else ()) if n]
    try:
        datetime.date(
            numbers[0],
            numbers[1] if len(numbers) > 1 else 1,
            numbers[2] if len(numbers) > 2 else 1,
        )
    except (ValueError, IndexError):
        raise ValidationError(missing, code="date") from None
    return numbers
