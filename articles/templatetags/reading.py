"""Template helpers for the reading site: languages, absolute links and citations."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info, override
from modeltranslation.utils import build_localized_fieldname

from articles.bibliography.citing import printed_references as printed
from articles.citations import render_reference
from articles.discovery.sitemaps import x_default_language
from colophon.lib.sanitise import short_html_to_text
from colophon.lib.urls import absolute_url

register = template.Library()


def _languages(context) -> list[str]:
    # Views set `available_languages` when a page exists in only some languages.
    available = context.get("available_languages")
    return [code for code, _name in settings.LANGUAGES if available is None or code in available]


def _url_in(request, code: str, home: bool) -> str:
    if request is None or home:
        with override(code):
            return reverse("articles:home")
    return translate_url(request.path, code)


@register.simple_tag(takes_context=True)
def language_links(context, home: bool = False) -> list[dict]:
    """This page in each language it exists in; `home` links to each home page instead."""
    request = context.get("request")
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": _url_in(request, code, home),
            "current": code == current,
        }
        for code in _languages(context)
    ]


@register.simple_tag(takes_context=True)
def alternate_links(context) -> list[dict]:
    """hreflang alternates (absolute URLs) for every version of this page, plus x-default."""
    request = context.get("request")
    languages = _languages(context)
    if request is None or not languages:
        return []
    links = [
        {"hreflang": code, "href": absolute_url(translate_url(request.path, code))}
        for code in languages
    ]
    default = x_default_language(languages, context.get("original_language"))
    links.append(
        {"hreflang": "x-default", "href": absolute_url(translate_url(request.path, default))}
    )
    return links


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's absolute URL; only the page number survives from the query string."""
    request = context["request"]
    url = absolute_url(request.path)
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        url += f"?page={page.number}"
    return url


@register.filter
def in_language(obj, field: str) -> str:
    """A translated field in the active language only, never a fallback (bios are prose)."""
    return getattr(obj, build_localized_fieldname(field, get_language()), "") or ""


@register.filter
def translators_here(article) -> list:
    """The translators the version in the active language credits (Article.translators_in)."""
    return article.translators_in(get_language())


@register.filter
def short_html(value: str | None) -> SafeString:
    """A bio or description (short rich text) as markup, in its own paragraphs.

    Trusted as stored, like a body: every save sanitises it (clean_short_fields), and
    the migration that made these fields rich text sanitised the rows before it.
    """
    return mark_safe(value or "")  # noqa: S308 - sanitised on every save


@register.filter
def short_text(value: str | None) -> str:
    """A bio or description as one line of plain text (meta descriptions, lists)."""
    return short_html_to_text(value or "")


@register.simple_tag
def reference(entry, style: str) -> SafeString:
    return render_reference(entry, style, get_language())


@register.simple_tag
def printed_references(article) -> list:
    """The entries the piece's bibliography lists: all, or the cited ones and further
    reading, as its series says (Series.bibliography)."""
    return printed(article)
