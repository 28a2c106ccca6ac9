"""Images whose credit an import could not read ("credit needed"): shown in the list and
named when an editor publishes or schedules their piece.

Publication is not refused: the editor may know the credit is fine, or publish now and
credit later. The warning only makes sure nobody publishes an uncredited image unawares.
"""

from typing import cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import Article, ArticleQuerySet, BodyFigure, FeaturedImage


def images_needing_credit(article: Article) -> list[str]:
    """The article's flagged images as a reader of the admin calls them, figures by number
    first, then the featured image."""
    names = [
        _("figure %(number)s") % {"number": number}
        for number in BodyFigure.objects.filter(article=article, credit_needed=True)
        .order_by("number")
        .values_list("number", flat=True)
    ]
    if FeaturedImage.objects.filter(article=article, credit_needed=True).exists():
        names.append(_("the featured image"))
    return names


def credit_warning(article: Article) -> str:
    """ "“Title”: Figure 2 and the featured image need a credit …", or "" when none does."""
    names = images_needing_credit(article)
    if not names:
        return ""
    images = capfirst(get_text_list(names, _("and")))
    message = ngettext(
        "“%(title)s”: %(images)s needs a credit (its “credit needed” box is ticked). "
        "Check its title, creator and licence, then untick the box.",
        "“%(title)s”: %(images)s need a credit (their “credit needed” boxes are ticked). "
        "Check their titles, creators and licences, then untick the boxes.",
        len(names),
    )
    return message % {"title": article, "images": images}


class CreditNeededFilter(admin.SimpleListFilter):
    """Pieces with a featured image or figure whose credit an import could not read."""

    title = gettext_lazy("image credit needed")
    parameter_name = "credit_needed"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", gettext_lazy("Image credit needed"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if self.value() == "yes":
            # The admin's rows come from Article.all_objects, an ArticleQuerySet.
            return cast(ArticleQuerySet, queryset).credit_needed()
        return queryset
