"""Credited images (the featured image, figures in the text) and their credit; imported
into articles.models, where Django registers them."""

from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.licences import IMAGE_LICENCE_CHOICES, get_licence, licence_label
from colophon.lib.images import SafeImageField, UnguessablePath

if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager


class CreditedImage(models.Model):
    """A picture shown with the credit its licence requires, re-encoded when it is stored.

    The featured image and the figures in the text share the fields, the upload path, the
    credit line and the alt text rule; each adds how it belongs to its article.
    """

    file = SafeImageField(
        _("image file"),
        upload_to=UnguessablePath("images/%Y/"),
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG or WebP. It is re-encoded and its EXIF (GPS included) removed."),
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt = models.CharField(
        _("alt text"),
        max_length=400,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=400, blank=True)
    title = models.CharField(_("title of the work"), max_length=300)
    creator = models.CharField(_("creator"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=40, choices=IMAGE_LICENCE_CHOICES)
    # Set by an import that could not read the credit (wordpress/importing/credits.py);
    # the admin shows it and publishing a piece with such an image warns the editor.
    credit_needed = models.BooleanField(
        _("credit needed"),
        default=False,
        help_text=_(
            "The credit could not be read from the old site: check title, creator and "
            "licence, then untick."
        ),
    )

    article_id: int | None

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.credit_text()

    def localized(self, field: str, language: str):
        return getattr(self, build_localized_fieldname(field, language))

    @property
    def licence_label(self) -> str:
        # Empty while an imported image waits for an editor to add its credit.
        return licence_label(self.licence) if self.licence else ""

    @property
    def licence_url(self) -> str:
        return get_licence(self.licence).deed_url if self.licence else ""

    @property
    def allows_republication(self) -> bool:
        return not self.licence or get_licence(self.licence).allows_republication

    def clean(self) -> None:
        language = self.article.original_language if self.article_id else ""  # type: ignore[attr-defined]  # each subclass has its article
        if language and not (self.localized("alt", language) or "").strip():
            raise ValidationError(
                {
                    build_localized_fieldname("alt", language): _(
                        "Describe the image for readers who cannot see it."
                    )
                }
            )

    @property
    def credit_is_partial(self) -> bool:
        """An imported image waiting for its creator or licence: its line names only
        what is known, never "by , "."""
        return not (self.creator.strip() and self.licence)

    def credit_text(self) -> str:
        if self.credit_is_partial:
            parts = (self.title, self.creator.strip(), self.licence_label)
            return ", ".join(part for part in parts if part)
        return _("%(title)s by %(creator)s, %(licence)s") % {
            "title": self.title,
            "creator": self.creator,
            "licence": self.licence_label,
        }

    def credit_html(self, *, with_year: bool = False) -> str:
        """The credit line, built from the fields: title linked to source, licence to deed;
        `with_year` adds the year of the work when it is known (a figure's caption)."""
        title = (
            format_html('<a href="{}">{}</a>', self.source_url, self.title)
            if self.source_url
            else format_html("{}", self.title)
        )
        licence = (
            format_html('<a href="{}" rel="license">{}</a>', self.licence_url, self.licence_label)
            if self.licence_url
            else format_html("{}", self.licence_label)
        )
        if self.credit_is_partial:
            parts = [title, escape(self.creator.strip()), licence if self.licence else ""]
            if with_year and self.year:
                parts.insert(2, str(self.year))
            return mark_safe(", ".join(part for part in parts if part))  # noqa: S308
        values = {"title": title, "creator": escape(self.creator), "licence": licence}
        # The translated templates are ours; every value in them is escaped above or here.
        if with_year and self.year:
            return mark_safe(  # noqa: S308
                _("%(title)s by %(creator)s, %(year)s, %(licence)s")
                % {**values, "year": self.year}
            )
        return mark_safe(_("%(title)s by %(creator)s, %(licence)s") % values)  # noqa: S308


class FeaturedImage(CreditedImage):
    """An article's featured image and the credit its licence requires."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="image"
    )

    # Typed for mypy's Django plugin, which cannot see the MultilingualManager that
    # modeltranslation puts in place of the default manager when the app registry loads.
    objects: ClassVar["MultilingualManager[FeaturedImage]"]

    class Meta:
        verbose_name = _("featured image")
        verbose_name_plural = _("featured images")
