from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.doi import validate_doi
from articles.licences import (
    ARTICLE_LICENCE_CHOICES,
    DEFAULT_ARTICLE_LICENCE,
    get_licence,
    licence_label,
)
from articles.models.workflow import Status, WorkflowFields
from colophon.lib.body_figures import body_figure_errors
from colophon.lib.languages import language_codes
from colophon.lib.sanitise import body_table_errors, clean_html, sanitise_fields
from series.models import Series, Volume

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Topic(models.Model):
    class Group(models.TextChoices):
        THEME = "theme", _("Theme")
        REGION = "region", _("Region")
        PROGRAMME = "programme", _("Programme")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:topic", args=[self.slug])


def published_q(prefix: str = "", language: str | None = None) -> models.Q:
    """Rows whose piece (reached through `prefix`, e.g. "volumes__articles__") a reader may
    see in `language` (the active one by default) right now; for filters and annotations."""
    field = build_localized_fieldname("published_at", language or get_language())
    return models.Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}{field}__lte": timezone.now(),
            f"{prefix}deleted_at__isnull": True,
        }
    )


def next_publications(now) -> list[Subquery]:
    """Per language, the soonest publication date still to come, as a subquery (or NULL).

    The page cache starts a generation by itself when it comes (pagecache/generation.py).
    """
    soonest = []
    for code in language_codes():
        field = build_localized_fieldname("published_at", code)
        first = (
            Article.all_objects.filter(
                status__in=[Status.PUBLISHED, Status.SCHEDULED],
                deleted_at__isnull=True,
                **{f"{field}__gt": now},
            )
            .order_by(field)
            .values(field)[:1]
        )
        soonest.append(Subquery(first))
    return soonest


class ArticleQuerySet(models.QuerySet):
    def published(self, language: str | None = None):
        """Pieces a reader may see in `language` (the active one by default), right now."""
        field = build_localized_fieldname("published_at", language or get_language())
        return self.filter(published_q(language=language)).order_by(f"-{field}", "-pk")

    def deleted(self):
        """Pieces deleted in the admin, waiting to be restored (on Article.all_objects)."""
        return self.filter(deleted_at__isnull=False)

    def published_anywhere(self):
        """Pieces a reader can see in at least one language."""
        condition = models.Q()
        for code in language_codes():
            condition |= published_q(language=code)
        return self.filter(condition)

    def handled_by(self, user):
        """The pieces `user` may handle as an editor: every series for editors, their own
        for series editors. A contributor's unsubmitted draft stays private to them."""
        pieces = self.exclude(status=Status.DRAFT, submitted_by__isnull=False)
        if user.is_superuser or user.has_perm("articles.edit_any_series"):
            return pieces
        return pieces.filter(series__in=Series.objects.edited_by(user))

    def credit_needed(self):
        """Pieces with a featured image or figure whose credit an import could not read."""
        # A subquery rather than a join: a list's other filters and prefetches stay one
        # row per piece without distinct().
        flagged = models.Q(image__credit_needed=True) | models.Q(figures__credit_needed=True)
        return self.filter(pk__in=Article.all_objects.filter(flagged).values("pk"))

    def status_counts(self) -> "list[tuple[str, StrOrPromise, int]]":
        """(value, label, count) of these pieces per workflow state, every state listed."""
        # order_by(): the model's default ordering would split the groups.
        rows = self.order_by().values("status").annotate(n=Count("pk"))
        counts = {row["status"]: row["n"] for row in rows}
        return [(value, label, counts.get(value, 0)) for value, label in Status.choices]

    def for_listing(self):
        """Everything a list of pieces shows, in a constant number of queries."""
        return self.select_related("volume__series", "image").prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.select_related("contributor")),
            "topics",
        )


_ArticleManagerBase = models.Manager.from_queryset(ArticleQuerySet)


class ArticleManager(_ArticleManagerBase):
    """Article.objects: every piece that has not been deleted (see Article.all_objects)."""

    def get_queryset(self) -> ArticleQuerySet:
        return cast(ArticleQuerySet, super().get_queryset().filter(deleted_at__isnull=True))


