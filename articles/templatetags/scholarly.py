"""Template tags for what an article page tells machines and citing readers."""

from django import template
from django.utils.translation import get_language

from articles.discovery import citation_export, jsonld, metadata

register = template.Library()


@register.inclusion_tag("articles/includes/scholarly_head.html")
def scholarly_head(article) -> dict:
    language = get_language()
    return {
        "names": [
            *metadata.scholar_tags(article, language),
            *metadata.dublin_core_tags(article, language),
            *metadata.twitter_tags(article),
        ],
        "properties": metadata.open_graph_tags(article, language),
        "json_ld": jsonld.json_ld_script(jsonld.scholarly_article(article, language)),
    }


@register.inclusion_tag("articles/includes/cite_this.html")
def cite_this(article) -> dict:
    return {
        "article": article,
        "citations": citation_export.formatted_citations(article, get_language()),
        "formats": citation_export.EXPORTS,
    }
