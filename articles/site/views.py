"""Public views for pieces and topics: fetch through a published queryset, then render."""

import unicodedata

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from articles.discovery.citation_export import EXPORTS, REFERENCE_WRITERS, WRITERS
from articles.models import Article, Topic, published_q
from articles.search.forms import SearchForm
from articles.search.query import attach_snippets
from articles.site.reading_aids import neighbour_volumes, related_pieces, share_links
from colophon.lib.languages import language_codes
from colophon.lib.pagination import paginate
from colophon.lib.responses import not_in_language
from colophon.lib.urls import absolute_url
from series.models import Series

HOME_LATEST = 6


def home(request: HttpRequest) -> HttpResponse:
    latest = Article.objects.published().for_listing()[:HOME_LATEST]
    series = Series.objects.active().annotate(
        piece_count=Count("volumes__articles", filter=published_q("volumes__articles__"))
    )
    return render(request, "articles/home.html", {"latest": latest, "series_list": series})


def article_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, Article.objects.published().for_listing())
    return render(request, "articles/article_list.html", {"page_obj": page})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = (
        Article.objects.published()
        .for_listing()
        # What its citations name and its bibliography lists (printed_references).
        .select_related("series")
        .prefetch_related("references")
        .filter(slug=slug)
        .first()
    )
    if article is None:
        other: Article = get_object_or_404(Article.objects, slug=slug)
        if other.status == Article.Status.UNPUBLISHED:
            return unpublished(request, other)
        return not_in_language(request, other, other.published_languages())
    previous_volume, next_volume = neighbour_volumes(article)
    context = {
        "article": article,
        "available_languages": article.published_languages(),
        "original_language": article.original_language,
        "previous_volume": previous_volume,
        "next_volume": next_volume,
        "related": related_pieces(article),
        "share": share_links(absolute_url(article.get_absolute_url()), article.title),
    }
    return render(request, "articles/article_detail.html", context)


def _in_language(article: Article, field: str) -> tuple[str, str]:
    """(text, language) of `field` in the reader's language, else the piece's own."""
    for code in [get_language(), article.original_language, *language_codes()]:
        text = (article.localized(field, code) or "").strip()
        if text:
            return text, code
    return "", get_language()


def unpublished(request: HttpRequest, article: Article) -> HttpResponse:
    """410 Gone: the piece was taken down on purpose; readers are told why."""
    title, title_language = _in_language(article, "title")
    reason, reason_language = _in_language(article, "public_notice")
    context = {
        "title": title,
        "title_language": title_language,
        "reason": reason,
        "reason_language": reason_language,
        "withdrawn_at": article.withdrawn_at,
    }
    return render(request, "articles/unpublished.html", context, status=410)


def article_citation(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    """The piece as BibTeX, RIS or CSL-JSON, downloaded as <slug>.<extension>."""
    if extension not in EXPORTS:
        raise Http404
    article = get_object_or_404(Article.objects.published().for_listing(), slug=slug)
    export = EXPORTS[extension]
    response = HttpResponse(
        WRITERS[extension](article, get_language()), content_type=export.content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}.{export.extension}"'
    return response


def article_references(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    """The piece's bibliography as BibTeX, RIS or CSL-JSON, as <slug>-references.<ext>."""
    if extension not in EXPORTS:
        raise Http404
    article = get_object_or_404(
        Article.objects.published().for_listing().prefetch_related("references"), slug=slug
    )
    body = REFERENCE_WRITERS[extension](article, get_language())
    export = EXPORTS[extension]
    response = HttpResponse(body, content_type=export.content_type)
    name = f"{slug}-references.{export.extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    if form.is_search():
        page = paginate(request, form.results(Article.objects.published()).for_listing())
        attach_snippets(page.object_list, form.cleaned_data["q"])
    # Pagination links keep the query and the filters, and nothing else the address
    # carried: the page is cached for everyone who asks with the same form fields
    # (pagecache/variants.py), so it must not repeat one visitor's other parameters.
    query = QueryDict(mutable=True)
    for name in form.fields:
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    context = {"form": form, "page_obj": page, "page_query": query.urlencode()}
    return render(request, "articles/search.html", context)


def reading_order(text: str) -> str:
    """A sort key that files "África" under A, as readers expect (SQLite sorts by bytes)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def topic_list(request: HttpRequest) -> HttpResponse:
    counted = Topic.objects.annotate(
        piece_count=Count("articles", filter=published_q("articles__"))
    ).filter(piece_count__gt=0)
    # Grouped topics first, by group; ungrouped ones close the page.
    topics = sorted(counted, key=lambda t: (not t.group, t.group, reading_order(t.name)))
    return render(request, "articles/topic_list.html", {"topics": topics})


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    page = paginate(request, Article.objects.published().filter(topics=topic).for_listing())
    return render(request, "articles/topic_detail.html", {"topic": topic, "page_obj": page})