class Article(WorkflowFields, models.Model):
    # The states of the editorial workflow (articles/workflow/steps.py).
    Status = Status

    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # Empty while a submission is being considered; needed to publish (missing_for_publication).
    volume = models.ForeignKey(
        "series.Volume",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("volume"),
    )
    position = models.PositiveIntegerField(
        _("position in volume"), default=1, help_text=_("Order of the piece within its volume.")
    )
    original_language = models.CharField(
        _("original language"), max_length=10, choices=settings.LANGUAGES
    )
    # Only articles/workflow/steps.py (through publish, unpublish, transition) writes status and
    # publication dates.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    licence = models.CharField(
        _("licence"),
        max_length=40,
        choices=ARTICLE_LICENCE_CHOICES,
        default=DEFAULT_ARTICLE_LICENCE,
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="articles", verbose_name=_("topics")
    )
    keywords = models.CharField(
        _("keywords"), max_length=500, blank=True, help_text=_("Separated by commas.")
    )
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text=_("For example 10.1234/series.4.1, without https://doi.org/."),
    )
    # Set when the last public language version is withdrawn: OAI-PMH then reports the
    # piece as deleted (a persistent deleted record) instead of forgetting it.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Every row, deleted ones included: Django's own machinery (the admin, unique checks,
    # dumpdata, related managers) uses it, so a backup or a slug check never skips a row.
    # Typed for mypy's Django plugin, which cannot see the subclasses of these managers that
    # modeltranslation puts in their place when the app registry loads.
    all_objects: ClassVar["_ArticleManagerBase[Article]"] = ArticleQuerySet.as_manager()
    objects: ClassVar[ArticleManager] = ArticleManager()

    class Meta:
        default_manager_name = "all_objects"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Editors hold it; series editors handle only the series they edit (Series.editors).
        permissions = [("edit_any_series", _("Can handle the pieces of every series"))]

    def __str__(self) -> str:
        return self.title or self.localized("title", self.original_language) or self.slug

    def save(self, *args, **kwargs) -> None:
        sanitise_fields(self, "body", clean_html)
        if self.volume_id:
            # A piece in a volume belongs to that volume's series.
            self.series_id = cast(Volume, self.volume).series_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.slug])

    # The figure numbers a form or an import is about to give the piece, when it validates
    # the body before those figures are saved; None means the figures already stored.
    planned_figure_numbers: set[int] | None = None

    def clean(self) -> None:
        sanitise_fields(self, "body", clean_html)  # the checks below read what is stored
        errors = body_table_errors(self)
        for name, error in body_figure_errors(self, self.figure_numbers()).items():
            errors.setdefault(name, error)
        if (
            self.original_language
            and not (self.localized("title", self.original_language) or "").strip()
        ):
            field = build_localized_fieldname("title", self.original_language)
            errors[field] = ValidationError(_("A piece needs a title in its original language."))
        if errors:
            raise ValidationError(errors)

    def localized(self, field: str, language: str):
        return getattr(self, build_localized_fieldname(field, language))

    def figure_numbers(self) -> set[int]:
        if self.planned_figure_numbers is not None:
            return self.planned_figure_numbers
        if self.pk is None:
            return set()
        return {figure.number for figure in self.figures.all()}

    def restricted_figures(self) -> list[str]:
        """A flag per figure whose licence does not let the series republish it."""
        return [
            str(
                _("figure %(number)s: its licence (%(licence)s) does not allow republication")
                % {"number": figure.number, "licence": figure.licence_label}
            )
            for figure in self.figures.all()
            if not figure.allows_republication
        ]

    # Publication, one language version at a time -------------------------------------

    def published_on(self, language: str | None = None):
        return self.localized("published_at", language or get_language())

    def is_published(self, language: str | None = None) -> bool:
        when = self.published_on(language)
        return (
            self.status == self.Status.PUBLISHED
            and self.deleted_at is None
            and when is not None
            and when <= timezone.now()
        )

    def published_languages(self) -> list[str]:
        return [code for code in language_codes() if self.is_published(code)]

    def missing_for_publication(self, language: str) -> list[str]:
        """Names of the fields a language version still needs before it can go out."""
        missing = [
            self._label(field)
            for field in ("title", "summary", "body")
            if not (self.localized(field, language) or "").strip()
        ]
        image = getattr(self, "image", None)
        if image is not None and not image.localized("alt", language):
            missing.append(str(_("image alt text")))
        if self.pk is not None:
            missing.extend(
                str(_("alt text of figure %(number)s") % {"number": figure.number})
                for figure in self.figures.all()
                if not (figure.localized("alt", language) or "").strip()
            )
        if not self.volume_id:
            missing.append(self._label("volume"))
        return missing

    def _label(self, name: str) -> str:
        field = cast("models.Field[Any, Any]", self._meta.get_field(name))
        return str(field.verbose_name)

    # The editorial workflow: its steps are functions in articles/workflow/steps.py.

    def is_editable_by_author(self) -> bool:
        return self.status in {Status.DRAFT, Status.REVISIONS_REQUESTED}

    # Presentation helpers --------------------------------------------------------------

    def suggested_doi(self) -> str:
        """DOI_PREFIX/DOI_SUFFIX_PATTERN filled in for this piece; empty without a prefix."""
        if not settings.DOI_PREFIX:
            return ""
        volume = cast(Volume, self.volume)  # a DOI is suggested for a piece in a volume
        suffix = settings.DOI_SUFFIX_PATTERN.format(
            series=volume.series.slug,
            volume=volume.number,
            position=self.position,
            slug=self.slug,
            id=self.pk,
        )
        return f"{settings.DOI_PREFIX}/{suffix}"

    def keyword_list(self) -> list[str]:
        return [word.strip() for word in (self.keywords or "").split(",") if word.strip()]

    @property
    def licence_label(self) -> str:
        return licence_label(self.licence)

    @property
    def licence_url(self) -> str:
        return get_licence(self.licence).deed_url

    def authors(self) -> list["Authorship"]:
        # Iterating the prefetched set keeps list pages at a constant query count.
        return [a for a in self.authorships.all() if a.role == Authorship.Role.AUTHOR]

    def translators(self) -> list["Authorship"]:
        return [a for a in self.authorships.all() if a.role == Authorship.Role.TRANSLATOR]

    def translators_in(self, language: str) -> list["Authorship"]:
        """The translators the `language` version credits: none on the original, which they
        did not write (the PDF and its citation follow the same rule)."""
        return [] if language == self.original_language else self.translators()


