"""What machines read in the head of an article page: Google Scholar (Highwire) tags,
Dublin Core, Open Graph and Twitter cards. JSON-LD is in articles/discovery/jsonld.py.

Every value comes from the language version being shown; templates escape them.
"""

from datetime import datetime
from html import unescape
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import override

from articles.bibliography.citing import printed_references
from articles.citations import render_reference
from articles.doi import doi_url
from articles.models import Article, Authorship
from colophon.lib.urls import absolute_url

if TYPE_CHECKING:
    from series.models import Volume

Tags = list[tuple[str, str]]

# Open Graph wants a territory with the language.
OG_LOCALES = {"en": "en_GB", "es": "es_ES"}


def article_path(article: Article, language: str) -> str:
    with override(language):
        return article.get_absolute_url()


def article_url(article: Article, language: str) -> str:
    return absolute_url(article_path(article, language))


def article_pdf_path(article: Article, language: str) -> str:
    """The reader PDF of a language version, in the page's own directory.

    The one place that names the PDF's address: Scholar tags, feeds and OAI use it.
    """
    with override(language):
        return reverse("pdf:article", args=[article.slug, article.slug])


def article_pdf_url(article: Article, language: str) -> str:
    return absolute_url(article_pdf_path(article, language))


def media_url(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else absolute_url(url)


def local_date(moment: datetime | None, fmt: str = "%Y-%m-%d") -> str:
    return timezone.localtime(moment).strftime(fmt) if moment else ""


def first_published(article: Article) -> datetime | None:
    """When the piece first went out, in whichever language."""
    dates = [article.published_on(code) for code in article.published_languages()]
    return min(dates) if dates else None


def authors(article: Article) -> list[Authorship]:
    return article.authors()


def keywords(article: Article) -> list[str]:
    """The version's keywords, then its topics, each once."""
    words = article.keyword_list() + [topic.name for topic in article.topics.all()]
    return list(dict.fromkeys(words))


def plain_reference(reference, style: str, language: str) -> str:
    return unescape(strip_tags(render_reference(reference, style, language)))


def scholar_tags(article: Article, language: str) -> Tags:
    """Highwire Press tags, as Google Scholar's inclusion guidelines describe them."""
    volume = cast("Volume", article.volume)  # a piece is published only with a volume
    series = volume.series
    tags: Tags = [("citation_title", article.title)]
    for authorship in authors(article):
        tags.append(("citation_author", authorship.name))
        if authorship.affiliation:
            tags.append(("citation_author_institution", authorship.affiliation))
    tags += [
        ("citation_publication_date", local_date(first_published(article), "%Y/%m/%d")),
        ("citation_online_date", local_date(article.published_on(language), "%Y/%m/%d")),
        ("citation_language", language),
        *[("citation_keywords", word) for word in keywords(article)],
        ("citation_pdf_url", article_pdf_url(article, language)),
        ("citation_abstract_html_url", article_url(article, language)),
    ]
    if article.doi:
        tags.append(("citation_doi", article.doi))
    # A numbered series of short papers is cited like a report series.
    tags += [
        ("citation_technical_report_institution", settings.PUBLISHER_NAME),
        ("citation_technical_report_number", str(volume.number)),
        ("citation_series_title", series.title),
        ("citation_volume", str(volume.number)),
        ("citation_publisher", settings.PUBLISHER_NAME),
    ]
    style = series.citation_style
    tags += [
        ("citation_reference", plain_reference(entry, style, language))
        for entry in printed_references(article)
    ]
    return tags


def dublin_core_tags(article: Article, language: str) -> Tags:
    volume = cast("Volume", article.volume)  # a piece is published only with a volume
    tags: Tags = [("DC.title", article.title)]
    tags += [("DC.creator", authorship.name) for authorship in authors(article)]
    tags += [("DC.subject", word) for word in keywords(article)]
    if article.summary:
        tags.append(("DC.description", article.summary))
    tags += [
        ("DC.publisher", settings.PUBLISHER_NAME),
        ("DC.date", local_date(article.published_on(language))),
        ("DC.type", "Text"),
        ("DC.format", "text/html"),
        ("DC.identifier", article_url(article, language)),
    ]
    if article.doi:
        tags.append(("DC.identifier", doi_url(article.doi)))
    tags += [
        ("DC.language", language),
        ("DC.relation.isPartOf", f"{volume.series.title}, {volume.label}"),
        ("DC.rights", article.licence_url or article.licence_label),
    ]
    return tags


def open_graph_tags(article: Article, language: str) -> Tags:
    """Open Graph `property` tags (og:*, article:*)."""
    tags: Tags = [
        ("og:type", "article"),
        ("og:title", article.title),
        ("og:url", article_url(article, language)),
        ("og:site_name", settings.PUBLISHER_NAME),
        ("og:locale", OG_LOCALES.get(language, language)),
    ]
    tags += [
        ("og:locale:alternate", OG_LOCALES.get(code, code))
        for code in article.published_languages()
        if code != language
    ]
    if article.summary:
        tags.append(("og:description", article.summary))
    image = getattr(article, "image", None)
    if image is not None:
        tags += [("og:image", media_url(image.file.url)), ("og:image:alt", image.alt)]
        if image.width:
            tags += [("og:image:width", str(image.width)), ("og:image:height", str(image.height))]
    tags += [
        ("article:published_time", timezone.localtime(article.published_on(language)).isoformat()),
        ("article:modified_time", timezone.localtime(article.updated_at).isoformat()),
        ("article:section", cast("Volume", article.volume).series.title),
    ]
    tags += [
        ("article:author", absolute_url(authorship.contributor.get_absolute_url()))
        for authorship in authors(article)
    ]
    tags += [("article:tag", word) for word in keywords(article)]
    return tags


def twitter_tags(article: Article) -> Tags:
    image = getattr(article, "image", None)
    tags: Tags = [
        ("twitter:card", "summary_large_image" if image is not None else "summary"),
        ("twitter:title", article.title),
    ]
    if article.summary:
        tags.append(("twitter:description", article.summary))
    if image is not None:
        tags += [("twitter:image", media_url(image.file.url)), ("twitter:image:alt", image.alt)]
    return tags
