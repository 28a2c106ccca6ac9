from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.contrib import admin
from django.db.models import Field, ForeignKey, Prefetch, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion.admin import VersionAdmin

from articles.admin.actions import publication_actions
from articles.admin.changelist import NarrowSortPaginator, QuickActionCheckboxMixin
from articles.admin.citable_references import CitableReferencesAdminMixin
from articles.admin.credits import CreditNeededFilter, images_needing_credit
from articles.admin.crossref import crossref_deposit_xml
from articles.admin.deletion import DeletedFilter, SoftDeleteAdminMixin, restore_articles
from articles.admin.display import publication_marks
from articles.admin.filters import PublishedInFilter
from articles.admin.history import HistoryAdminMixin
from articles.admin.inlines import (
    AuthorshipInline,
    BodyFigureInline,
    FeaturedImageInline,
    ReferenceInline,
)
from articles.admin.reference_import import ReferenceImportAdminMixin
from articles.admin.reference_preview import ReferencePreviewMixin
from articles.admin.workflow import AgeFilter, SeriesFilter, WorkflowAdminMixin
from articles.models import Article, Authorship, BodyFigure
from articles.templatetags.pdf_links import preview_urls
from colophon.lib.admin_languages import (
    RequiredLanguagesMixin,
    language_names,
    localized,
    localized_all,
)
from colophon.lib.body_figures import posted_numbers
from colophon.lib.editor import AdminRichTextWidget
from series.models import Volume

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class AuthorList(TypedDict):
    """What ArticleAdmin.get_queryset() prefetches onto each row."""

    author_list: list[Authorship]


@admin.register(Article)
class ArticleAdmin(
    CitableReferencesAdminMixin,
    ReferencePreviewMixin,
    QuickActionCheckboxMixin,
    SoftDeleteAdminMixin,
    HistoryAdminMixin,
    ReferenceImportAdminMixin,
    WorkflowAdminMixin,
    RequiredLanguagesMixin,
    VersionAdmin,
    TranslationAdmin,
):
    list_display = (
        "__str__",
        "series_and_volume",
        "authors",
        "status",
        "languages",
        "handling_editor",
        "submitted",
        "updated_at",
    )
    # The submission queue: by status, series, handling editor and age.
    list_filter = (
        SeriesFilter,
        "status",
        ("handling_editor", admin.RelatedOnlyFieldListFilter),
        AgeFilter,
        PublishedInFilter,
        "original_language",
        "topics",
        CreditNeededFilter,
        DeletedFilter,
    )
    search_fields = (
        *localized_all("title"),
        "slug",
        "authorships__name",
        "authorships__contributor__name",
        "authorships__contributor__family_name",
    )
    list_per_page = 50
    paginator = NarrowSortPaginator
    actions = [*publication_actions(), crossref_deposit_xml, restore_articles]
    autocomplete_fields = ("topics",)
    prepopulated_fields = {"slug": (build_localized_fieldname("title", settings.LANGUAGE_CODE),)}
    inlines = (AuthorshipInline, FeaturedImageInline, BodyFigureInline, ReferenceInline)
    readonly_fields = (
        "status",
        *localized("published_at"),
        "readiness",
        "pdf_preview",
        "created_at",
        "updated_at",
    )
    fieldsets = [
        (
            None,
            {
                "fields": (
                    localized("title"),
                    localized("subtitle"),
                    ("volume", "position"),
                    ("original_language", "slug"),
                )
            },
        ),
        (gettext_lazy("Text"), {"fields": (localized("summary"), localized("body"))}),
        (
            gettext_lazy("Topics, keywords and licence"),
            {"fields": ("topics", localized("keywords"), ("licence", "doi"))},
        ),
        (
            gettext_lazy("Publication"),
            {
                "description": gettext_lazy(
                    "Use the “Publish” and “Unpublish” actions of the article list to "
                    "publish or withdraw one language version."
                ),
                "fields": (
                    "status",
                    localized("published_at"),
                    "readiness",
                    "pdf_preview",
                    ("created_at", "updated_at"),
                ),
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # The list shows series, volume and bylines: a constant number of queries per page.
        return (
            super()
            .get_queryset(request)
            .select_related("volume__series", "series", "handling_editor")
            .prefetch_related(
                Prefetch(
                    "authorships",
                    queryset=Authorship.objects.filter(role=Authorship.Role.AUTHOR),
                    to_attr="author_list",
                )
            )
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {
            "original_language": settings.LANGUAGE_CODE,
            **super().get_changeform_initial_data(request),
        }

    def _create_formsets(self, request: HttpRequest, obj: Article, change: bool):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        # The form validates the body before the inlines are saved: tell it which figures
        # this request keeps, so that a figure added together with its place in the text is
        # accepted and one deleted while the text still places it is refused.
        for formset in formsets:
            if formset.model is BodyFigure and formset.is_bound:
                obj.planned_figure_numbers = posted_numbers(formset)
        return formsets, inline_instances

    def formfield_for_dbfield(self, db_field: Field, request: HttpRequest, **kwargs):
        # The body is written in the rich-text editor (the languages copy this widget).
        if db_field.name == "body":
            kwargs["widget"] = AdminRichTextWidget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs
    ) -> ModelChoiceField | None:
        if db_field.name == "volume":
            # A volume is labelled with its series; fetch both in the same query.
            kwargs["queryset"] = Volume.objects.select_related("series")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("series and volume"), ordering="volume")
    def series_and_volume(self, article: Article) -> str:
        # A submission has a proposed series and no volume yet.
        return str(article.volume) if article.volume_id else f"{article.series or '—'} · —"

    @admin.display(description=gettext_lazy("authors"))
    def authors(self, article: "WithAnnotations[Article, AuthorList]") -> str:
        return ", ".join(authorship.name for authorship in article.author_list)

    @admin.display(description=gettext_lazy("published in"))
    def languages(self, article: Article) -> SafeString:
        return publication_marks(article)

    @admin.display(description=gettext_lazy("PDF preview"))
    def pdf_preview(self, article: Article) -> SafeString | str:
        if article.pk is None:
            return "—"
        links = ((url, code.upper()) for code, url in preview_urls(article))
        return format_html_join(" · ", '<a href="{}">PDF ({})</a>', links) or "—"

    @admin.display(description=gettext_lazy("ready to publish"))
    def readiness(self, article: Article) -> SafeString | str:
        if article.pk is None:
            return "—"
        lines = []
        for code, name in language_names().items():
            missing = article.missing_for_publication(code)
            status = (
                _("missing %(fields)s") % {"fields": ", ".join(missing)} if missing else _("ready")
            )
            lines.append((name, status))
        # Not a missing field: the editors decide, as for a featured image the portal warns of.
        lines.extend((_("Check"), flag) for flag in article.restricted_figures())
        lines.extend(
            (_("Check"), _("%(image)s needs a credit") % {"image": name})
            for name in images_needing_credit(article)
        )
        return format_html_join("", "<div>{}: {}</div>", lines)
