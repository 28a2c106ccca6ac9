"""DOIs: what a valid one looks like, and the one Colophon suggests for a piece."""

import re
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from articles.models import Article
    from series.models import Volume

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


def suggested_doi(article: "Article") -> str:
    """DOI_PREFIX/DOI_SUFFIX_PATTERN filled in for `article`; empty without a prefix."""
    if not settings.DOI_PREFIX:
        return ""
    volume = cast("Volume", article.volume)  # a DOI is suggested for a piece in a volume
    suffix = settings.DOI_SUFFIX_PATTERN.format(
        series=volume.series.slug,
        volume=volume.number,
        position=article.position,
        slug=article.slug,
        id=article.pk,
    )
    return f"{settings.DOI_PREFIX}/{suffix}"
