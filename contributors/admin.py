from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.db.models import Count, Field, QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from articles.models import Article
from articles.models.visibility import contributors_for
from colophon.lib.admin_display import thumbnail
from colophon.lib.admin_languages import RequiredLanguagesMixin, localized, localized_all
from colophon.lib.short_text import is_short_text_field, short_text_widget
from contributors.models import Contributor
from contributors.orcid import ORCIDFormField
from throttling.login import AdminLoginForm

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class ArticleTotal(TypedDict):
    """What get_queryset() annotates each row with."""

    article_total: int


@admin.register(Contributor)
class ContributorAdmin(RequiredLanguagesMixin, TranslationAdmin):
    list_display = ("__str__", "kind", "affiliation", "orcid", "user", "article_count")
    list_filter = ("kind",)
    search_fields = ("name", "given_name", "family_name", "slug", "orcid")
    autocomplete_fields = ("user",)
    prepopulated_fields = {"slug": ("given_name", "family_name", "name")}
    readonly_fields = ("current_photo",)
    fieldsets = [
        (None, {"fields": (("kind", "slug"),)}),
        (
            _("Name"),
            {
                "description": _(
                    "A person has a given and a family name; an organisation only a display name."
                ),
                "fields": (("given_name", "family_name"), "name"),
            },
        ),
        (_("Profile"), {"fields": (localized("affiliation"), localized("bio"))}),
        (
            _("Identity"),
            {"fields": ("orcid", "website", ("photo", "current_photo"), "user")},
        ),
    ]

    def formfield_for_dbfield(self, db_field: Field, request: HttpRequest, **kwargs):
        if db_field.name == "orcid":
            kwargs["form_class"] = ORCIDFormField
        elif is_short_text_field(db_field.name, ("bio",)):
            kwargs["widget"] = short_text_widget(admin=True)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        # Affiliations are searchable in every language the editor might type.
        return [*super().get_search_fields(request), *localized_all("affiliation")]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Contributor]:
        # The list, the form, "view on site" and the autocomplete all read through here.
        visible = contributors_for(request.user, super().get_queryset(request))
        return visible.select_related("user").annotate(
            article_total=Count("authorships__article", distinct=True)
        )

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or request.user.has_perm("articles.edit_any_series"):
            return allowed
        # A series editor may pick anyone as an author (autocomplete), but changes only
        # people who are new or who have a byline in a series they edit.
        bylines = obj.authorships.all()
        return (
            not bylines.exists()
            or bylines.filter(article__in=Article.objects.handled_by(request.user)).exists()
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self.has_change_permission(
            request, obj
        )

    @admin.display(description=_("pieces"), ordering="article_total")
    def article_count(self, contributor: "WithAnnotations[Contributor, ArticleTotal]") -> int:
        return contributor.article_total

    @admin.display(description=_("current photo"))
    def current_photo(self, contributor: Contributor) -> SafeString | str:
        return thumbnail(contributor.photo, width=96)


# The admin's sign-in shares the contributors' lockout (throttling/login.py).
admin.site.login_form = AdminLoginForm
