import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_check_digit(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 over the first fifteen digits, as ORCID specifies."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str) -> str:
    """Accept a bare iD or an orcid.org URL; return the bare, upper-cased iD."""
    value = value.strip()
    for prefix in ("https://orcid.org/", "http://orcid.org/", "orcid.org/"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value.upper()


def validate_orcid(value: str) -> None:
    value = normalise_orcid(value)
    if not _ORCID.match(value):
        raise ValidationError(
            _("%(value)s is not an ORCID iD; it should look like 0000-0002-1825-0097.")
            % {"value": value},
            code="invalid_orcid",
        )
    digits = value.replace("-", "")
    if orcid_check_digit(digits[:-1]) != digits[-1]:
        raise ValidationError(
            _("%(value)s has a wrong check digit; please copy the ORCID iD again.")
            % {"value": value},
            code="orcid_checksum",
        )


class ORCIDFormField(forms.CharField):
    """Accepts the https://orcid.org/… address editors usually paste, and stores the iD."""

    def __init__(self, *, max_length: int | None = None, **kwargs) -> None:
        # The column holds the bare iD; the pasted address is longer until normalised, so
        # the length is checked on the model after to_python() has shortened it.
        super().__init__(**kwargs)

    def to_python(self, value: str | None) -> str | None:
        value = super().to_python(value)
        return normalise_orcid(value) if value else value
