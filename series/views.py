"""Public views for series and their volumes."""

from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, published_q
from series.models import Series, Volume


def in_volume_order(queryset: QuerySet) -> QuerySet:
    # published() sorts newest first; inside a volume the editors' order is what counts.
    return queryset.order_by("position", "pk")


def series_list(request: HttpRequest) -> HttpResponse:
    series = Series.objects.active().annotate(
        piece_count=Count("volumes__articles", filter=published_q("volumes__articles__"))
    )
    return render(request, "series/series_list.html", {"series_list": series})


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Inactive series are not listed, but their pages stay up: published pieces link to them.
    pieces = in_volume_order(Article.objects.published().for_listing())
    series = get_object_or_404(
        Series.objects.prefetch_related(
            Prefetch("volumes", queryset=Volume.objects.order_by("number")),
            Prefetch("volumes__articles", queryset=pieces),
        ),
        slug=slug,
    )
    volumes = [volume for volume in series.volumes.all() if volume.articles.all()]
    return render(request, "series/series_detail.html", {"series": series, "volumes": volumes})


def volume_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    volume = get_object_or_404(
        Volume.objects.select_related("series"), series__slug=slug, number=number
    )
    pieces = in_volume_order(Article.objects.published().filter(volume=volume).for_listing())
    return render(request, "series/volume_detail.html", {"volume": volume, "pieces": pieces})
