"""Figures in the text of a piece; imported into articles.models, where Django registers them.

A body holds `<figure data-figure="N"></figure>` where figure N goes; the picture, its alt
text, caption and credit live here, so that every language version of the body points at
the same figure and translates only its words.
"""

from typing import TYPE_CHECKING, ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from articles.models.images import CreditedImage

if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager


class BodyFigure(CreditedImage):
    """A numbered picture the body of a piece places with <figure data-figure="N">."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="figures"
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        validators=[MinValueValidator(1)],
        help_text=_("The text shows this figure where it places this number."),
    )

    objects: ClassVar["MultilingualManager[BodyFigure]"]

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ("number",)
        constraints = [
            models.UniqueConstraint(
                fields=("article", "number"),
                name="one_figure_per_number",
                violation_error_message=_("This piece already has a figure with this number."),
            )
        ]

    def __str__(self) -> str:
        # The admin puts "Figure:" before it.
        return f"{self.number}. {self.credit_text()}"

    def full_credit_html(self) -> SafeString:
        """The credit line with the year of the work, for a figure's caption."""
        return SafeString(self.credit_html(with_year=True))
