"""DOIs: what a valid one looks like, and its address (Article.suggested_doi suggests one)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Crossref's recommended pattern for the DOIs it registers (prefix 10.NNNN, then a suffix
# of letters, digits and -._;()/:).
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9]+$")


def validate_doi(value: str) -> None:
    if value and not DOI_PATTERN.match(value):
        raise ValidationError(
            _("%(doi)s is not a DOI: write it as 10.1234/suffix, without https://doi.org/.")
            % {"doi": value},
            code="invalid_doi",
        )


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}" if doi else ""
