"""Which contributors a member of staff may see in the admin (list, form, autocomplete).

A contributor's name, affiliation and bio are private until a piece credits them publicly:
co-authors typed into a draft in one series are none of another series' editors' business.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from articles.models.article import Article, Authorship
from contributors.models import Contributor


def sees_every_contributor(user) -> bool:
    return user.is_superuser or user.has_perm("articles.edit_any_series")


def contributors_for(user, queryset: QuerySet[Contributor] | None = None) -> QuerySet[Contributor]:
    """Everyone for editors of every series; for a series editor, the people credited on a
    piece they handle (deleted ones included, as their queue lists them), the people
    readers already see (credited on a published piece), and records made in the admin
    that nobody is credited as yet, so that a new author can be picked right after adding
    them. A co-author a contributor typed into the portal is not such a record: it keeps
    `added_by` even when the draft no longer credits it."""
    queryset = Contributor.objects.all() if queryset is None else queryset
    if sees_every_contributor(user):
        return queryset
    credited = Authorship.objects.filter(
        Q(article__in=Article.all_objects.handled_by(user))
        | Q(article__in=Article.objects.published_anywhere())
    ).values("contributor")
    uncredited = ~Exists(Authorship.objects.filter(contributor=OuterRef("pk")))
    return queryset.filter(
        Q(pk__in=credited) | (uncredited & Q(added_by__isnull=True, user__isnull=True))
    )
