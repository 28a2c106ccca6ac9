"""Bibliography entries; imported into articles.models, where Django registers them."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.citations import validate_csl_item
from colophon.lib.canonical import CITATION_KEY


def new_reference_key() -> str:
    """A short key, unique within a piece, by which citations in its text name an entry."""
    return secrets.token_hex(4)


class Reference(models.Model):
    """A bibliography entry: a structured CSL-JSON item, or free text as the author wrote it."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="references"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    csl = models.JSONField(
        _("structured entry (CSL-JSON)"),
        null=True,
        blank=True,
        help_text=_(
            'A CSL-JSON item, e.g. {"type": "book", "title": "…", "author": '
            '[{"family": "…", "given": "…"}], "issued": {"date-parts": [[2020]]}}.'
        ),
    )
    text = models.TextField(_("free-text entry"), blank=True)
    # What `<cite data-ref="…">` in the piece's text points to (colophon.lib.canonical);
    # kept when the entry is edited, exported and imported, so citations follow it.
    key = models.CharField(
        _("key"),
        max_length=32,
        default=new_reference_key,
        validators=[
            RegexValidator(
                rf"^{CITATION_KEY.pattern}\Z", _("Use lower-case letters, digits and -.")
            )
        ],
    )
    further_reading = models.BooleanField(
        _("further reading"),
        default=False,
        help_text=_(
            "Print it in the bibliography even where the series lists only the works "
            "cited in the text."
        ),
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="reference_key_per_piece"),
            models.CheckConstraint(
                condition=(models.Q(csl__isnull=False) & models.Q(text=""))
                | (models.Q(csl__isnull=True) & ~models.Q(text="")),
                name="reference_structured_xor_text",
            ),
        ]
        verbose_name = _("reference")
        verbose_name_plural = _("references")

    def __str__(self) -> str:
        if self.text:
            return self.text[:80]
        return str((self.csl or {}).get("title", ""))[:80]

    def save(self, *args, **kwargs) -> None:
        self.text = self.text.strip()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.csl and self.text.strip():
            raise ValidationError(_("Give either a structured entry or free text, not both."))
        if not self.csl and not self.text.strip():
            raise ValidationError(_("Give a structured entry or free text."))
        if self.csl:
            validate_csl_item(self.csl)