class Authorship(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        TRANSLATOR = "translator", _("Translator")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authorships")
    contributor = models.ForeignKey(
        "contributors.Contributor",
        on_delete=models.PROTECT,
        related_name="authorships",
        verbose_name=_("contributor"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AUTHOR)
    position = models.PositiveIntegerField(_("position"), default=0)
    # A snapshot of the byline as published: later profile edits must not rewrite it.
    name = models.CharField(
        _("name as printed"),
        max_length=250,
        blank=True,
        help_text=_("Filled from the profile if empty."),
    )
    affiliation = models.CharField(
        _("affiliation as printed"),
        max_length=250,
        blank=True,
        help_text=_("Filled from the profile if empty."),
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "contributor", "role"], name="authorship_unique_role"
            ),
        ]
        verbose_name = _("authorship")
        verbose_name_plural = _("authorships")

    def __str__(self) -> str:
        return self.name or str(self.contributor)

    def save(self, *args, **kwargs) -> None:
        self.take_snapshot(overwrite=False)
        super().save(*args, **kwargs)

    def take_snapshot(self, overwrite: bool = True) -> None:
        """Copy name and affiliation (every language) from the contributor's profile."""
        contributor = self.contributor
        if overwrite or not self.name:
            self.name = contributor.display_name
        for language in language_codes():
            field = build_localized_fieldname("affiliation", language)
            if overwrite or not getattr(self, field):
                setattr(self, field, getattr(contributor, field) or "")
