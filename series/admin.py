from typing import TYPE_CHECKING, TypedDict, cast

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Field, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from colophon.lib.admin_languages import RequiredLanguagesMixin, localized, localized_all
from colophon.lib.short_text import is_short_text_field, short_text_widget
from series.models import Series, SeriesQuerySet, Volume

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class ArticleTotal(TypedDict):
    """What VolumeAdmin.get_queryset() annotates each row with."""

    article_total: int


class Totals(ArticleTotal):
    """What SeriesAdmin.get_queryset() annotates each row with."""

    volume_total: int


class VolumeInline(RequiredLanguagesMixin, TranslationTabularInline):
    model = Volume
    fields = ("number", *localized("title"), "published_on")
    extra = 0
    show_change_link = True


@admin.register(Series)
class SeriesAdmin(RequiredLanguagesMixin, TranslationAdmin):
    list_display = (
        "title",
        "slug",
        "position",
        "is_active",
        "citation_style",
        "volume_count",
        "article_count",
    )
    list_editable = ("position", "is_active")
    list_filter = ("is_active", "citation_style", "bibliography")
    search_fields = (*localized_all("title"), "slug")
    prepopulated_fields = {"slug": (build_localized_fieldname("title", settings.LANGUAGE_CODE),)}
    fieldsets = [
        (
            None,
            {
                "fields": (
                    localized("title"),
                    "slug",
                    localized("description"),
                    localized("call_for_contributions"),
                )
            },
        ),
        (
            _("Listing and citations"),
            {"fields": (("position", "is_active"), ("citation_style", "bibliography"))},
        ),
        (_("Submissions"), {"fields": ("open_for_submissions", "editors")}),
    ]
    inlines = (VolumeInline,)
    filter_horizontal = ("editors",)

    def formfield_for_dbfield(self, db_field: Field, request: HttpRequest, **kwargs):
        if is_short_text_field(db_field.name, ("description",)):
            kwargs["widget"] = short_text_widget(admin=True)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Series]:
        # Series editors see only the series they edit (Series.objects.edited_by).
        # The admin starts from Series.objects, whose queries are SeriesQuerySets.
        series = cast(SeriesQuerySet, super().get_queryset(request))
        return series.edited_by(request.user).annotate(
            volume_total=Count("volumes", distinct=True),
            article_total=Count("volumes__articles", distinct=True),
        )

    @admin.display(description=_("volumes"), ordering="volume_total")
    def volume_count(self, series: "WithAnnotations[Series, Totals]") -> int:
        return series.volume_total

    @admin.display(description=_("pieces"), ordering="article_total")
    def article_count(self, series: "WithAnnotations[Series, Totals]") -> int:
        return series.article_total


@admin.register(Volume)
class VolumeAdmin(RequiredLanguagesMixin, TranslationAdmin):
    list_display = ("volume", "series", "title", "published_on", "article_count")
    list_filter = (("series", admin.RelatedOnlyFieldListFilter),)
    search_fields = (*localized_all("title"), *[f"series__{f}" for f in localized_all("title")])
    fields = (("series", "number"), localized("title"), localized("description"), "published_on")

    def formfield_for_dbfield(self, db_field: Field, request: HttpRequest, **kwargs):
        if is_short_text_field(db_field.name, ("description",)):
            kwargs["widget"] = short_text_widget(admin=True)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "series":
            kwargs["queryset"] = Series.objects.edited_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Volume]:
        # A volume is labelled with its series title, so fetch the series with it.
        return (
            super()
            .get_queryset(request)
            .filter(series__in=Series.objects.edited_by(request.user))
            .select_related("series")
            .annotate(article_total=Count("articles"))
        )

    @admin.display(description=_("volume"), ordering="number")
    def volume(self, volume: Volume) -> str:
        return volume.label

    @admin.display(description=_("pieces"), ordering="article_total")
    def article_count(self, volume: "WithAnnotations[Volume, ArticleTotal]") -> int:
        return volume.article_total
