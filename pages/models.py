from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from colophon.lib.languages import language_codes
from colophon.lib.sanitise import body_table_errors, clean_html, sanitise_fields

if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager


def clean_page_body(html: str) -> str:
    # Figures belong to articles: a page body has none.
    return clean_html(html, figures=False)


class Page(models.Model):
    """A page of the site that editors write in the admin, such as "How to contribute"."""

    CONTRIBUTE = "contribute"

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    body = models.TextField(_("body"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Typed for mypy's Django plugin, which cannot see the MultilingualManager that
    # modeltranslation puts in place of the default manager when the app registry loads.
    objects: ClassVar["MultilingualManager[Page]"]

    class Meta:
        ordering = ["title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        sanitise_fields(self, "body", clean_page_body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.slug == self.CONTRIBUTE:
            return reverse("pages:contribute")
        return reverse("pages:detail", args=[self.slug])

    def clean(self) -> None:
        sanitise_fields(self, "body", clean_page_body)  # the check reads what is stored
        if errors := body_table_errors(self):
            raise ValidationError(errors)

    def languages(self) -> list[str]:
        """A page exists in a language once it has a title there; no English stand-in."""
        return [
            code
            for code in language_codes()
            if (getattr(self, build_localized_fieldname("title", code)) or "").strip()
        ]
