"""schema.org JSON-LD for an article page: a ScholarlyArticle with its people, series,
volume, language versions, image credit, licence and citations."""

import json
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override

from articles.bibliography.citing import printed_references
from articles.discovery.metadata import (
    article_pdf_url,
    article_url,
    authors,
    first_published,
    keywords,
    media_url,
    plain_reference,
)
from articles.doi import doi_url
from articles.models import Article, Authorship
from colophon.lib.urls import absolute_url

if TYPE_CHECKING:
    from series.models import Volume

# json.dumps leaves these alone; inside <script> they could close the element.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _person(authorship: Authorship) -> dict:
    contributor = authorship.contributor
    node: dict[str, Any] = {
        "@type": "Organization" if contributor.is_organisation else "Person",
        "name": authorship.name,
        "url": absolute_url(contributor.get_absolute_url()),
    }
    if not contributor.is_organisation:
        node |= {"givenName": contributor.given_name, "familyName": contributor.family_name}
    if contributor.orcid:
        node["sameAs"] = contributor.orcid_url
    if authorship.affiliation:
        node["affiliation"] = {"@type": "Organization", "name": authorship.affiliation}
    return node


def _is_part_of(article: Article) -> dict:
    volume = cast("Volume", article.volume)  # a piece is published only with a volume
    series = volume.series
    return {
        "@type": "PublicationVolume",
        "volumeNumber": str(volume.number),
        "name": f"{volume.label}: {volume.title}" if volume.title else str(volume.label),
        "url": absolute_url(volume.get_absolute_url()),
        "isPartOf": {
            "@type": "CreativeWorkSeries",
            "name": series.title,
            "url": absolute_url(series.get_absolute_url()),
        },
    }


def _version(article: Article, language: str) -> dict:
    with override(language):
        name = article.title
    return {
        "@type": "ScholarlyArticle",
        "@id": article_url(article, language),
        "url": article_url(article, language),
        "name": name,
        "inLanguage": language,
    }


def _image(article: Article) -> dict | None:
    image = getattr(article, "image", None)
    if image is None:
        return None
    node = {
        "@type": "ImageObject",
        "contentUrl": media_url(image.file.url),
        "url": media_url(image.file.url),
        "caption": image.caption or image.alt,
        "name": image.title,
        "creditText": image.credit_text(),
    }
    if image.creator.strip():  # empty while an imported image waits for its credit
        node |= {
            "creator": {"@type": "Person", "name": image.creator},
            "copyrightNotice": image.creator,
        }
    if image.width:
        node |= {"width": image.width, "height": image.height}
    if image.licence_url:
        node["license"] = image.licence_url
    if image.source_url:
        node["acquireLicensePage"] = image.source_url
    return node


def scholarly_article(article: Article, language: str) -> dict:
    """The language version being shown, as a schema.org ScholarlyArticle."""
    url = article_url(article, language)
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.title,
        "name": article.title,
        "author": [_person(authorship) for authorship in authors(article)],
        "datePublished": timezone.localtime(article.published_on(language)).isoformat(),
        "dateModified": timezone.localtime(article.updated_at).isoformat(),
        "inLanguage": language,
        "isPartOf": _is_part_of(article),
        "publisher": {"@type": "Organization", "name": settings.PUBLISHER_NAME},
        "license": article.licence_url or article.licence_label,
        "keywords": keywords(article),
        "encoding": {
            "@type": "MediaObject",
            "contentUrl": article_pdf_url(article, language),
            "encodingFormat": "application/pdf",
        },
    }
    if article.subtitle:
        data["alternativeHeadline"] = article.subtitle
    if article.summary:
        data["abstract"] = article.summary
        data["description"] = article.summary
    if article.doi:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "DOI",
            "value": article.doi,
            "url": doi_url(article.doi),
        }
        data["sameAs"] = doi_url(article.doi)
    translators = article.translators_in(language)
    if translators:
        data["translator"] = [_person(authorship) for authorship in translators]
    original = article.original_language
    others = [code for code in article.published_languages() if code != language]
    if language != original and original in others:
        data["translationOfWork"] = _version(article, original)
    elif language == original and others:
        data["workTranslation"] = [_version(article, code) for code in others]
    first = first_published(article)
    if first is not None and language != original:
        data["dateCreated"] = timezone.localtime(first).isoformat()
    image = _image(article)
    if image is not None:
        data["image"] = image
    style = cast("Volume", article.volume).series.citation_style
    citations = [plain_reference(entry, style, language) for entry in printed_references(article)]
    if citations:
        data["citation"] = citations
    return data


def json_ld_script(data: dict) -> SafeString:
    payload = json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_SAFE)
    # `payload` cannot close the element: <, > and & are escaped above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
