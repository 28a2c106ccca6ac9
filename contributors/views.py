"""Public views for authors: who wrote what, in the reader's language."""

from django.db.models import Count, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, published_q
from colophon.lib.pagination import paginate
from contributors.models import Contributor


def contributor_list(request: HttpRequest) -> HttpResponse:
    contributors = (
        Contributor.objects.annotate(
            piece_count=Count(
                "authorships__article",
                filter=published_q("authorships__article__"),
                distinct=True,
            ),
            # People sort by family name, organisations by their one name.
            sort_name=Lower(Coalesce(NullIf("family_name", Value("")), "name")),
        )
        .filter(piece_count__gt=0)
        .order_by("sort_name", "given_name", "pk")
    )
    page = paginate(request, contributors)
    return render(request, "contributors/contributor_list.html", {"page_obj": page})


def contributor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    contributor = get_object_or_404(Contributor, slug=slug)
    # Someone who has only drafts (or only a sign-up) has no public page yet.
    if (
        not Article.objects.published_anywhere()
        .filter(authorships__contributor=contributor)
        .exists()
    ):
        raise Http404
    pieces = Article.objects.published().filter(authorships__contributor=contributor).distinct()
    page = paginate(request, pieces.for_listing())
    context = {"contributor": contributor, "page_obj": page}
    return render(request, "contributors/contributor_detail.html", context)
