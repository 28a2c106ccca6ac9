"""The sitemap: every published page, once per language it can be read in.

/sitemap.xml is an index of sections (/sitemap-articles.xml, ...). Each language version
is a separate <url> with hreflang alternates for its siblings, so an article published
only in Spanish never advertises an English page that would 404; each has a <lastmod>,
the last change to the pieces it shows. robots.txt points crawlers to the index.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.models import Article, Authorship, Topic
from colophon.lib.languages import language_codes
from colophon.lib.urls import absolute_url
from contributors.models import Contributor
from pages.models import Page
from series.models import Series, Volume


def x_default_language(languages: list[str], original: str | None = None) -> str:
    """The version offered to readers whose language we do not have."""
    for code in (settings.LANGUAGE_CODE, original):
        if code in languages:
            return code
    return languages[0]


def languages_of(articles: Iterable[Article]) -> list[str]:
    return [code for code in language_codes() if any(a.is_published(code) for a in articles)]


def last_change(articles: Iterable[Article]) -> datetime | None:
    """When the newest change among the public pieces was made."""
    dates = [a.updated_at for a in articles if a.published_languages()]
    return max(dates, default=None)


class LanguageSitemap(Sitemap):
    i18n = True
    alternates = True
    # Addresses per page (each with its language alternates). Django's default, 50,000,
    # made the articles section of a 10,000-piece site one 4 MB page taking seconds to
    # build and too big for the page cache; pages of 1,000 stay near 300 KB and are
    # listed in the index (sitemap_index).
    limit = 1000

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def original_language(self, item: Any) -> str | None:
        return None

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        # Django's own x-default is the unprefixed URL, which negotiates a language and
        # can land on a version that does not exist; ours names a version that does.
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            item = url["item"][0]
            code = x_default_language(
                self.get_languages_for_item(item), self.original_language(item)
            )
            location = next(a["location"] for a in url["alternates"] if a["lang_code"] == code)
            url["alternates"].append({"location": location, "lang_code": "x-default"})
        return urls


class StaticSitemap(LanguageSitemap):
    def items(self) -> list[str]:
        return [
            "articles:home",
            "articles:list",
            "series:list",
            "articles:topics",
            "contributors:list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> datetime | None:
        # Listings change whenever a piece does.
        if not hasattr(self, "_lastmod"):
            pieces = Article.objects.published_anywhere()
            self._lastmod = pieces.aggregate(last=Max("updated_at"))["last"]
        return self._lastmod


class ArticleSitemap(LanguageSitemap):
    def items(self) -> QuerySet:
        return Article.objects.published_anywhere().order_by("pk")

    def get_languages_for_item(self, item: Article) -> list[str]:
        return item.published_languages()

    def original_language(self, item: Article) -> str:
        return item.original_language

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at


class SeriesSitemap(LanguageSitemap):
    def items(self) -> list[Series]:
        return list(
            Series.objects.active().prefetch_related(
                Prefetch("volumes__articles", queryset=Article.objects.published_anywhere())
            )
        )

    def lastmod(self, item: Series) -> datetime | None:
        return last_change(a for volume in item.volumes.all() for a in volume.articles.all())


class VolumeSitemap(LanguageSitemap):
    def items(self) -> list[Volume]:
        # Like their series, the volumes of an inactive series are reachable but not listed.
        volumes = Volume.objects.filter(series__is_active=True).select_related("series")
        volumes = volumes.prefetch_related(
            Prefetch("articles", queryset=Article.objects.published_anywhere())
        )
        return [volume for volume in volumes if self.get_languages_for_item(volume)]

    def get_languages_for_item(self, item: Volume) -> list[str]:
        return languages_of(item.articles.all())

    def lastmod(self, item: Volume) -> datetime | None:
        return last_change(item.articles.all())


class TopicSitemap(LanguageSitemap):
    def items(self) -> list[Topic]:
        topics = Topic.objects.prefetch_related(
            Prefetch("articles", queryset=Article.objects.published_anywhere())
        )
        return [topic for topic in topics if self.get_languages_for_item(topic)]

    def get_languages_for_item(self, item: Topic) -> list[str]:
        return languages_of(item.articles.all())

    def lastmod(self, item: Topic) -> datetime | None:
        return last_change(item.articles.all())


class ContributorSitemap(LanguageSitemap):
    def items(self) -> list[Contributor]:
        authorships = Authorship.objects.filter(article__in=Article.objects.published_anywhere())
        contributors = Contributor.objects.prefetch_related(
            Prefetch("authorships", queryset=authorships.select_related("article"))
        )
        return [person for person in contributors if self.get_languages_for_item(person)]

    def get_languages_for_item(self, item: Contributor) -> list[str]:
        return languages_of([authorship.article for authorship in item.authorships.all()])

    def lastmod(self, item: Contributor) -> datetime | None:
        return last_change(authorship.article for authorship in item.authorships.all())


class PageSitemap(LanguageSitemap):
    def items(self) -> QuerySet:
        return Page.objects.order_by("pk")

    def get_languages_for_item(self, item: Page) -> list[str]:
        return item.languages()

    def lastmod(self, item: Page) -> datetime:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {
    "static": StaticSitemap,
    "articles": ArticleSitemap,
    "series": SeriesSitemap,
    "volumes": VolumeSitemap,
    "topics": TopicSitemap,
    "authors": ContributorSitemap,
    "pages": PageSitemap,
}


def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """/sitemap.xml: one entry per section (and page of a long section), with its lastmod.

    Django's own index names the host the request came through; this one names SITE_URL.
    """
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("sitemap-section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        # SitemapIndexItem.last_mod is annotated as a bool, but it holds the lastmod.
        entries.append(SitemapIndexItem(location, lastmod))  # type: ignore[arg-type]  # a datetime, as in Django's index
        entries += [
            SitemapIndexItem(f"{location}?p={page}", lastmod)  # type: ignore[arg-type]  # a datetime, as in Django's index
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/"]
    # Search results are endless variations of pages that are listed already.
    lines += [f"Disallow: /{code}/search/" for code in language_codes()]
    lines += ["", f"Sitemap: {absolute_url(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
