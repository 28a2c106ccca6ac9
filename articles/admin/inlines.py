"""The article change form's inlines: bylines, bibliography, featured image and figures."""

from django.conf import settings
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from articles.admin.forms import FeaturedImageFormSet
from articles.admin.reference_preview import PREVIEW_URL_NAME
from articles.bibliography.forms import ReferenceForm, ReferenceFormSet
from articles.models import Authorship, BodyFigure, CreditedImage, FeaturedImage, Reference
from articles.models.visibility import contributors_for
from colophon.lib.admin_display import thumbnail
from colophon.lib.admin_languages import RequiredLanguagesMixin, localized
from colophon.lib.formsets import PositionedFormSet


class AuthorshipInline(RequiredLanguagesMixin, TranslationTabularInline):
    model = Authorship
    formset = PositionedFormSet
    fields = ("position", "contributor", "role", "name", *localized("affiliation"))
    autocomplete_fields = ("contributor",)
    extra = 1
    verbose_name = _("author or translator")
    verbose_name_plural = _("authors and translators")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Authorship]:
        return super().get_queryset(request).select_related("contributor")

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "contributor":
            # A posted key outside the editor's reach would credit, and so reveal, a
            # stranger's co-author: it is refused as an invalid choice.
            kwargs["queryset"] = contributors_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReferenceInline(admin.StackedInline):
    """The bibliography: each entry as fields beside its preview, with no CSL-JSON to type
    (articles/bibliography/forms.py, templates/bibliography/)."""

    model = Reference
    form = ReferenceForm
    formset = ReferenceFormSet
    # Each entry as a form beside its preview "as printed" (ReferenceForm.printed).
    template = "admin/articles/reference_inline.html"
    extra = 1
    verbose_name_plural = _("bibliography")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Reference]:
        return super().get_queryset(request).select_related("article__volume__series")

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        bodies = None
        fields = [build_localized_fieldname("body", code) for code, _name in settings.LANGUAGES]
        if request.method == "POST" and any(field in request.POST for field in fields):
            # The bodies saved with this form are the ones whose citations count.
            bodies = [request.POST.get(field, "") for field in fields]
        attributes = {"bodies": bodies, "preview_url": reverse(PREVIEW_URL_NAME)}
        return type(formset.__name__, (formset,), attributes)


# The credit a featured image and a body figure carry alike; "credit_needed" first, so an
# imported image waiting for its credit shows so above the fields to fill in.
CREDIT_FIELDS = (
    "credit_needed",
    ("title", "creator", "year"),
    ("source_url", "licence"),
    "credit",
)


class FeaturedImageInline(RequiredLanguagesMixin, TranslationStackedInline):
    model = FeaturedImage
    formset = FeaturedImageFormSet
    max_num = 1
    extra = 1
    fieldsets = [
        (None, {"fields": (("file", "preview"), localized("alt"), localized("caption"))}),
        (_("Credit"), {"fields": CREDIT_FIELDS}),
    ]
    readonly_fields = ("preview", "credit")

    @admin.display(description=_("current image"))
    def preview(self, image: CreditedImage) -> SafeString | str:
        return thumbnail(image.file if image.pk else None)

    @admin.display(description=_("credit line as printed"))
    def credit(self, image: CreditedImage) -> SafeString | str:
        if image.pk is None:
            return "—"
        return format_html("{}", image.credit_html())


class BodyFigureInline(FeaturedImageInline):
    """Figures the body places with <figure data-figure="N">, in the order of their numbers.

    The formset's unique check refuses a number used twice; the piece's form refuses a body
    placing a number not kept here (ArticleAdmin._create_formsets tells it which).
    """

    model = BodyFigure  # type: ignore[assignment]  # the same credited fields as the parent's
    max_num = None  # type: ignore[assignment]  # no limit, unlike the one featured image
    extra = 0
    ordering = ("number",)
    fieldsets = [
        (
            None,
            {
                "fields": ("number", ("file", "preview"), localized("alt"), localized("caption")),
                # Shown as HTML by the admin: the markup is written out as text.
                "description": _(
                    'Place figure N in the text with <code>&lt;figure data-figure="N"&gt;'
                    "&lt;/figure&gt;</code>, on a line of its own."
                ),
            },
        ),
        (_("Credit"), {"fields": CREDIT_FIELDS}),
    ]
