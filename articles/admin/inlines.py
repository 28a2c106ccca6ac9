"""The article change form's inlines: bylines, bibliography, featured image and figures."""

import logging
from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from articles.admin.forms import (
    FeaturedImageFormSet,
    PositionedFormSet,
    ReferenceForm,
)
from articles.citations import render_reference
from articles.models import Authorship, BodyFigure, CreditedImage, FeaturedImage, Reference
from articles.models.visibility import contributors_for
from colophon.lib.admin_display import thumbnail
from colophon.lib.admin_languages import RequiredLanguagesMixin, localized

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)


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


class ReferenceInline(admin.TabularInline):
    model = Reference
    form = ReferenceForm
    formset = PositionedFormSet
    fields = ("position", "csl", "text", "preview")
    readonly_fields = ("preview",)
    extra = 1
    verbose_name_plural = _("bibliography")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Reference]:
        return super().get_queryset(request).select_related("article__volume__series")

    @admin.display(description=_("as printed"))
    def preview(self, reference: Reference) -> "SafeString | StrOrPromise":
        if reference.pk is None:
            return "—"
        article = reference.article
        try:
            # A submission has no volume until one is chosen: that lands in the except below.
            style = article.volume.series.citation_style  # type: ignore[union-attr]  # None for a submission
            return render_reference(reference, style, article.original_language)
        except Exception:
            # An entry citeproc cannot render must not make the whole piece uneditable.
            logger.exception("Could not render reference %s", reference.pk)
            return _("(cannot be rendered)")


class FeaturedImageInline(RequiredLanguagesMixin, TranslationStackedInline):
    model = FeaturedImage
    formset = FeaturedImageFormSet
    max_num = 1
    extra = 1
    fieldsets = [
        (None, {"fields": (("file", "preview"), localized("alt"), localized("caption"))}),
        (
            _("Credit"),
            {"fields": (("title", "creator", "year"), ("source_url", "licence"), "credit")},
        ),
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
        (
            _("Credit"),
            {"fields": (("title", "creator", "year"), ("source_url", "licence"), "credit")},
        ),
    ]
